import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeReportsCsv } from '../../electron/core/csv-export.ts';
import { FAST_BACKOFF, harness, until } from '../helpers/harness.ts';

// The export runs on the thread that delivers reports and renews the delivery lease (in
// the app, Electron's main process). A year of history is an export of a million rows:
// the lease must keep being renewed (or another process would take delivery over), and a
// report queued meanwhile must go out, while the export is still writing.
//
// `npm run test:heavy`, after the unit suites and alone: half a minute of one core, which
// beside them starved the timing-sensitive torture run (it made 80 reports where it needs 100).

const ROWS = 1_000_000;
/**
 * A fifth of the real lease (15 s), so the export outlasts several of them. The holder
 * renews it every third of it, so it survives the event loop being held for up to two
 * thirds of it: that is the most the export may hold the loop at once.
 */
const LEASE_TTL_MS = 3000;
const LONGEST_HOLD_MS = (LEASE_TTL_MS * 2) / 3;

test(`delivery and the lease keep running during a ${ROWS.toLocaleString('en')}-row export`, { timeout: 180_000 }, async (t) => {
  const h = await harness({ core: { lease: { ttlMs: LEASE_TTL_MS } } });
  try {
    const { db, store } = h.core;
    const target = h.core.settings.currentTarget();
    // A year of sent reports, written straight into the table (making them one by one would
    // take the test's whole budget); each is a full event the export parses.
    const inserting = performance.now();
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO reports (id, state, base_url, cid, usageplacecode, status, payload, lane_pos, created_at, updated_at, sent_at, attempts)
       SELECT 'history-' || i, 'sent', ?, ?, 'H-' || i, 'connected',
         json_object('id', 'history-' || i, 'usageplacecode', 'H-' || i, 'time', '2024-01-04 10:41:40', 'status', 'connected',
           'description', 'Meter room käytävässä; =HYPERLINK("x")'),
         i, 0, 0, 0, 1 FROM n`,
    ).run(ROWS, target.baseUrl, target.cid);
    t.diagnostic(`${ROWS} rows of history written in ${Math.round(performance.now() - inserting)} ms`);

    const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
    await until(() => worker.holdsLease, 'this process holds the lease');
    const leaseExpiry = () => (db.prepare("SELECT expires_at FROM lease WHERE name = 'delivery'").get() as { expires_at: number }).expires_at;
    const delivered = new Map<string, number>();
    worker.on('delivered', (id) => delivered.set(id, performance.now()));

    // What the event loop got to do while the export ran: a tick every 20 ms when it is free.
    const samples: { at: number; wall: number; expiresAt: number }[] = [];
    const sampler = setInterval(() => samples.push({ at: performance.now(), wall: Date.now(), expiresAt: leaseExpiry() }), 20);
    let bytes = 0;
    const started = performance.now();
    // A sink that never waits: the worst case, where only the writer's own yielding lets anything else run.
    const exporting = writeReportsCsv(store, {}, async (chunk) => {
      bytes += chunk.length;
    });
    const { entry } = h.core.reports.create({ status: 'disconnected', usageplacecode: 'DURING-EXPORT' });
    const { count } = await exporting;
    const finished = performance.now();
    clearInterval(sampler);

    assert.equal(count, ROWS, 'the report queued meanwhile is not in the export');
    assert.ok(bytes > ROWS * 100);
    const deliveredAt = delivered.get(entry.id);
    assert.ok(deliveredAt !== undefined && deliveredAt < finished,
      `the report queued during the ${Math.round(finished - started)} ms export was delivered before it ended`);
    assert.ok(h.sim.record().accepted.some((a) => a.event.id === entry.id));

    const renewals = new Set(samples.map((s) => s.expiresAt)).size - 1;
    const gaps = samples.slice(1).map((s, i) => s.at - samples[i]!.at);
    const longest = Math.max(finished - (samples.at(-1)?.at ?? started), samples[0] ? samples[0].at - started : Infinity, ...gaps);
    t.diagnostic(`export ${Math.round(finished - started)} ms, ${Math.round(bytes / 1e6)} MB; delivered after ${Math.round(deliveredAt! - started)} ms; ` +
      `lease renewed ${renewals} times; longest event-loop gap ${Math.round(longest)} ms`);
    const expectedRenewals = Math.floor((finished - started) / (LEASE_TTL_MS / 3)) / 3;
    assert.ok(renewals >= Math.max(2, expectedRenewals), `the lease was renewed ${renewals} times in ${Math.round(finished - started)} ms`);
    assert.ok(samples.every((s) => s.expiresAt > s.wall), 'the lease never ran out');
    assert.ok(worker.holdsLease);
    assert.ok(longest < LONGEST_HOLD_MS, `the event loop was never held for as long as the lease allows (longest gap ${Math.round(longest)} ms)`);
  } finally {
    await h.close();
  }
});
