// When something fails under the delivery loop while a circuit is open: nothing may be left
// claimed, half-open or held for good. Real SQLite, real HTTP to the simulator; the database
// failures are injected around the real circuit board (the disk filling up cannot be had on
// demand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, FAST_BACKOFF, type Harness } from '../helpers/harness.ts';
import { DeliveryWorker } from '../../electron/core/delivery-worker.ts';
import { DeliveryLease } from '../../electron/core/delivery-lease.ts';
import { CircuitBoard } from '../../electron/core/circuit-board.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';

/** Where the disk fails, as a board write would when it is full (SQLITE_FULL). */
interface Faults {
  publish?: (views: CircuitView[]) => boolean;
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
