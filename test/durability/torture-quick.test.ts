// The short torture run (`npm run torture -- --quick`): about 20 SIGKILLs of a deliverer
// that is making reports, sending them and committing what the faulty simulator answered.
// Nothing may be lost, accepted twice, or overtake an earlier report of its usage place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTorture, formatTorture } from '../../bench/torture.ts';
import { runSeed } from '../../bench/torture-schedule.ts';

test('torture, quick: 20 SIGKILLs under drops, 503s, lost answers and expiring tokens lose nothing, repeat nothing, reorder nothing', { timeout: 120_000 }, async (t) => {
  const seed = runSeed(undefined);
  const result = await runTorture({ kills: 20, seed, log: (line) => t.diagnostic(line) });
  for (const line of formatTorture(result).split('\n')) t.diagnostic(line);
  t.diagnostic(`replay this schedule with SEED=${seed}`);
  assert.equal(result.lost, 0, 'lost');
  assert.equal(result.duplicates_accepted, 0, 'duplicates_accepted');
  assert.equal(result.out_of_order, 0, 'out_of_order');
  assert.equal(result.not_delivered, 0, 'every report in the database was delivered');
  assert.equal(result.printed_not_in_db, 0, 'every report a child was told is queued is in the database');
  assert.deepEqual(result.crashes, [], 'no life ended before it was killed');
  assert.equal(result.final_drain, 'done');
  assert.equal(result.integrity_check, 'ok');
  // Some reports in every few lives: a loaded machine makes fewer (50 seen), never none.
  assert.ok(result.reports_printed > 20, `reports were made (${result.reports_printed})`);
  assert.ok(result.requests_faulted > 0, 'faults really happened');
  assert.ok(result.lease_takeover_ms_max !== null && result.lease_takeover_ms_max < 5000, `a restart takes the lease at once (max ${result.lease_takeover_ms_max} ms)`);
  assert.ok(result.ok);
});
