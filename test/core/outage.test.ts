// DESIGN.md's Outages paragraph, end to end: a real Core (SQLite file, the keychain)
// delivering over loopback HTTP to the simulator (or a stand-in in front of it). While Ropo
// One is down only one probe goes out at a time, the other lanes wait without attempts, and
// the first answer that shows it up sends everything at once, with no OS signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { harness, until, FAST_BACKOFF, DEMO_APICODE, DEMO_CID, type Harness } from '../helpers/harness.ts';
import { startStandIn } from '../helpers/stand-in.ts';
import { CLI, PROJECT_ROOT } from '../cli/run-cli.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';
import { DeliveryWorker } from '../../electron/core/delivery-worker.ts';
import { DeliveryLease } from '../../electron/core/delivery-lease.ts';
import { CircuitBoard } from '../../electron/core/circuit-board.ts';
import { backoffDelay } from '../../electron/core/backoff.ts';

const eventRequests = (h: Harness): number => h.sim.record().requests.filter((r) => r.path === '/rest/usageplace/event').length;

function make(h: Harness, lanes: number, perLane: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let n = 0; n < perLane; n++) {
    for (let lane = 0; lane < lanes; lane++) {
      ids.push(h.core.reports.create({ status: n % 2 === 0 ? 'disconnected' : 'connected', usageplacecode: `${prefix}-${lane}` }).entry.id);
    }
  }
  return ids;
}

/**
 * Collects the worker's circuit turns: the views it opened with, how many event requests the
 * simulator had seen at that moment (read in the event, so no later probe is counted), and
 * when it closed.
 */
function circuitTurns(worker: DeliveryWorker, h?: Harness): { opened: CircuitView[]; requestsAtOpen: number[]; closed: number[] } {
  const turns = { opened: [] as CircuitView[], requestsAtOpen: [] as number[], closed: [] as number[] };
  worker.on('circuit', (_t, view) => {
    if (!view) return void turns.closed.push(Date.now());
    turns.opened.push(view);
    if (h) turns.requestsAtOpen.push(eventRequests(h));
  });
  return turns;
}

