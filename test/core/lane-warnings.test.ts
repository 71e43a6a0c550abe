// The "repeats or contradicts" warnings a clerk gets when making a report: from the unsent
// reports of the same usage place (OutboxStore.activeInLane reads only their id, status and time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Core } from '../../electron/core/open-core.ts';
import { tempDir } from '../helpers/harness.ts';
import { settleReport } from '../helpers/settle-report.ts';

test('a report that repeats or contradicts an unsent one of its usage place is warned about; sent ones and other places are not', async (t) => {
  const tmp = tempDir();
  const core = new Core({ dataDir: join(tmp.dir, 'c') });
  t.after(async () => {
    await core.close();
    tmp.remove();
  });
  core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
  const make = (status: 'disconnected' | 'connected' | 'notdisconnected', usageplacecode = 'UP-1') =>
    core.reports.create({ status, usageplacecode, time: '2024-01-04 10:41:40', ...(status === 'notdisconnected' ? { description: 'Locked' } : {}) });

  const first = make('disconnected');
  assert.deepEqual(first.warnings, []);
  const again = make('disconnected');
  assert.deepEqual(again.warnings.map((w) => [w.kind, w.otherId]), [['repeats', first.entry.id]]);
  assert.equal(again.warnings[0]!.otherTime, '2024-01-04 10:41:40', 'names the earlier report by its time');
  assert.deepEqual(make('connected').warnings, [], 'connected after disconnected is the normal order');
  assert.deepEqual(make('disconnected', 'UP-2').warnings, [], 'another usage place');
  const opposite = make('notdisconnected');
  assert.deepEqual(opposite.warnings.map((w) => [w.kind, w.otherId]), [['contradicts', first.entry.id], ['contradicts', again.entry.id]]);

  assert.deepEqual(core.reports.warningsFor('notdisconnected', 'UP-1', opposite.entry.id).map((w) => w.kind), ['contradicts', 'contradicts'], 'the report itself left out');
  settleReport(core.store, first.entry.id, Date.now(), { kind: 'sent', httpStatus: 200 });
  assert.deepEqual(core.reports.warningsFor('disconnected', 'UP-1').map((w) => w.otherId), [again.entry.id, opposite.entry.id], 'a sent report is not warned about');
});
