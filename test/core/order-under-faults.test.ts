// Per-usage-place order and exactly-once acceptance while Ropo One misbehaves in every way
// the simulator knows at once: dropped requests, answers lost after acceptance, 503s and
// tokens revoked mid-run, with four lanes in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, FAST_BACKOFF } from '../helpers/harness.ts';
import { Core } from '../../electron/core/open-core.ts';
import { seededRandom } from '../../electron/sandbox/seeded-random.ts';

const STATUSES = ['disconnected', 'connected', 'notdisconnected'] as const;

test('200 reports over 20 usage places under drops, lost answers, 503s and a token expiry: each accepted once, in order per usage place', async (t) => {
  const seed = Number(process.env.ORDER_SEED ?? Date.now() % 1_000_000);
  t.diagnostic(`simulator fault seed ${seed} (rerun with ORDER_SEED=${seed})`);
  const h = await harness({ sim: { random: seededRandom(seed) } });
  t.after(() => h.close());
  h.sim.reset(); // the record starts here; the sign-in token stays valid
  h.sim.setFaults({ dropRate: 0.2, dropAfterAcceptRate: 0.1, status: 503, statusRate: 0.2 });

  const created: { id: string; usageplacecode: string }[] = [];
  const make = (i: number) => {
    const usageplacecode = `UP-${String(i % 20).padStart(2, '0')}`;
    const status = STATUSES[Math.floor(i / 20) % 3]!;
    const draft = status === 'notdisconnected' ? { status, usageplacecode, description: `Gate locked (${i})` } : { status, usageplacecode };
    created.push({ id: h.core.reports.create(draft).entry.id, usageplacecode });
  };

  // Half queued before delivery starts, half while it runs (interleaved with sending).
  for (let i = 0; i < 100; i++) make(i);
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF, concurrency: 4 });
  let maxInFlight = 0;
  const sampler = setInterval(() => (maxInFlight = Math.max(maxInFlight, worker.inFlight)), 2);
  t.after(() => clearInterval(sampler));
  for (let i = 100; i < 200; i++) {
    make(i);
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    if (i === 150) h.sim.expireTokens(); // mid-run: every token issued so far stops working
  }
  await until(() => h.core.store.counts().sent >= 60, '60 sent', 20_000);
  h.sim.expireTokens(); // and once more while lanes are busy
  await until(() => h.core.store.counts().sent === 200, 'all 200 sent', 20_000);
  clearInterval(sampler);

  const counts = h.core.store.counts();
  assert.deepEqual(
    { sent: counts.sent, queued: counts.queued, sending: counts.sending, failed: counts.failed, held: counts.held },
    { sent: 200, queued: 0, sending: 0, failed: 0, held: 0 },
  );
  assert.deepEqual(h.core.holds.signInPauses(), [], 'a revoked token never paused delivery');

  const record = h.sim.record();
  const acceptedIds = record.accepted.map((a) => a.event.id);
  assert.equal(new Set(acceptedIds).size, acceptedIds.length, 'no id accepted twice');
  assert.deepEqual([...acceptedIds].sort(), created.map((c) => c.id).sort(), 'every report accepted, nothing else');
  for (const dup of Object.keys(record.duplicatesById)) assert.ok(acceptedIds.includes(dup), 'repeats are resends of our ids');

  // Per usage place, Ropo One saw the reports in the order they were made.
  const lanes = new Set(created.map((c) => c.usageplacecode));
  assert.equal(lanes.size, 20);
  for (const lane of lanes) {
    const made = created.filter((c) => c.usageplacecode === lane).map((c) => c.id);
    const seen = record.accepted.filter((a) => a.event.usageplacecode === lane).map((a) => a.event.id);
    assert.deepEqual(seen, made, `order of ${lane}`);
  }

  // The faults really happened, so the test proves something.
  const events = record.requests.filter((r) => r.path === '/rest/usageplace/event');
  assert.ok(events.some((r) => r.status === 0), 'requests were dropped');
  assert.ok(events.some((r) => r.status === 503), '503s were answered');
  assert.ok(events.some((r) => r.status === 401), 'revoked tokens were refused');
  assert.ok(record.duplicates > 0, 'answers lost after acceptance caused resends');
  assert.ok(record.tokensIssued >= 2, 'new tokens were fetched after the expiries');
  assert.ok(maxInFlight > 1 && maxInFlight <= 4, `lanes ran in parallel, at most 4 (saw ${maxInFlight})`);
  // Every resend carried the same id: the simulator got no event id of its own making.
  const sentAttempts = created.map((c) => h.core.store.get(c.id)!.attempts);
  assert.ok(sentAttempts.some((n) => n > 1), 'some reports needed several tries');
});

test('recoverSending: a report left `sending` by a process that died goes back to the queue and is sent with the same id', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const first = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-CRASH' }).entry;
  const behind = h.core.reports.create({ status: 'connected', usageplacecode: 'UP-CRASH' }).entry;

  // What a deliverer does before it dies: claim the report and send it; Ropo One accepts it,
  // but the process is gone before it can write "sent".
  const [claimed] = h.core.store.claimDue({ now: Date.now(), limit: 1, skipTargets: [], claim: 1 });
  assert.equal(claimed?.id, first.id);
  assert.equal(h.core.store.get(first.id)?.state, 'sending');
  const token = await h.core.credentials.token(first.target);
  assert.equal(token.kind, 'token');
  const outcome = await h.core.client.postEvent(first.target.baseUrl, token.kind === 'token' ? token.token : '', claimed!.body);
  assert.equal(outcome.kind, 'sent');
  assert.equal(h.core.store.get(first.id)?.state, 'sending', 'the crash happened before its outcome was written');
  assert.deepEqual(h.core.store.claimDue({ now: Date.now(), limit: 10, skipTargets: [], claim: 1 }), [], 'nothing overtakes a sending report');

  // The next start (another Core on the same data directory, as after a restart).
  const restarted = new Core({ dataDir: h.dataDir, keychainService: h.keychainService, requestTimeoutMs: 3000 });
  t.after(() => restarted.close());
  restarted.startDelivery({ backoff: FAST_BACKOFF });
  await until(() => restarted.store.counts().sent === 2, 'both sent after the restart');

  const recovered = restarted.store.attempts(first.id).map((a) => a.outcome);
  assert.deepEqual(recovered, ['created', 'recovered', 'sent']);
  const record = h.sim.record();
  assert.deepEqual(record.accepted.map((a) => a.event.id), [first.id, behind.id], 'accepted once each, in order');
  assert.equal(record.duplicatesById[first.id], 1, 'the resend carried the same id and was seen as a repeat');
  assert.equal(restarted.store.counts().sending, 0);
});
