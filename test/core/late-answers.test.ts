// Answers that come back after their deliverer lost the lease (a stall, sleep, a clock jump)
// change only a row their own claim still holds; otherwise they go into the attempt history
// alone. The clock and the lease are injected: the lease "runs out" by moving the clock,
// never by sleeping through it. Requests are real HTTP to the simulator; only the moment
// the first deliverer hears its answer is held back, as a stalled process would.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, FAST_BACKOFF, type Harness } from '../helpers/harness.ts';
import { DeliveryWorker } from '../../electron/core/delivery-worker.ts';
import { DeliveryLease } from '../../electron/core/delivery-lease.ts';
import { RopoClient } from '../../electron/core/ropo-client.ts';

const TTL_MS = 15_000;

/** Every gate of a test, opened before its deliverers stop (stop() waits for requests under way). */
const gates = new Set<() => void>();

/**
 * Real fetch whose event answers wait (the request has reached the simulator) until released;
 * after `openForGood` they no longer wait.
 */
function heldAnswers(): { fetch: typeof fetch; waiting: () => number; release: () => void; openForGood: () => void } {
  const held: (() => void)[] = [];
  let open = false;
  const release = (): void => held.splice(0).forEach((r) => r());
  gates.add(release);
  const gated: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!open && String(input).endsWith('/usageplace/event')) await new Promise<void>((resolve) => held.push(resolve));
    return res;
  };
  return {
    fetch: gated,
    waiting: () => held.length,
    release,
    openForGood: () => {
      open = true;
      release();
    },
  };
}

interface Deliverer {
  worker: DeliveryWorker;
  lease: DeliveryLease;
  delivered: string[];
  failed: string[];
}

const workers = new Map<Harness, DeliveryWorker[]>();

/** The harness, closed after its deliverers have stopped. */
async function openHarness(t: TestContext): Promise<Harness> {
  const h = await harness();
  workers.set(h, []);
  t.after(async () => {
    for (const open of gates) open();
    for (const w of workers.get(h)!) await w.stop();
    await h.close();
  });
  return h;
}

/** A deliverer on the harness's database with the test's clock and lease (as another process would be). */
function deliverer(h: Harness, clock: () => number, fetchImpl: typeof fetch = fetch, concurrency = 4): Deliverer {
  const lease = new DeliveryLease(h.core.db, { ttlMs: TTL_MS, now: clock });
  const worker = new DeliveryWorker({
    store: h.core.store,
    holds: h.core.holds,
    credentials: h.core.credentials,
    client: new RopoClient({ timeoutMs: 60_000, fetch: fetchImpl }),
    lease,
    serverClock: h.core.serverClock,
    now: clock,
    backoff: FAST_BACKOFF,
    concurrency,
  });
  const d: Deliverer = { worker, lease, delivered: [], failed: [] };
  worker.on('delivered', (id) => d.delivered.push(id));
  worker.on('failed', (e) => d.failed.push(e.id));
  workers.get(h)!.push(worker);
  return d;
}

/** Resolves when the worker has written (or recorded) something about report `id`. */
function toldAbout(worker: DeliveryWorker, id: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (ids: string[]): void => {
      if (!ids.includes(id)) return;
      worker.off('changed', listener);
      resolve();
    };
    worker.on('changed', listener);
  });
}

async function setUp(t: TestContext): Promise<{ h: Harness; clock: { now: number }; a: Deliverer; held: ReturnType<typeof heldAnswers>; id: string }> {
  const h = await openHarness(t);
  const clock = { now: Date.now() + 60_000 }; // reports made now (by the real clock) are due
  const held = heldAnswers();
  const a = deliverer(h, () => clock.now, held.fetch);
  const id = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-LATE' }).entry.id;
  a.worker.start();
  await until(() => held.waiting() === 1, 'the first deliverer\'s request reached Ropo One; its answer is on its way');
  assert.equal(h.core.store.get(id)?.state, 'sending');
  return { h, clock, a, held, id };
}

const outcomes = (h: Harness, id: string): string[] => h.core.store.attempts(id).map((x) => x.outcome);

test('recovered and resent by the new holder: the old holder\'s late answer leaves the new claim alone', async (t) => {
  const { h, clock, a, held, id } = await setUp(t);
  // The first deliverer stalls past its lease; another takes over (in the same synchronous
  // step, so the first cannot renew in between), recovers the report and sends it again.
  const heldByB = heldAnswers();
  const b = deliverer(h, () => clock.now, heldByB.fetch);
  clock.now += TTL_MS + 1;
  b.worker.start();
  assert.equal(b.worker.holdsLease, true, 'the lease ran out: the second deliverer has it');
  await until(() => heldByB.waiting() === 1, 'the new holder resent the report');
  assert.deepEqual(outcomes(h, id), ['created', 'recovered']);

  const told = toldAbout(a.worker, id);
  held.release(); // the old holder hears "200 accepted" at last
  await told;
  const row = h.core.store.get(id)!;
  assert.equal(row.state, 'sending', 'still the new holder\'s claim: not marked sent under it');
  assert.equal(row.attempts, 0);
  assert.deepEqual(outcomes(h, id), ['created', 'recovered', 'late_answer']);
  const late = h.core.store.attempts(id).at(-1)!;
  assert.deepEqual({ from: late.fromState, to: late.toState, http: late.httpStatus }, { from: 'sending', to: 'sending', http: 200 });
  assert.deepEqual(a.delivered, [], 'the old holder tells nobody it delivered');
  assert.equal(a.worker.holdsLease, false);

  heldByB.release();
  await until(() => h.core.store.get(id)?.state === 'sent', 'the new holder\'s own answer is written');
  assert.deepEqual(outcomes(h, id), ['created', 'recovered', 'late_answer', 'sent']);
  await until(() => b.delivered.includes(id), 'told by the new holder');
  assert.equal(h.core.store.get(id)?.attempts, 1);
});