test('an outage: after five failures in a row one probe at a time (a lane head, the longest-waiting first, never the same lane twice running), the rest wait without attempts; the first answer sends them all at once', async (t) => {
  const h = await harness();
  // Which usage place each event request was for, in order (the simulator cuts them all).
  const asked: string[] = [];
  const standIn = await startStandIn(h.sim.url, (req, body) => {
    if (req.url === '/rest/usageplace/event') asked.push((JSON.parse(body) as { usageplacecode: string }).usageplacecode);
    return null;
  });
  t.after(async () => {
    await h.close();
    await standIn.close();
  });
  await h.core.account.setup(parseEndpointName(standIn.url), DEMO_CID, DEMO_APICODE);
  h.sim.setFaults({ offline: true });
  const ids = make(h, 15, 2, 'UP-OUT'); // 30 reports over 15 usage places, made while it is down
  // Each lane's own retry would wait about 5 s: only the circuit can send them sooner.
  const worker = h.core.startDelivery({ backoff: { baseMs: 5000, capMs: 60_000 }, random: () => 0.99, circuit: { probeEveryMs: 400 } });
  const turns = circuitTurns(worker, h);
  await until(() => turns.opened.length === 1, 'the circuit opens');
  const requestsAtOpen = turns.requestsAtOpen[0]!;
  assert.ok(requestsAtOpen >= 5 && requestsAtOpen <= 8, `opened after ${requestsAtOpen} requests: five failures, and at most three more already out`);
  await new Promise((r) => setTimeout(r, 150)); // the requests still out when it opened answer
  const askedBefore = asked.length;
  const before = new Map(ids.map((id) => [id, h.core.store.attempts(id).length]));

  await new Promise((r) => setTimeout(r, 2000));
  const probes = asked.slice(askedBefore);
  assert.ok(probes.length >= 3 && probes.length <= 7, `${probes.length} probes in 2 s, one every 320–400 ms`);
  // The lane heads asked before it opened wait out their backoff; the others have waited
  // since they were made: the first probe is the oldest of those, the head due first.
  const neverAsked = Array.from({ length: 15 }, (_, lane) => `UP-OUT-${lane}`).filter((code) => !asked.slice(0, askedBefore).includes(code));
  assert.equal(probes[0], neverAsked[0], 'the first probe: the head that waited longest');
  probes.slice(1).forEach((code, n) => assert.notEqual(code, probes[n], `probe ${n + 2} went to another lane than the one that just failed`));
  for (const id of ids) {
    const entry = h.core.store.get(id)!;
    const probed = probes.includes(entry.usageplacecode) && ids.indexOf(id) < 15; // a probe is always its lane's head
    if (!probed) assert.equal(h.core.store.attempts(id).length, before.get(id), `${id}: no attempt row while the circuit is open`);
  }
  assert.ok(eventRequests(h) - requestsAtOpen <= probes.length + 3, 'nothing but the probes (and what was out when it opened) went');
  assert.equal(h.core.store.counts().sending <= 1, true, 'one request at a time');

  const s = h.core.status();
  assert.equal(s.waitReason, 'not_answering');
  assert.equal(s.circuits.length, 1);
  assert.ok(s.circuits[0]!.lastCheckAt !== null, 'the time of the last check');
  assert.equal(s.circuits[0]!.lastError?.code, 'server_unreachable', 'and what it got');
  assert.equal(s.waitDetail?.code, 'server_unreachable');

  // Back: no OS signal, no Send now. The next probe finds it up, and every report goes.
  h.sim.setFaults({ offline: false });
  const back = Date.now();
  await until(() => h.core.store.counts().sent === 30, 'all 30 sent', 10_000);
  const took = Date.now() - back;
  t.diagnostic(`all 30 sent ${took} ms after Ropo One came back`);
  assert.ok(took < 2000, `${took} ms: the next probe (≤ 400 ms) and the drain, not the lanes' own 5 s`);
  assert.equal(turns.closed.length, 1);
  assert.deepEqual(h.core.status().circuits, []);
  assert.equal(h.core.status().waitReason, null);
  const record = h.sim.record();
  assert.equal(new Set(record.accepted.map((a) => a.event.id)).size, 30);
});

