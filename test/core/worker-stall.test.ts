import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { databaseFile } from '../../electron/core/data-paths.ts';
import { harness, until, FAST_BACKOFF } from '../helpers/harness.ts';

test('the delivery loop outlives a database locked by another process, and delivers once it is free', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const { entry } = h.core.reports.create({ status: 'disconnected', usageplacecode: 'STALL-1' });

  // Another connection (as a long CSV import in the CLI would) holds the write lock past the
  // busy timeout: the worker's first turn fails with "database is locked".
  const other = new DatabaseSync(databaseFile(h.dataDir));
  other.exec('BEGIN IMMEDIATE');
  const stalls: string[] = [];
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
  worker.on('stalled', (message) => {
    stalls.push(message);
    if (other.isTransaction) other.exec('COMMIT');
  });
  await until(() => stalls.length > 0, 'the worker reports a stalled turn', 15_000);
  assert.match(stalls[0]!, /locked|busy/i);
  other.close();

  await until(() => h.core.store.get(entry.id)?.state === 'sent', 'the report sent after the lock is gone', 15_000);
  assert.equal(h.sim.record().accepted.filter((a) => a.event.id === entry.id).length, 1);
});