test('discarded by the clerk after a takeover: a late "accepted" does not bring the report back as sent', async (t) => {
  const { h, clock, a, held, id } = await setUp(t);
  // The new holder takes the lease and recovers the report (as any deliverer does when it
  // takes over); the clerk then gives up on it.
  clock.now += TTL_MS + 1;
  const takeover = new DeliveryLease(h.core.db, { ttlMs: TTL_MS, now: () => clock.now });
  assert.deepEqual(takeover.acquire(), { held: true, fresh: true });
  assert.equal(h.core.store.recoverSending(clock.now), 1);
  h.core.reports.discard(id, 'app');

  const told = toldAbout(a.worker, id);
  held.release();
  await told;
  const row = h.core.store.get(id)!;
  assert.equal(row.state, 'discarded', 'still discarded');
  assert.equal(row.sentAt, null);
  assert.deepEqual(outcomes(h, id), ['created', 'recovered', 'discarded', 'late_answer']);
  const late = h.core.store.attempts(id).at(-1)!;
  assert.deepEqual({ from: late.fromState, to: late.toState, http: late.httpStatus }, { from: 'discarded', to: 'discarded', http: 200 });
  assert.deepEqual(a.delivered, []);
  takeover.release();
});

test('already sent by the new holder: a late refusal (400) does not mark a delivered report failed', async (t) => {
  const h = await openHarness(t);
  const clock = { now: Date.now() + 60_000 }; // reports made now (by the real clock) are due
  const held = heldAnswers();
  const a = deliverer(h, () => clock.now, held.fetch);
  h.sim.setFaults({ status: 400, statusCount: 1 }); // the first deliverer's request is refused
  const id = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-LATE' }).entry.id;
  const behind = h.core.reports.create({ status: 'connected', usageplacecode: 'UP-LATE' }).entry.id;
  a.worker.start();
  await until(() => held.waiting() === 1, 'the first deliverer\'s request was answered 400; the answer is on its way');

  const b = deliverer(h, () => clock.now);
  clock.now += TTL_MS + 1;
  b.worker.start();
  await until(() => h.core.store.get(behind)?.state === 'sent', 'the new holder sent the report and the one behind it');

  const told = toldAbout(a.worker, id);
  held.release();
  await told;
  const row = h.core.store.get(id)!;
  assert.equal(row.state, 'sent', 'still sent');
  assert.equal(row.lastError, null);
  assert.deepEqual(outcomes(h, id), ['created', 'recovered', 'sent', 'late_answer']);
  const late = h.core.store.attempts(id).at(-1)!;
  assert.deepEqual(
    { from: late.fromState, to: late.toState, http: late.httpStatus, code: late.errorCode },
    { from: 'sent', to: 'sent', http: 400, code: 'rejected' },
  );
  assert.equal(h.core.store.get(behind)?.state, 'sent', 'the report behind it is not held');
  assert.deepEqual(a.failed, [], 'nobody is told it failed');
  assert.equal(h.core.status().counts.failed, 0);
});

test('claimed but not yet sent when the lease was lost and then taken back: sent once, under the new tenure', async (t) => {
  const h = await openHarness(t);
  const clock = { now: Date.now() + 60_000 };
  const held = heldAnswers();
  const a = deliverer(h, () => clock.now, held.fetch, 1); // one request at a time: a second claim waits ready
  const first = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-TENURE-1' }).entry.id;
  const second = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-TENURE-2' }).entry.id;
  a.worker.start();
  await until(() => held.waiting() === 1, 'the first report\'s answer is on its way');
  assert.equal(h.core.store.get(second)?.state, 'sending', 'the second is claimed, waiting for the slot');

  // Meanwhile another process takes the lease, recovers both, and stops (gives the lease back).
  clock.now += TTL_MS + 1;
  const other = new DeliveryLease(h.core.db, { ttlMs: TTL_MS, now: () => clock.now });
  assert.deepEqual(other.acquire(), { held: true, fresh: true });
  assert.equal(h.core.store.recoverSending(clock.now), 2);
  other.release();

  // The first deliverer looks again: a fresh tenure of its own.
  a.worker.kick();
  await until(() => h.core.store.get(first)?.state === 'sending', 'the first report claimed again, under the new tenure');
  h.sim.reset(); // count what is sent from here on
  held.openForGood();
  await until(() => h.core.store.counts().sent === 2, 'both sent');
  const record = h.sim.record();
  assert.equal(record.requests.filter((r) => r.path === '/rest/usageplace/event').length, 2, 'one request each after the takeover');
  assert.ok(!outcomes(h, second).includes('late_answer'), 'the second was not sent under the old tenure\'s claim');
  assert.deepEqual(outcomes(h, second), ['created', 'recovered', 'sent']);
  assert.deepEqual(outcomes(h, first), ['created', 'recovered', 'late_answer', 'sent']);
});