test('a 5xx for one report while the others go through does not open the circuit: that report keeps its own backoff', async (t) => {
  const h = await harness();
  let refused = 0;
  const standIn = await startStandIn(h.sim.url, (req, body) => {
    if (req.url !== '/rest/usageplace/event' || !body.includes('"UP-BAD"') || refused >= 6) return null;
    refused += 1;
    return { status: 503 };
  });
  t.after(async () => {
    await h.close();
    await standIn.close();
  });
  await h.core.account.setup(parseEndpointName(standIn.url), DEMO_CID, DEMO_APICODE);
  const policy = { baseMs: 20, capMs: 200 };
  const worker = h.core.startDelivery({ backoff: policy, random: () => 0.99 });
  const turns = circuitTurns(worker);
  const bad = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-BAD' }).entry.id;
  // The clerk goes on making reports for other usage places while that one is retried.
  const others: string[] = [];
  for (let i = 0; refused < 6 || i < 20; i++) {
    others.push(h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-GOOD-${i % 40}` }).entry.id);
    await new Promise((r) => setTimeout(r, 10));
    assert.ok(i < 1000, 'the bad report was retried six times within 10 s');
  }
  await until(() => h.core.store.counts().sent === others.length + 1, 'all sent', 30_000);
  assert.equal(refused, 6, 'six 503s in a row for that report: more than it takes to open a circuit');
  assert.deepEqual(turns.opened, [], 'the circuit never opened');
  const history = h.core.store.attempts(bad);
  const retries = history.filter((a) => a.outcome === 'retry');
  assert.equal(retries.length, 6);
  assert.ok(retries.every((a) => a.httpStatus === 503));
  // Each retry waited at least its own backoff (the fixed random source makes it exact).
  const tries = history.filter((a) => a.outcome === 'retry' || a.outcome === 'sent');
  tries.slice(1).forEach((a, n) => {
    const gap = a.at - tries[n]!.at;
    assert.ok(gap >= backoffDelay(n, policy, () => 0.99), `retry ${n + 1}: ${gap} ms after the one before`);
  });
  const sentBetween = others.filter((id) => {
    const at = h.core.store.get(id)!.sentAt!;
    return at > retries[0]!.at && at < retries.at(-1)!.at;
  });
  assert.ok(sentBetween.length >= 5, `${sentBetween.length} others went through while it failed`);
});

test('a 429 on the probe: its Retry-After holds the whole target; nothing goes before it, then everything does', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.sim.setFaults({ offline: true });
  const ids = make(h, 10, 1, 'UP-429');
  // The probe interval (800 ms with this random source) is shorter than the Retry-After.
  const worker = h.core.startDelivery({ backoff: { baseMs: 100, capMs: 1000 }, random: () => 0.99, circuit: { probeEveryMs: 1000 } });
  const turns = circuitTurns(worker);
  await until(() => turns.opened.length === 1, 'the circuit opens');
  await new Promise((r) => setTimeout(r, 300)); // the requests still out when it opened answer
  // Back, but the first request (the probe) gets 429 with Retry-After: 1.
  h.sim.setFaults({ offline: false, status: 429, statusCount: 1, retryAfter: '1' });
  await until(() => ids.some((id) => h.core.store.attempts(id).some((a) => a.httpStatus === 429)), 'the probe got the 429');
  const limited = ids.flatMap((id) => h.core.store.attempts(id)).find((a) => a.httpStatus === 429)!;
  const waiting = h.core.status();
  assert.equal(waiting.circuits[0]?.lastError?.httpStatus, 429, 'it was the probe: the circuit\'s last check got it');
  // Ropo One answers: it asks us to wait. The status says so, with the wait left, not "not answering".
  assert.equal(waiting.waitReason, 'rate_limited');
  assert.ok(Math.abs(waiting.rateLimitedUntil! - (limited.at + 1000)) <= 100, `limited until the answer + 1 s (${waiting.rateLimitedUntil! - limited.at} ms)`);
  await until(() => h.core.store.counts().sent === 10, 'all sent after the wait', 10_000);
  const firstSent = Math.min(...ids.map((id) => h.core.store.get(id)!.sentAt!));
  assert.ok(firstSent - limited.at >= 1000, `the next request went ${firstSent - limited.at} ms after the 429, not before its Retry-After`);
  assert.equal(turns.closed.length, 1);
});

test('Send now (and the OS online signal): an open circuit probes at once instead of at its next probe', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.sim.setFaults({ offline: true });
  make(h, 8, 1, 'UP-NOW');
  const worker = h.core.startDelivery({ backoff: { baseMs: 20, capMs: 60_000 }, circuit: { probeEveryMs: 30_000 } });
  const turns = circuitTurns(worker);
  await until(() => turns.opened.length === 1, 'the circuit opens');
  await new Promise((r) => setTimeout(r, 100));
  h.sim.setFaults({ offline: false });
  const asked = Date.now();
  worker.onlineAgain();
  await until(() => h.core.store.counts().sent === 8, 'all sent', 5000);
  assert.ok(Date.now() - asked < 3000, 'the probe went at once, not 24–30 s later');
});

test('after a restart the lease and the circuit agree: the dead deliverer\'s circuit is not shown, and the new one opens within a few failures', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.sim.setFaults({ offline: true });
  make(h, 10, 1, 'UP-RESTART');
  // The first deliverer: `usageplace sync` in a process of its own, killed mid-outage.
  const sync = spawn(process.execPath, [CLI, 'sync', '--timeout', '120'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, USAGEPLACE_DATA_DIR: h.dataDir, USAGEPLACE_KEYCHAIN_SERVICE: h.keychainService },
    stdio: 'ignore',
  });
  const exited = new Promise((r) => sync.once('exit', r));
  t.after(() => {
    if (sync.exitCode === null) sync.kill('SIGKILL');
  });
  await until(() => h.core.status().circuits.length === 1, 'the other process\'s circuit is open, and this one sees it', 30_000);
  const theirs = h.core.status().circuits[0]!;
  assert.equal(h.core.status().waitReason, 'not_answering');
  sync.kill('SIGKILL');
  await exited;
  assert.deepEqual(h.core.status().circuits, [theirs], 'its lease has not run out: its circuit is still what holds the reports');

  // The restart: this process takes the lease over at once (the holder's pid is gone).
  const requestsBefore = eventRequests(h);
  const restarted = Date.now();
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
  assert.equal(worker.holdsLease, true);
  assert.deepEqual(h.core.status().circuits, [], 'a new tenure: the dead deliverer\'s circuit is gone with its lease');
  const turns = circuitTurns(worker, h);
  await until(() => turns.opened.length === 1, 'the new deliverer\'s circuit opens');
  const failures = turns.requestsAtOpen[0]! - requestsBefore;
  assert.ok(failures >= 5 && failures <= 8, `opened again after ${failures} requests`);
  await until(() => h.core.status().circuits.length === 1, 'and its copy is on the board');
  const mine = h.core.status().circuits;
  assert.ok(mine[0]!.since >= restarted, 'the circuit shown is the new deliverer\'s');

  h.sim.setFaults({ offline: false });
  await until(() => h.core.store.counts().sent === 10, 'all sent once back', 10_000);
  assert.equal(new Set(h.sim.record().accepted.map((a) => a.event.id)).size, 10);
});

test('the lease and the circuit agree in one process too: a copy counts only while its writer holds the lease, and a lease taken back starts closed', async (t) => {
  const h = await harness();
  h.sim.setFaults({ offline: true });
  make(h, 10, 1, 'UP-TENURE');
  let now = Date.now(); // the clock moves only when the test moves it: no report is due again by itself
  const clock = (): number => now;
  const ttlMs = 15_000;
  const board = new CircuitBoard(h.core.meta, h.core.db);
  const lease = new DeliveryLease(h.core.db, { ttlMs, now: clock });
  const worker = new DeliveryWorker({
    store: h.core.store, holds: h.core.holds, credentials: h.core.credentials, client: h.core.client, serverClock: h.core.serverClock,
    lease, board, now: clock, backoff: FAST_BACKOFF, circuit: { probeEveryMs: 60_000 },
  });
  t.after(async () => {
    await worker.stop();
    await h.close();
  });
  const turns = circuitTurns(worker);
  worker.start();
  await until(() => turns.opened.length === 1, 'the circuit opens');
  // The event comes with the answer; the copy with the next turn's transaction.
  await until(() => board.read(now).length === 1, 'published while its writer holds the lease');

  now += ttlMs + 1000; // a stall: the lease runs out
  assert.deepEqual(board.read(now), [], 'nobody holds the lease: no circuit holds the reports');
  const other = new DeliveryLease(h.core.db, { ttlMs, now: clock });
  assert.equal(other.acquire().held, true, 'another process takes the lease');
  worker.kick();
  await until(() => !worker.holdsLease, 'the stalled deliverer sees it lost the lease');
  other.release();
  worker.kick();
  await until(() => worker.holdsLease, 'and takes it back: a new tenure');
  await until(() => turns.opened.length === 2, 'its circuit opened again: the new tenure started closed, with a few failures');
  await until(() => board.read(now).length === 1, 'and its copy is on the board');
  assert.ok(board.read(now)[0]!.since >= now, 'the copy shown is the new tenure\'s');
});
