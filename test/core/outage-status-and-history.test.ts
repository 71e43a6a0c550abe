// What the clerk is told about an outage, and what is kept of it: the status blames a circuit
// only for its own target's reports; the history of a long outage does not grow by a row per
// probe; and a wake-up (Send now, the OS online signal, `usageplace sync` starting) does not
// ask Ropo One again before the Retry-After it gave. Real Core, simulator, keychain, HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, DEMO_APICODE, DEMO_CID } from '../helpers/harness.ts';
import { startStandIn } from '../helpers/stand-in.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';

test('a circuit is blamed only for its own target\'s reports, and forgotten once nothing of its target waits', async (t) => {
  const h = await harness();
  // The second environment: a stand-in whose Ropo One answers every report 500.
  const other = await startStandIn(h.sim.url, (req) => (req.url === '/rest/usageplace/event' ? { status: 500 } : null));
  t.after(async () => {
    await h.close();
    await other.close();
  });
  h.sim.setFaults({ offline: true });
  const first = Array.from({ length: 6 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-ENV1-${i}` }).entry.id);
  // Long waits: nothing goes again by itself while the test looks.
  const worker = h.core.startDelivery({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.99, circuit: { probeEveryMs: 60_000 } });
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  await until(() => opened === 1 && h.core.store.counts().sending === 0, 'the circuit opens, and the requests that were out answer');
  for (const id of first) h.core.reports.discard(id, 'app'); // the clerk gives up on them

  h.sim.setFaults({ offline: false });
  await h.core.account.setup(parseEndpointName(other.url), DEMO_CID, DEMO_APICODE);
  const second = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-ENV2' }).entry.id;
  await until(() => h.core.store.get(second)!.attempts === 1, 'the other environment answered it 500');
  const s = h.core.status();
  assert.equal(s.circuits.length, 1, 'the first environment\'s circuit is still open');
  assert.equal(s.waitReason, 'server_error', 'the report that waits waits for its own environment, which answers');
  assert.equal(s.waitDetail?.httpStatus, 500);

  worker.onlineAgain(); // Send now: the open circuit probes at once, and finds nothing to probe
  await until(() => h.core.status().circuits.length === 0, 'the circuit with nothing waiting is forgotten');
  assert.equal(opened, 1);
});

test('a long outage keeps a probe\'s failure in the history only when it changes; the attempt count counts every request', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.sim.setFaults({ offline: true });
  const ids = Array.from({ length: 6 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-HIST-${i}` }).entry.id);
  // Once it opens only the probes go: every 80–100 ms, about 30 in 3 s, round the six lanes.
  const worker = h.core.startDelivery({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.99, circuit: { probeEveryMs: 100 } });
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  await until(() => opened === 1, 'the circuit opens');
  await new Promise((r) => setTimeout(r, 3000));
  const requests = (): number => h.sim.record().requests.filter((r) => r.path === '/rest/usageplace/event').length;
  const retries = (id: string) => h.core.store.attempts(id).filter((a) => a.outcome === 'retry');
  await until(() => h.core.store.counts().sending === 0, 'no probe out');
  assert.ok(requests() >= 20, `${requests()} requests in 3 s`);
  for (const id of ids) assert.equal(retries(id).length, 1, `${id}: one row for its first failure, none for the same failure again`);
  const counted = ids.reduce((n, id) => n + h.core.store.get(id)!.attempts, 0);
  assert.equal(counted, requests(), 'every request counted on its report');

  // Ropo One answers again, but 503: the next probe's row says so at once.
  h.sim.setFaults({ offline: false, status: 503 });
  await until(() => ids.some((id) => retries(id).some((a) => a.httpStatus === 503)), 'a changed failure is written', 2000);
  h.sim.setFaults({ status: null });
  await until(() => h.core.store.counts().sent === 6, 'all sent once it answers');
});

test('a wake-up (sync starting, Send now) does not ask again before a 5xx\'s Retry-After; a retry on our own backoff goes at once', async (t) => {
  const h = await harness();
  const standIn = await startStandIn(h.sim.url, (req, body) => {
    if (req.url !== '/rest/usageplace/event') return null;
    if (body.includes('"UP-BUSY"')) return { status: 503, headers: { 'retry-after': '30' } };
    if (body.includes('"UP-BROKEN"')) return { status: 500 };
    return null;
  });
  t.after(async () => {
    await h.close();
    await standIn.close();
  });
  await h.core.account.setup(parseEndpointName(standIn.url), DEMO_CID, DEMO_APICODE);
  const busy = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-BUSY' }).entry.id;
  const broken = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-BROKEN' }).entry.id;
  const worker = h.core.startDelivery({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.99 });
  await until(() => h.core.store.get(busy)!.attempts === 1 && h.core.store.get(broken)!.attempts === 1, 'both answered');
  const answeredAt = h.core.store.attempts(busy).find((a) => a.outcome === 'retry')!.at;
  assert.equal(h.core.store.get(busy)!.lastError?.retryAfterUntil, answeredAt + 30_000, 'Ropo One\'s wait is kept with the error');

  worker.onlineAgain();
  await until(() => h.core.store.get(broken)!.attempts === 2, 'the report on its own backoff went again at once');
  assert.ok(h.core.store.get(busy)!.nextAttemptAt! >= answeredAt + 30_000, 'the one Ropo One asked to wait still waits for it');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(h.core.store.get(busy)!.attempts, 1, 'and was not asked again');
});
