// When something fails under the delivery loop while a circuit is open, or the lease is lost
// without the deliverer knowing: nothing may be left claimed, half-open or held for good, and
// nobody else's circuits overwritten. Real SQLite, real HTTP to the simulator; the database
// failures are injected around the real circuit board (the disk filling up cannot be had on
// demand), the lease moved by the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, FAST_BACKOFF, type Harness } from '../helpers/harness.ts';
import { DeliveryWorker } from '../../electron/core/delivery-worker.ts';
import { DeliveryLease, leaseHolder } from '../../electron/core/delivery-lease.ts';
import { CircuitBoard } from '../../electron/core/circuit-board.ts';
import { RopoClient } from '../../electron/core/ropo-client.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';

/** Where the disk fails, as a board write would when it is full (SQLITE_FULL). */
interface Faults {
  publish?: (views: CircuitView[]) => boolean;
  withdraw?: () => boolean;
}

/** The real board, with faults of the disk injected. */
class FaultyBoard extends CircuitBoard {
  readonly #fault: Faults;
  constructor(h: Harness, fault: Faults) {
    super(h.core.meta, h.core.db);
    this.#fault = fault;
  }
  override publish(owner: string, views: CircuitView[]): void {
    if (this.#fault.publish?.(views)) throw new Error('database or disk is full');
    super.publish(owner, views);
  }
  override withdraw(owner: string): void {
    if (this.#fault.withdraw?.()) throw new Error('database or disk is full');
    super.withdraw(owner);
  }
}

test('a turn fails after claiming the probe (the board\'s write fails): the circuit probes again, and everything goes once Ropo One is back', async (t) => {
  const h = await harness();
  h.sim.setFaults({ offline: true });
  for (let i = 0; i < 6; i++) h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-HALF-${i}` });
  const real = new CircuitBoard(h.core.meta, h.core.db);
  let armed = false;
  let threw = 0;
  const board = new FaultyBoard(h, {
    publish: (views) => {
      if (!armed || !views.some((v) => v.state === 'half_open')) return false;
      armed = false;
      threw += 1;
      return true;
    },
  });
  const worker = new DeliveryWorker({
    store: h.core.store, holds: h.core.holds, credentials: h.core.credentials, client: h.core.client, serverClock: h.core.serverClock,
    lease: new DeliveryLease(h.core.db), board, backoff: FAST_BACKOFF, circuit: { probeEveryMs: 200 },
  });
  const stalls: string[] = [];
  worker.on('stalled', (m) => stalls.push(m));
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  t.after(async () => {
    await worker.stop();
    await h.close();
  });
  worker.start();
  await until(() => opened === 1, 'the circuit opens');
  armed = true;
  await until(() => threw === 1, 'the turn that claimed a probe failed');
  assert.deepEqual(stalls, ['database or disk is full']);
  assert.equal(h.core.store.counts().sending, 0, 'the claim was rolled back with it');
  h.sim.setFaults({ offline: false });
  await until(() => h.core.store.counts().sent === 6, 'all sent: the circuit probed again after the failed turn', 4000);
  assert.deepEqual(real.read(Date.now()), []);
});

test('stop(): the lease is given back even when withdrawing the circuits from the board fails', async (t) => {
  const h = await harness();
  h.sim.setFaults({ offline: true });
  for (let i = 0; i < 6; i++) h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-STOP-${i}` });
  const lease = new DeliveryLease(h.core.db);
  const worker = new DeliveryWorker({
    store: h.core.store, holds: h.core.holds, credentials: h.core.credentials, client: h.core.client, serverClock: h.core.serverClock,
    lease, board: new FaultyBoard(h, { withdraw: () => true }), backoff: FAST_BACKOFF,
  });
  t.after(() => h.close());
  const stalls: string[] = [];
  worker.on('stalled', (m) => stalls.push(m));
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  worker.start();
  await until(() => opened === 1, 'the circuit opens');
  await worker.stop();
  assert.ok(stalls.includes('database or disk is full'), 'the failure is told');
  assert.equal(leaseHolder(h.core.db, Date.now()), null, 'nobody holds the lease: another process may deliver at once');
  assert.equal(worker.holdsLease, false);
  const next = new DeliveryLease(h.core.db);
  assert.deepEqual(next.acquire(), { held: true, fresh: true });
  next.release();
});

