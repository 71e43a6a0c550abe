// A "poison" report: Ropo One answers that one report 5xx (no Retry-After) while it takes
// every other. Its own retries must not open the circuit, and an open circuit must not keep
// probing only it: the probe is the lane head due first, and after a failed probe another
// lane's head. Real Core, real HTTP through a stand-in in front of the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, DEMO_APICODE, DEMO_CID, type Harness } from '../helpers/harness.ts';
import { startStandIn, type StandIn } from '../helpers/stand-in.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';
import type { DeliveryWorker } from '../../electron/core/delivery-worker.ts';

const POISON = 'UP-POISON';

/** A harness signed in through a stand-in that answers the poison report 500, and everything 502 while `down`. */
async function poisoned(t: { after: (fn: () => Promise<void>) => void }): Promise<{ h: Harness; standIn: StandIn; ropo: { down: boolean; poisoned: number } }> {
  const h = await harness();
  const ropo = { down: false, poisoned: 0 };
  const standIn = await startStandIn(h.sim.url, (req, body) => {
    if (req.url !== '/rest/usageplace/event') return null;
    if (ropo.down) return { status: 502 };
    if (!body.includes(`"${POISON}"`)) return null;
    ropo.poisoned += 1;
    return { status: 500 };
  });
  t.after(async () => {
    await h.close();
    await standIn.close();
  });
  await h.core.account.setup(parseEndpointName(standIn.url), DEMO_CID, DEMO_APICODE);
  return { h, standIn, ropo };
}

function circuitTurns(worker: DeliveryWorker): { opened: number; closed: number } {
  const turns = { opened: 0, closed: 0 };
  worker.on('circuit', (_t, view) => void (view ? turns.opened++ : turns.closed++));
  return turns;
}

test('an outage, then Ropo One is back but answers the oldest report 500: the next probe asks another lane, and the others all go', async (t) => {
  const { h, ropo } = await poisoned(t);
  ropo.down = true;
  const poison = h.core.reports.create({ status: 'disconnected', usageplacecode: POISON }).entry.id;
  const others = Array.from({ length: 8 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-OK-${i}` }).entry.id);
  // The lanes' own retries wait seconds: only the circuit sends them sooner.
  const worker = h.core.startDelivery({ backoff: { baseMs: 5000, capMs: 60_000 }, random: () => 0.5, circuit: { probeEveryMs: 300 } });
  const turns = circuitTurns(worker);
  await until(() => turns.opened === 1, 'the outage opens the circuit');
  ropo.down = false;
  const back = Date.now();
  await until(() => others.every((id) => h.core.store.get(id)!.state === 'sent'), 'the others sent', 5000);
  t.diagnostic(`the others sent ${Date.now() - back} ms after Ropo One was back; the poison report was asked ${ropo.poisoned} times`);
  assert.ok(turns.closed >= 1, 'an answer that showed Ropo One up closed it');
  assert.ok(ropo.poisoned <= 3, `the poison report was asked ${ropo.poisoned} times, not probe after probe`);
  const p = h.core.store.get(poison)!;
  assert.equal(p.state, 'queued', 'still waiting: its own problem');
  assert.equal(p.lastError?.httpStatus, 500);
  assert.ok(p.nextAttemptAt! > Date.now(), 'on its own backoff');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(turns.opened, 1, 'its own failures did not open the circuit again');
  assert.equal(h.core.status().waitReason, 'server_error', 'the status names its own cause');
});

test('no outage at all, a quiet depot: one report Ropo One answers 500 again and again does not open the circuit, and reports made later go at once', async (t) => {
  const { h, ropo } = await poisoned(t);
  const poison = h.core.reports.create({ status: 'disconnected', usageplacecode: POISON }).entry.id;
  const worker = h.core.startDelivery({ backoff: { baseMs: 100, capMs: 400 }, random: () => 0.5, circuit: { probeEveryMs: 300 } });
  const turns = circuitTurns(worker);
  await until(() => ropo.poisoned >= 7, 'the poison report retried on its own backoff, more often than it takes to open a circuit', 10_000);
  assert.equal(turns.opened, 0, 'one report failing is that report\'s problem');
  assert.deepEqual(h.core.status().circuits, []);
  assert.equal(h.core.status().waitReason, 'server_error');

  const made = Date.now();
  const others = Array.from({ length: 8 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-OK-${i}` }).entry.id);
  await until(() => others.every((id) => h.core.store.get(id)!.state === 'sent'), 'the others sent at once', 3000);
  t.diagnostic(`the others sent ${Date.now() - made} ms after they were made`);
  assert.equal(turns.opened, 0);
  const retries = h.core.store.attempts(poison).filter((a) => a.outcome === 'retry');
  assert.ok(retries.length >= 7 && retries.every((a) => a.httpStatus === 500), 'each of its own tries is in its history');
});

test('the probe is the target\'s lane head due first, due or not; the one whose probe just failed only when no other head waits', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const target = h.core.settings.currentTarget();
  const make = (code: string): { seq: number; id: string } => h.core.reports.create({ status: 'disconnected', usageplacecode: code }).entry;
  const a = make('UP-HEAD-A');
  const behindA = make('UP-HEAD-A'); // behind A's head: never a probe
  const b = make('UP-HEAD-B');
  const c = make('UP-HEAD-C');
  // As backoffs leave them: A (the oldest lane) waits longest, C is due first; none is due now.
  const now = Date.now();
  const dueAt = (seq: number, at: number): void => void h.core.db.prepare('UPDATE reports SET next_attempt_at = ? WHERE seq = ?').run(at, seq);
  dueAt(a.seq, now + 60_000);
  dueAt(b.seq, now + 20_000);
  dueAt(c.seq, now + 10_000);
  const probe = (avoid: number | null): string | undefined => {
    const d = h.core.store.claimProbe(target, now, 7, avoid);
    if (d) h.core.store.unclaim([d], now);
    return d?.id;
  };
  assert.equal(probe(null), c.id, 'due first, though not due yet');
  assert.equal(probe(c.seq), b.id, 'C\'s probe just failed: the next head in due order');
  dueAt(b.seq, now + 90_000);
  dueAt(c.seq, now + 90_000);
  assert.equal(probe(c.seq), a.id);
  for (const gone of [a, behindA, b]) h.core.reports.discard(gone.id, 'app');
  assert.equal(probe(c.seq), c.id, 'no other lane waits: the same one again');
});
