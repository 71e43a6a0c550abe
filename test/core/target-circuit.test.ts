// The circuit's states (target-circuit.ts), one answer at a time, with the clock and the
// jitter's random source injected: closed → open after five failures in a row, one probe at
// a time every ≤ 5 s with jitter, Retry-After as the floor, and closed again by the first
// answer that shows Ropo One up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TargetCircuits, circuitSignal, DEFAULT_CIRCUIT, type ProbeClaim } from '../../electron/core/target-circuit.ts';
import type { AttemptResult } from '../../electron/core/delivery-attempt.ts';
import type { LastError } from '../../shared/outbox.ts';
import type { Target } from '../../shared/endpoint.ts';

const A: Target = { baseUrl: 'https://ropo-one.example/rest', cid: 'a' };
const B: Target = { baseUrl: 'https://ropo-one.example/rest', cid: 'b' };

const cut: LastError = { code: 'server_unreachable', message: 'Could not reach Ropo One (UND_ERR_SOCKET).', httpStatus: null, problem: null, technical: 'UND_ERR_SOCKET' };
const down: AttemptResult = { kind: 'retry', error: cut, reason: 'server_unreachable', retryAfterMs: null };
const dns: AttemptResult = { kind: 'retry', error: { ...cut, code: 'network_offline' }, reason: 'network_offline', retryAfterMs: null };
const tls: AttemptResult = { kind: 'retry', error: { ...cut, code: 'tls_failed' }, reason: 'tls_failed', retryAfterMs: null };
const http = (status: number, retryAfterMs: number | null = null, reason: 'server_error' | 'rate_limited' = 'server_error'): AttemptResult => ({
  kind: 'retry',
  error: { code: reason, message: `HTTP ${status}.`, httpStatus: status, problem: null },
  reason,
  retryAfterMs,
});
const sent: AttemptResult = { kind: 'sent', httpStatus: 200, alreadyHad: false };
const already: AttemptResult = { kind: 'sent', httpStatus: 409, alreadyHad: true };
const rejected: AttemptResult = { kind: 'rejected', error: { code: 'rejected', message: 'Bad Request.', httpStatus: 400, problem: null } };
const refused: AttemptResult = {
  kind: 'endpoint_refused', cause: 'blocked', error: { code: 'endpoint_refused', message: 'Blocked (HTTP 403).', httpStatus: 403, problem: null },
};

let seq = 0;
const claim = (target: Target = A): ProbeClaim => ({ seq: ++seq, id: `report-${seq}`, claim: 7, target });

/** A circuit whose jitter draws `r` (0: the full interval; 1: 80% of it). */
function circuits(r = 0): TargetCircuits {
  return new TargetCircuits(DEFAULT_CIRCUIT, () => r);
}

/** Five failures in a row at `now`: the circuit opens at the fifth. */
function openAt(c: TargetCircuits, now: number, target: Target = A): void {
  for (let i = 0; i < 4; i++) assert.equal(c.record(claim(target), down, now).opened, false, `failure ${i + 1} of 5 keeps it closed`);
  assert.equal(c.record(claim(target), down, now).opened, true, 'the fifth opens it');
}

test('the signal of each answer: up (2xx, 409, 400/422, a refused sign-in), down (network, 5xx without Retry-After), or neither', () => {
  for (const r of [sent, already, rejected]) assert.equal(circuitSignal(r).kind, 'up');
  assert.equal(circuitSignal({ kind: 'sign_in_needed', reason: 'token_refused', error: cut }).kind, 'up', 'a 401 is Ropo One answering');
  assert.equal(circuitSignal({ kind: 'sign_in_needed', reason: 'not_signed_in', error: cut }).kind, 'other', 'no apicode: nothing was asked');
  for (const r of [down, dns, tls, http(500), http(502), http(503)]) assert.equal(circuitSignal(r).kind, 'down', JSON.stringify(r));
  for (const r of [http(503, 2000), http(429, 1000, 'rate_limited'), http(429, null, 'rate_limited'), http(408), refused]) {
    assert.equal(circuitSignal(r).kind, 'other', JSON.stringify(r));
  }
});

test('closed → open after five failures in a row; an answer that shows Ropo One up in between starts the count again', () => {
  const c = circuits();
  for (let i = 0; i < 4; i++) c.record(claim(), down, 0);
  assert.deepEqual(c.record(claim(), sent, 1), { opened: false, releaseSince: null }, 'a success resets the count, and releases nothing');
  for (let i = 0; i < 4; i++) assert.equal(c.record(claim(), down, 2).opened, false, 'counting from zero again');
  assert.deepEqual(c.blocked(), []);
  // Answers that show neither (a 429, a 503 that says when to come back, a refusal) leave the count as it is.
  c.record(claim(), http(429, 1000, 'rate_limited'), 3);
  c.record(claim(), http(503, 1000), 3);
  c.record(claim(), refused, 3);
  assert.equal(c.record(claim(), dns, 4).opened, true, 'the fifth failure opens it');
  assert.deepEqual(c.blocked(), [A]);
  assert.deepEqual(c.views(), [{ target: A, state: 'open', since: 4, lastCheckAt: null, lastError: dns.kind === 'retry' ? dns.error : null, nextCheckAt: 4 + 5000 }]);
});