test('a deliverer that lost its lease without knowing stops without touching the new deliverer\'s circuits', async (t) => {
  const h = await harness();
  h.sim.setFaults({ offline: true });
  for (let i = 0; i < 6; i++) h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-NEWER-${i}` });
  let now = Date.now();
  const clock = (): number => now;
  const ttlMs = 15_000;
  const board = new CircuitBoard(h.core.meta, h.core.db);
  const worker = new DeliveryWorker({
    store: h.core.store, holds: h.core.holds, credentials: h.core.credentials, client: h.core.client, serverClock: h.core.serverClock,
    lease: new DeliveryLease(h.core.db, { ttlMs, now: clock }), board, now: clock, backoff: FAST_BACKOFF, circuit: { probeEveryMs: 60_000 },
  });
  t.after(() => h.close());
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  worker.start();
  await until(() => opened === 1, 'the circuit opens');
  const mine = board.read(now);
  assert.equal(mine.length, 1);

  // It stalls past its lease; another process takes over and shows its own circuit.
  now += ttlMs + 1000;
  const newer = new DeliveryLease(h.core.db, { ttlMs, now: clock });
  assert.equal(newer.acquire().held, true);
  const theirs: CircuitView[] = [{ ...mine[0]!, since: now, lastCheckAt: now }];
  board.publish(newer.owner, theirs);
  assert.equal(worker.holdsLease, true, 'the stalled deliverer has not looked at its lease since');
  await worker.stop();
  assert.deepEqual(board.read(now), theirs, 'the new deliverer\'s circuit is still shown');
  assert.equal(leaseHolder(h.core.db, now), newer.owner, 'and its lease is its own');
  newer.release();
});

test('claims made after a silent loss of the lease go back to the queue once the deliverer finds out (the new holder had recovered before they were made)', async (t) => {
  const h = await harness();
  const held: (() => void)[] = [];
  let open = false;
  // Real fetch; the event answers wait (the request reached the simulator) until the test lets them through.
  const gated: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!open && String(input).endsWith('/usageplace/event')) await new Promise<void>((resolve) => held.push(resolve));
    return res;
  };
  const ttlMs = 15_000;
  const clock = { now: Date.now() + 60_000 }; // reports made now (by the real clock) are due
  const worker = new DeliveryWorker({
    store: h.core.store, holds: h.core.holds, credentials: h.core.credentials, client: new RopoClient({ timeoutMs: 60_000, fetch: gated }),
    serverClock: h.core.serverClock, lease: new DeliveryLease(h.core.db, { ttlMs, now: () => clock.now }), now: () => clock.now,
    backoff: FAST_BACKOFF, concurrency: 1,
  });
  t.after(async () => {
    open = true;
    held.splice(0).forEach((r) => r());
    await worker.stop();
    await h.close();
  });
  const first = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-FENCE-1' }).entry.id;
  worker.start();
  await until(() => held.length === 1, 'the first report\'s answer is on its way');

  // Another process takes the lease (by its own clock this one's ran out) and recovers what
  // was `sending`. This deliverer has not looked at its lease since (its clock stood still).
  const other = new DeliveryLease(h.core.db, { ttlMs, now: () => clock.now + ttlMs + 1 });
  assert.equal(other.acquire().held, true);
  assert.equal(h.core.store.recoverSending(clock.now), 1);
  assert.equal(h.core.store.get(first)?.state, 'queued');

  // It claims a report made now, which waits for the slot its first request holds.
  const second = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-FENCE-2' }).entry.id;
  await until(() => h.core.store.get(second)?.state === 'sending', 'claimed under the lost lease');
  clock.now += ttlMs; // its next look at the lease
  worker.kick();
  await until(() => !worker.holdsLease, 'it finds out');
  await until(() => h.core.store.get(second)?.state === 'queued', 'its unsent claim went back to the queue, for the holder to send', 3000);
  assert.equal(h.core.store.attempts(second).length, 1, 'nothing happened to it but being claimed and given back');
  other.release();
});
