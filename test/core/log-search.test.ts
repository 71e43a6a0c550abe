// The log's search box and state filter find the same reports whichever way the store looks
// for them (log-query-sql.ts): through the trigram index for a search with few matches, by
// reading every report's text for one that matches many or is shorter than 3 characters.
// Checked against the same filter written plainly in JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Core } from '../../electron/core/open-core.ts';
import { FEW_MATCHES } from '../../electron/core/log-query-sql.ts';
import type { OutboxEntry, ReportState } from '../../shared/outbox.ts';
import { tempDir } from '../helpers/harness.ts';

const REPORTS = 2500;
const PLACES = 50;

test('search and state filter: the same rows and counts as a plain filter, for searches that match few, many or everything', (t) => {
  const tmp = tempDir();
  const core = new Core({ dataDir: join(tmp.dir, 'c') });
  t.after(async () => {
    await core.close();
    tmp.remove();
  });
  core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
  const target = core.settings.currentTarget();
  core.store.enqueue(
    Array.from({ length: REPORTS }, (_, i) => ({
      event: {
        id: `id-${i}`,
        usageplacecode: `6430075720${String(i % PLACES).padStart(8, '0')}`,
        customernumber: `A${100000 + (i % PLACES)}`,
        invoices: [{ invoicenumber: i % 7 === 0 ? `x_${i}%` : String(500000 + i), jobid: 1 }],
        time: '2024-01-04 10:41:40',
        status: 'disconnected' as const,
      },
      target,
    })),
    Date.now(),
  );
  // States as a year of use leaves them: most sent, some failed, the newest queued.
  core.db.exec(`UPDATE reports SET state = CASE WHEN seq % 97 = 0 THEN 'failed' WHEN seq <= ${REPORTS - 300} THEN 'sent' ELSE state END`);

  const all = core.store.list({ limit: 1_000_000 });
  assert.equal(all.length, REPORTS);
  const texts = new Map(all.map((e) => [e.seq, [e.usageplacecode, e.event.customernumber ?? '', ...(e.event.invoices ?? []).map((i) => i.invoicenumber)].join('\n').toLowerCase()]));
  const expected = (search: string, state: ReportState | undefined): OutboxEntry[] =>
    all.filter((e) => (!state || e.state === state) && texts.get(e.seq)!.includes(search.toLowerCase()));

  assert.ok(expected('643', undefined).length >= FEW_MATCHES, 'a search the index finds too many of (read through the texts)');
  assert.ok(expected('643007572000000017', undefined).length < FEW_MATCHES, 'and one it finds few of (through the index)');
  const searches = [
    '643', '6430075720', '6430075720000000', '643007572000000017', '00017', '17',
    'a', 'A1000', 'a100017', '4', '%', 'x_', '_1', '500123', 'nothing-like-this',
  ];
  for (const search of searches) {
    for (const state of [undefined, 'sent', 'queued', 'failed'] as const) {
      const want = expected(search, state);
      const what = `search ${JSON.stringify(search)}${state ? `, state ${state}` : ''}`;
      assert.equal(core.store.count({ search, state }), want.length, `${what}: count`);
      for (const offset of [0, 7, 1200]) {
        const got = core.store.list({ search, state, limit: 25, offset }).map((e) => e.seq);
        assert.deepEqual(got, want.slice(offset, offset + 25).map((e) => e.seq), `${what}, offset ${offset}`);
      }
    }
  }
});