test('open: the first probe is due after the probe interval with jitter (80–100% of 5 s), not before; the other lanes are blocked', () => {
  for (const [r, wait] of [[0, 5000], [0.5, 4500], [1, 4000]] as const) {
    const c = circuits(r);
    openAt(c, 10_000);
    assert.equal(c.nextProbeAt([]), 10_000 + wait);
    assert.deepEqual(c.probesDue(10_000 + wait - 1, []), [], 'not a millisecond early');
    assert.deepEqual(c.probesDue(10_000 + wait, []), [{ target: A, avoidSeq: null }]);
    assert.deepEqual(c.probesDue(10_000 + wait, [A]), [], 'never while the target is paused for another reason (a 429, a refusal, sign-in)');
    assert.equal(c.nextProbeAt([A]), null, 'nor is it a time to wake up for: the pause\'s own end wakes the loop');
  }
});

test('half-open: one probe at a time; a failed probe opens it again with the last check recorded, the next probe ≤ 5 s later', () => {
  const c = circuits(0.25);
  openAt(c, 0);
  const probe = claim();
  c.probeClaimed(A, probe, 5000);
  assert.equal(c.views()[0]?.state, 'half_open');
  assert.equal(c.views()[0]?.nextCheckAt, null, 'a probe is out');
  assert.deepEqual(c.probesDue(60_000, []), [], 'no second probe while one is out');
  assert.equal(c.nextProbeAt([]), null);
  assert.deepEqual(c.blocked(), [A], 'the other lanes still wait');

  // A request that was already out when it opened fails too: it is not the probe, nothing changes.
  c.record(claim(), down, 5100);
  assert.equal(c.views()[0]?.lastCheckAt, null);

  const tlsError = tls.kind === 'retry' ? tls.error : null;
  assert.deepEqual(c.record(probe, tls, 5200), { opened: false, releaseSince: null });
  assert.deepEqual(c.views(), [{ target: A, state: 'open', since: 0, lastCheckAt: 5200, lastError: tlsError, nextCheckAt: 5200 + 4750 }]);
  assert.equal(c.isProbe(probe), false);
});

test('a Retry-After on the probe\'s answer is the least wait before the next probe; a shorter one leaves the interval', () => {
  const c = circuits(0);
  openAt(c, 0);
  let probe = claim();
  c.probeClaimed(A, probe, 5000);
  c.record(probe, http(503, 12_000), 5000);
  assert.equal(c.nextProbeAt([]), 17_000, '503 with Retry-After: 12');
  assert.deepEqual(c.blocked(), [A], 'still open: a 503 that says when to come back does not show Ropo One up');
  probe = claim();
  c.probeClaimed(A, probe, 17_000);
  c.record(probe, http(429, 1000, 'rate_limited'), 17_000);
  assert.equal(c.nextProbeAt([]), 22_000, 'a Retry-After shorter than the interval: the interval');
  assert.equal(c.views()[0]?.lastError?.httpStatus, 429, 'what the probe got');
});

test('the first answer that shows Ropo One up closes it and says since when reports waited; from the probe or from a request that was out', () => {
  for (const answer of [sent, already, rejected]) {
    const c = circuits();
    c.record(claim(), down, 100); // the outage starts here
    for (let i = 0; i < 4; i++) c.record(claim(), down, 200);
    const first = claim();
    c.probeClaimed(A, first, 6000);
    c.record(first, down, 6100);
    const second = claim();
    c.probeClaimed(A, second, 11_000);
    assert.deepEqual(c.record(second, answer, 11_050), { opened: false, releaseSince: 100 }, `${JSON.stringify(answer)} closes it`);
    assert.deepEqual(c.blocked(), []);
    assert.deepEqual(c.views(), []);
    assert.equal(c.nextProbeAt([]), null);
    assert.equal(c.record(claim(), down, 12_000).opened, false, 'closed: counting from one again');
  }
  // A request that was out when it opened answers 200: Ropo One is up, whoever asked.
  const c = circuits();
  openAt(c, 0);
  assert.deepEqual(c.record(claim(), sent, 10), { opened: false, releaseSince: 0 });
});

test('Send now, the OS online signal and the start of sync: the probe is due at once (a probe already out is left alone)', () => {
  const c = circuits();
  openAt(c, 0);
  openAt(c, 0, B);
  c.probeClaimed(B, claim(B), 5000);
  assert.deepEqual(c.probeNow(1000, () => true), [], 'B\'s probe is out: nothing to give back');
  assert.deepEqual(c.probesDue(1000, []), [{ target: A, avoidSeq: null }]);
  assert.equal(c.views().find((v) => v.target === B)?.state, 'half_open');
});

test('a probe that went back unsent (its target paused meanwhile) is due again; nothing waiting: look again after an interval', () => {
  const c = circuits();
  openAt(c, 0);
  const probe = claim();
  c.probeClaimed(A, probe, 5000);
  c.probeDropped(claim(), 5001); // another claim: not the probe
  assert.equal(c.views()[0]?.state, 'half_open');
  c.probeDropped(probe, 5002);
  assert.deepEqual(c.probesDue(5002, []), [{ target: A, avoidSeq: null }]);
  c.probeClaimed(A, null, 5002);
  assert.equal(c.nextProbeAt([]), 10_002);
});

test('targets are independent; a new tenure of the lease forgets every circuit; the views are published only when they changed', () => {
  const c = circuits();
  openAt(c, 0, A);
  c.record(claim(B), down, 0);
  assert.deepEqual(c.blocked(), [A]);
  c.record(claim(B), sent, 1);
  assert.deepEqual(c.blocked(), [A], 'B answering says nothing about A');
  assert.equal(c.changed, true);
  c.published();
  assert.equal(c.changed, false);
  c.record(claim(A), down, 2); // not the probe: no change to show
  assert.equal(c.changed, false);
  c.reset();
  assert.deepEqual(c.blocked(), []);
  assert.deepEqual(c.views(), []);
  assert.equal(c.changed, true, 'the empty board is published');
});

test('one report Ropo One answers 5xx again and again does not open it (that report\'s own problem: a "poison" report); a second report\'s failure in the same run does', () => {
  const c = circuits();
  const poison = claim();
  for (let i = 0; i < 12; i++) assert.equal(c.record(poison, http(500), i * 1000).opened, false, `the same report's failure ${i + 1}`);
  assert.deepEqual(c.blocked(), []);
  assert.equal(c.record(claim(), down, 13_000).opened, true, 'another report fails too: Ropo One itself');
  // An answer that shows Ropo One up starts it all again: the same report alone opens nothing.
  const d = circuits();
  d.record(poison, http(500), 0);
  d.record(claim(), down, 1);
  d.record(claim(), sent, 2);
  for (let i = 0; i < 6; i++) assert.equal(d.record(poison, http(500), 3 + i).opened, false);
});

test('one report alone whose requests get no answer at all (a real outage at a quiet depot) opens it: that says nothing about the report', () => {
  for (const noAnswer of [down, dns, tls]) {
    const c = circuits();
    const only = claim();
    for (let i = 0; i < 4; i++) assert.equal(c.record(only, noAnswer, i).opened, false);
    assert.equal(c.record(only, noAnswer, 4).opened, true, JSON.stringify(noAnswer));
  }
  // A 5xx anywhere in the run: it may be about the report, so one report alone does not open it.
  const c = circuits();
  const only = claim();
  c.record(only, http(502), 0);
  for (let i = 0; i < 6; i++) assert.equal(c.record(only, down, 1 + i).opened, false);
});

test('after a probe fails the next one prefers another lane: the probe that failed is named to be passed over', () => {
  const c = circuits();
  openAt(c, 0);
  const first = claim();
  c.probeClaimed(A, first, 5000);
  c.record(first, http(500), 5100);
  assert.deepEqual(c.probesDue(10_100, []), [{ target: A, avoidSeq: first.seq }]);
  const second = claim();
  c.probeClaimed(A, second, 10_100);
  c.record(second, http(429, 1000, 'rate_limited'), 10_200);
  assert.deepEqual(c.probesDue(15_200, []), [{ target: A, avoidSeq: second.seq }], 'whatever the probe got');
});

test('Send now resets a half-open circuit whose probe is not out (a turn failed after claiming it) and gives the probe back; one that is out stays', () => {
  const c = circuits();
  openAt(c, 0, A);
  openAt(c, 0, B);
  const lost = claim(A);
  const out = claim(B);
  c.probeClaimed(A, lost, 5000);
  c.probeClaimed(B, out, 5000);
  c.published();
  assert.deepEqual(c.probeNow(6000, (p) => p === out), [lost]);
  assert.equal(c.changed, true, 'the board shows it open again');
  assert.deepEqual(c.probesDue(6000, []), [{ target: A, avoidSeq: null }], 'A probes again at once; B\'s probe is still out');
  assert.equal(c.isProbe(lost), false);
  assert.equal(c.isProbe(out), true);
});

test('nothing left to probe and nothing waiting (the clerk discarded them): the circuit is forgotten; reports still out: look again later', () => {
  const c = circuits();
  openAt(c, 0);
  c.probeClaimed(A, null, 5000, true);
  assert.equal(c.nextProbeAt([]), 10_000, 'a report of the target is still out: look again after an interval');
  c.published();
  c.probeClaimed(A, null, 10_000, false);
  assert.deepEqual(c.blocked(), []);
  assert.deepEqual(c.views(), []);
  assert.equal(c.nextProbeAt([]), null);
  assert.equal(c.changed, true, 'the board is cleared');
});
