// DESIGN.md's classification table, row by row, end to end: a real Core (SQLite file, real
// keychain) delivering over loopback HTTP to the simulator (or to a TLS server / a name that
// does not resolve). Only the simulator's fault switches decide what Ropo One answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { harness, until, FAST_BACKOFF, DEMO_APICODE, DEMO_CID, type Harness } from '../helpers/harness.ts';
import { failingLookupFetch } from '../helpers/failing-lookup.ts';
import { parseEndpointName, type Target } from '../../shared/endpoint.ts';
import type { RefusalCause } from '../../shared/endpoint-refusal.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import type { AppError } from '../../shared/errors.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';
import { KeytarSecretStore } from '../../electron/core/keytar-secret-store.ts';
import { parseRetryAfter } from '../../electron/core/retry-after.ts';
import { backoffDelay, DEFAULT_BACKOFF } from '../../electron/core/backoff.ts';
import { classifyNetworkError } from '../../electron/core/network-errors.ts';
import { REFUSAL_PAUSE_MS } from '../../electron/core/target-holds.ts';

const TLS_DIR = new URL('../fixtures/tls/', import.meta.url);

function get(h: Harness, id: string): OutboxEntry {
  const e = h.core.store.get(id);
  assert.ok(e, `report ${id} exists`);
  return e;
}

/** Waits for a moment when the outbox says it waits for `reason` (the report queued, not in flight). */
async function waitingFor(h: Harness, reason: string, what: string, timeoutMs?: number): Promise<ReturnType<Harness['core']['status']>> {
  let seen: ReturnType<Harness['core']['status']> | undefined;
  await until(() => {
    const s = h.core.status();
    if (s.waitReason !== reason) return false;
    seen = s;
    return true;
  }, what, timeoutMs);
  return seen!;
}

const outcomes = (h: Harness, id: string): string[] => h.core.store.attempts(id).map((a) => a.outcome);
const acceptedIds = (h: Harness): string[] => h.sim.record().accepted.map((a) => a.event.id);
const eventRequests = (h: Harness): number => h.sim.record().requests.filter((r) => r.path === '/rest/usageplace/event').length;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function create(h: Harness, usageplacecode: string, status: 'disconnected' | 'connected' = 'disconnected'): string {
  return h.core.reports.create({ status, usageplacecode }).entry.id;
}

/** A wire event our own schema accepts, for reports queued straight into the store. */
function wireEvent(overrides: Partial<UsageplaceEvent> = {}): UsageplaceEvent {
  return { id: randomUUID(), usageplacecode: 'UP-DIRECT', time: '2024-01-04 10:41:40', status: 'disconnected', ...overrides };
}

// The keychain account names Credentials uses (credentials.ts): `${cid}@${baseUrl}` for the
// apicode and `…#token` for the current token. Writing them directly is what "signed in to a
// server that cannot be reached right now" looks like on disk.
const apicodeAccount = (t: Target): string => `${t.cid}@${t.baseUrl}`;
const tokenAccount = (t: Target): string => `${apicodeAccount(t)}#token`;

async function storeSession(h: Harness, target: Target, withToken: boolean): Promise<() => Promise<void>> {
  const secrets = new KeytarSecretStore(h.keychainService);
  await secrets.set(apicodeAccount(target), 'apicode-for-an-unreachable-server');
  if (withToken) {
    await secrets.set(tokenAccount(target), JSON.stringify({ token: `opaque-${randomUUID()}`, expiresAt: Date.now() + 3_600_000 }));
  }
  return async () => {
    await secrets.delete(tokenAccount(target)).catch(() => false);
    await secrets.delete(apicodeAccount(target)).catch(() => false);
  };
}

// Each test has its own simulator, data directory and keychain service, so they run side by
// side; every wait below is measured from the test's own records, not from wall-clock luck.
describe('the classification table, end to end', { concurrency: 8 }, () => {
  // ---------------------------------------------------------------- 2xx

  test('2xx: the report is sent, once, with one attempt', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-OK');
    await until(() => get(h, id).state === 'sent', 'sent');
    const e = get(h, id);
    assert.equal(e.attempts, 1);
    assert.equal(e.lastError, null);
    assert.ok(e.sentAt !== null);
    assert.deepEqual(outcomes(h, id), ['created', 'sent']);
    assert.equal(h.core.store.attempts(id).at(-1)?.httpStatus, 200);
    assert.deepEqual(acceptedIds(h), [id]);
    assert.equal(h.core.status().waitReason, null);
  });

  // ---------------------------------------------------------------- permanent 4xx

  test('400 for a genuinely invalid event (2024-02-30): failed with the simulator\'s problem kept', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    const target = h.core.settings.currentTarget();
    // Our schema checks the time pattern only; the simulator (like Ropo One) wants a real date.
    const [bad] = h.core.store.enqueue([{ event: wireEvent({ usageplacecode: 'UP-BAD', time: '2024-02-30 10:00:00' }), target }], Date.now());
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    await until(() => get(h, bad!.id).state === 'failed', 'failed');
    const e = get(h, bad!.id);
    assert.equal(e.lastError?.code, 'rejected');
    assert.equal(e.lastError?.httpStatus, 400);
    assert.equal(e.lastError?.problem?.title, 'Bad Request');
    assert.match(e.lastError?.problem?.detail ?? '', /time: is not a real date and time/);
    assert.match(e.lastError?.message ?? '', /^Bad Request: time: is not a real date and time/);
    assert.equal(e.attempts, 1);
    assert.deepEqual(acceptedIds(h), []);
    assert.equal(h.core.status().waitReason, 'failed_holding');
    assert.match(h.core.status().waitDetail?.message ?? '', /not a real date/);
  });

  for (const status of [400, 422]) {
    test(`${status}: failed with the HttpApiProblem kept; later reports of the usage place held; others unaffected`, async (t) => {
      const h = await harness();
      t.after(() => h.close());
      h.core.startDelivery({ backoff: FAST_BACKOFF });
      h.sim.setFaults({ status, statusCount: 1 });
      const first = create(h, 'UP-A', 'disconnected');
      const queuedBehind = create(h, 'UP-A', 'connected'); // made while the first is in flight
      await until(() => get(h, first).state === 'failed', `${status}: first report failed`);
      const madeAfter = create(h, 'UP-A', 'disconnected'); // made after the failure
      const other = create(h, 'UP-B');
      await until(() => get(h, other).state === 'sent', `${status}: other usage place sent`);

      const failed = get(h, first);
      assert.equal(failed.attempts, 1, 'a permanent answer is not retried');
      assert.equal(failed.nextAttemptAt, null);
      assert.equal(failed.lastError?.code, 'rejected');
      assert.equal(failed.lastError?.httpStatus, status);
      const title = STATUS_CODES[status];
      assert.deepEqual(failed.lastError?.problem, { status, type: null, title, detail: `Simulated fault: ${title}` });
      assert.equal(failed.lastError?.message, `${title}: Simulated fault: ${title}`);
      assert.deepEqual(outcomes(h, first), ['created', 'rejected']);

      // Give the worker a moment: nothing of UP-A may move.
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(get(h, queuedBehind).state, 'held');
      assert.equal(get(h, queuedBehind).attempts, 0);
      assert.equal(get(h, madeAfter).state, 'held');
      assert.deepEqual(acceptedIds(h), [other], 'only the other usage place reached Ropo One');
      assert.equal(h.core.status().waitReason, 'failed_holding');
      assert.equal(h.core.status().counts.failed, 1);
      assert.equal(h.core.status().counts.held, 2);

      // The clerk resends it as it is (same id): the lane drains in order.
      h.core.reports.retryNow(first);
      await until(() => h.core.status().counts.sent === 4, `${status}: lane drained after resend`);
      assert.deepEqual(acceptedIds(h), [other, first, queuedBehind, madeAfter]);
    });
  }

  // ---------------------------------------------------------------- 409

  test('409: Ropo One already had this report: sent (never failed), noted as such in the history', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    h.sim.setFaults({ status: 409, statusCount: 1 });
    const id = create(h, 'UP-409');
    const behind = create(h, 'UP-409', 'connected');
    await until(() => get(h, behind).state === 'sent', 'the report and the one behind it sent');
    const e = get(h, id);
    assert.equal(e.state, 'sent');
    assert.equal(e.attempts, 1);
    assert.equal(e.lastError, null);
    assert.deepEqual(outcomes(h, id), ['created', 'already_sent']);
    const last = h.core.store.attempts(id).at(-1)!;
    assert.equal(last.httpStatus, 409);
    assert.equal(last.toState, 'sent');
    assert.equal(h.core.status().counts.failed, 0);
    assert.equal(h.core.status().waitReason, null);
  });

  test('an answer lost after Ropo One accepted the report, then 409 for the resend: sent, accepted once', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.setFaults({ repeatStatus: 409, dropAfterAcceptRate: 1 });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-409-LOST');
    await until(() => get(h, id).attempts >= 1, 'the first answer was lost');
    h.sim.setFaults({ dropAfterAcceptRate: 0 });
    await until(() => get(h, id).state === 'sent', 'sent after the 409');
    assert.deepEqual(outcomes(h, id).slice(-1), ['already_sent']);
    assert.deepEqual(acceptedIds(h), [id]);
    assert.ok(h.sim.record().requests.some((r) => r.status === 409));
  });

  // ---------------------------------------------------------------- 4xx from the address or the network

  // 407 is not here: Node's fetch turns it into a network error (see answers.test.ts).
  const REFUSALS: [number, RefusalCause, RegExp][] = [
    [403, 'blocked', /firewall/],
    [404, 'wrong_address', /address looks wrong.*Settings/],
    [405, 'wrong_address', /address looks wrong/],
    [410, 'wrong_address', /address looks wrong/],
    [413, 'request_blocked', /proxy or a security filter/],
    [415, 'request_blocked', /proxy or a security filter/],
    [418, 'unexpected_refusal', /which Ropo One does not send/],
  ];
  for (const [status, cause, sentence] of REFUSALS) {
    test(`${status}: the target pauses (${cause}); nothing failed, no attempt counted; Send now tries again`, async (t) => {
      const h = await harness();
      t.after(() => h.close());
      const target = h.core.settings.currentTarget();
      const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
      h.sim.setFaults({ status, statusCount: 1 });
      const first = create(h, 'UP-R1');
      await until(() => h.core.status().waitReason === 'endpoint_refused', `${status}: paused`);
      const other = create(h, 'UP-R2'); // another usage place of the same target: waits too
      await sleep(150);

      const s = h.core.status();
      assert.equal(s.endpointPauses.length, 1);
      const pause = s.endpointPauses[0]!;
      assert.deepEqual({ target: pause.target, cause: pause.cause, httpStatus: pause.httpStatus }, { target, cause, httpStatus: status });
      assert.equal(pause.until - pause.since, REFUSAL_PAUSE_MS);
      assert.match(s.waitDetail?.message ?? '', sentence, 'the log and CLI sentence names the cause and what to check');
      assert.match(s.waitDetail?.message ?? '', new RegExp(`HTTP ${status}`));
      assert.deepEqual({ code: s.waitDetail?.code, httpStatus: s.waitDetail?.httpStatus }, { code: 'endpoint_refused', httpStatus: status }, 'a code the window can word');
      assert.equal(s.counts.failed, 0, 'nothing failed');
      const e = get(h, first);
      assert.equal(e.state, 'queued');
      assert.equal(e.attempts, 0, 'no attempt counted');
      assert.equal(e.lastError?.code, 'endpoint_refused');
      assert.equal(e.lastError?.httpStatus, status);
      assert.deepEqual(outcomes(h, first), ['created', 'endpoint_paused']);
      assert.equal(get(h, other).state, 'queued');
      assert.equal(get(h, other).attempts, 0);
      assert.equal(eventRequests(h), 1, 'nothing more was sent to the refusing address');
      assert.deepEqual(h.core.holds.signInPauses(), [], 'not a sign-in problem');

      worker.onlineAgain(); // what Send now (and the OS's online signal) does
      await until(() => h.core.status().counts.sent === 2, `${status}: both sent after Send now`);
      assert.deepEqual(h.core.status().endpointPauses, []);
      assert.equal(h.core.status().waitReason, null);
      assert.equal(get(h, first).attempts, 1);
      assert.deepEqual(acceptedIds(h).sort(), [first, other].sort());
      assert.deepEqual(h.core.meta.keysWithPrefix('refused:'), [], 'the address let reports through: its refusal episode is over');
    });
  }

  test('a refusal pause ends by itself after 5 minutes with one more try (injected clock), and at once when someone signs in again', async (t) => {
    let offset = 0;
    const h = await harness({ core: { now: () => Date.now() + offset } });
    t.after(() => h.close());
    const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
    h.sim.setFaults({ status: 404, statusCount: 2 });
    const id = create(h, 'UP-PAUSE');
    await until(() => h.core.status().waitReason === 'endpoint_refused', 'paused');
    await sleep(300);
    assert.equal(eventRequests(h), 1, 'nothing is tried while the pause lasts');
    const { since: firstSince, until: firstUntil } = h.core.status().endpointPauses[0]!;

    offset += REFUSAL_PAUSE_MS - 1000; // not yet
    worker.kick();
    await sleep(300);
    assert.equal(eventRequests(h), 1, 'still paused a second before its end');

    offset += 1000;
    worker.kick();
    await until(() => eventRequests(h) === 2, 'tried again when the pause ends');
    await until(() => outcomes(h, id).filter((o) => o === 'endpoint_paused').length === 2, 'refused again: paused again');
    const renewed = h.core.status().endpointPauses[0]!;
    assert.ok(renewed.until >= firstUntil + REFUSAL_PAUSE_MS, 'a new pause from the second refusal');
    assert.equal(renewed.since, firstSince, 'in the same refusal episode (one alarm, not one per try)');
    assert.equal(get(h, id).attempts, 0);

    await h.core.account.setup(parseEndpointName(h.sim.url), DEMO_CID, DEMO_APICODE); // sign in again / save settings
    await until(() => get(h, id).state === 'sent', 'sent after signing in again');
    assert.deepEqual(h.core.status().endpointPauses, []);
  });

  test('a paused target whose reports were all given up is no longer shown as holding anything up', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    h.sim.setFaults({ status: 403, statusCount: 1 });
    const id = create(h, 'UP-PAUSE-GONE');
    await until(() => h.core.status().waitReason === 'endpoint_refused', 'paused');
    assert.equal(h.core.status().endpointPauses.length, 1);
    h.core.reports.discard(id);
    // The pause itself stays (the address refused us), but the status bar, the alarm and the
    // CLI speak only of pauses that keep a report waiting.
    assert.deepEqual(h.core.status().endpointPauses, []);
    assert.equal(h.core.status().waitReason, null);
    assert.equal(h.core.meta.keysWithPrefix('refused:').length, 1, 'the next report there still waits for the pause');
  });

  test('/token refused by the address (404): the target pauses as wrong_address, not as "sign in again"; setup says so too', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    const target = h.core.settings.currentTarget();
    await h.core.credentials.dropToken(target); // the next request must sign in
    h.sim.setFaults({ failTokenWithStatus: 404 });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-TOKEN-404');
    await until(() => h.core.status().waitReason === 'endpoint_refused', 'paused');
    assert.equal(h.core.status().endpointPauses[0]?.cause, 'wrong_address');
    assert.deepEqual(h.core.holds.signInPauses(), []);
    assert.equal(get(h, id).attempts, 0);
    assert.equal(get(h, id).lastError?.code, 'endpoint_refused');
    // Signing in is not sending: its own code and sentence, with the cause and status for the window.
    await assert.rejects(h.core.account.setup(parseEndpointName(h.sim.url), DEMO_CID, DEMO_APICODE), (err: AppError) => {
      assert.equal(err.code, 'sign_in_refused');
      assert.deepEqual(err.toData().refusal, { cause: 'wrong_address', httpStatus: 404 });
      assert.match(err.message, /^Could not sign in: .*There is no Ropo One sign-in at http:\/\/127\.0\.0\.1:\d+\/rest \(HTTP 404\): the address looks wrong\. .*Nothing was saved\.$/);
      assert.doesNotMatch(err.message, /paused|takes reports/);
      return true;
    });
    h.sim.setFaults({ failTokenWithStatus: null });
    await h.core.account.setup(parseEndpointName(h.sim.url), DEMO_CID, DEMO_APICODE);
    await until(() => get(h, id).state === 'sent', 'sent once the address answers');
  });

  // ---------------------------------------------------------------- 401

  test('401 once: one fresh token, retried at once, sent; no retry counted', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.reset(); // forget the sign-in request; its token stays valid until expired
    const tokensBefore = h.sim.record().tokensIssued;
    h.sim.expireTokens();
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-401');
    await until(() => get(h, id).state === 'sent', 'sent after a fresh token');
    const e = get(h, id);
    assert.equal(e.attempts, 1, 'the 401 is not a counted attempt');
    assert.deepEqual(outcomes(h, id), ['created', 'sent']);
    const record = h.sim.record();
    assert.equal(record.tokensIssued - tokensBefore, 1, 'exactly one extra token');
    assert.deepEqual(record.requests.map((r) => `${r.path} ${r.status}`), [
      '/rest/usageplace/event 401', '/rest/token 201', '/rest/usageplace/event 200',
    ]);
    assert.deepEqual(h.core.holds.signInPauses(), []);
  });

  test('401: the fresh token is really fresh, even while another lane is reading the current one', async (t) => {
    // The worker asks for `fresh` after a 401 while other lanes keep calling token() for
    // their own requests; sharing their pending call would hand back the refused token, and a
    // second 401 would pause delivery for "sign in again" with a perfectly good apicode.
    const h = await harness();
    t.after(() => h.close());
    const target = h.core.settings.currentTarget();
    const current = await h.core.credentials.token(target);
    assert.equal(current.kind, 'token');
    const issuedBefore = h.sim.record().tokensIssued;
    const otherLane = h.core.credentials.token(target); // pending when the 401'd lane asks
    const afterA401 = h.core.credentials.token(target, { fresh: true });
    const [other, fresh] = await Promise.all([otherLane, afterA401]);
    assert.equal(other.kind === 'token' && current.kind === 'token' && other.token, current.kind === 'token' && current.token);
    assert.equal(fresh.kind, 'token');
    assert.notEqual(fresh.kind === 'token' && fresh.token, current.kind === 'token' && current.token, 'a new token, not the one refused');
    assert.equal(h.sim.record().tokensIssued, issuedBefore + 1);
    // And concurrent fresh requests still share one call to /token.
    const [f1, f2] = await Promise.all([h.core.credentials.token(target, { fresh: true }), h.core.credentials.token(target, { fresh: true })]);
    assert.deepEqual(f1, f2);
    assert.equal(h.sim.record().tokensIssued, issuedBefore + 2);
  });

  test('401 twice: delivery pauses in "sign in again", no attempts burned, and resumes after signing in again', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.reset(); // forget the sign-in request
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    h.sim.setFaults({ status: 401, statusCount: 2 });
    const id = create(h, 'UP-P1');
    await until(() => h.core.status().waitReason === 'sign_in_needed', 'paused for sign-in');
    const other = create(h, 'UP-P2');
    await new Promise((r) => setTimeout(r, 300));

    const status = h.core.status();
    assert.equal(status.signInNeeded.length, 1);
    assert.deepEqual(status.signInNeeded[0]?.target, h.core.settings.currentTarget());
    assert.match(status.waitDetail?.message ?? '', /401/);
    assert.equal(status.signInNeeded[0]?.reason, 'token_refused', 'a reason the window can word');
    assert.equal(status.waitDetail?.httpStatus, 401);
    const e = get(h, id);
    assert.equal(e.state, 'queued');
    assert.equal(e.attempts, 0, 'no attempt counted while nobody can sign in');
    assert.equal(e.lastError?.code, 'sign_in_needed');
    assert.deepEqual(outcomes(h, id), ['created', 'auth_paused']);
    assert.equal(get(h, other).state, 'queued', 'the whole target waits');
    assert.equal(get(h, other).attempts, 0);
    const requests = h.sim.record().requests.map((r) => `${r.path} ${r.status}`);
    assert.deepEqual(requests, ['/rest/usageplace/event 401', '/rest/token 201', '/rest/usageplace/event 401'], 'nothing more was tried');

    await h.core.account.setup(parseEndpointName(h.sim.url), DEMO_CID, DEMO_APICODE);
    await until(() => h.core.status().counts.sent === 2, 'both sent after signing in again');
    assert.equal(h.core.status().waitReason, null);
    assert.deepEqual(h.core.status().signInNeeded, []);
    assert.deepEqual(acceptedIds(h), [id, other]);
    assert.equal(get(h, id).attempts, 1);
  });

  test('401, then /token refuses the apicode: paused for sign-in (not retried), resumes after setup', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.reset(); // forget the sign-in request
    h.sim.expireTokens();
    h.sim.setFaults({ failTokenWithStatus: 400 });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-R');
    await until(() => h.core.status().waitReason === 'sign_in_needed', 'paused for sign-in');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(get(h, id).attempts, 0);
    assert.equal(get(h, id).lastError?.code, 'sign_in_needed');
    assert.match(h.core.status().waitDetail?.message ?? '', /Simulated fault/);
    assert.equal(h.core.status().signInNeeded[0]?.reason, 'api_code_refused');
    assert.match(h.core.status().waitDetail?.authError?.errorText ?? '', /Simulated fault/, "Ropo One's own words, kept apart");
    assert.equal((await h.core.account.session()).signInNeeded?.reason, 'api_code_refused');
    assert.equal(h.sim.record().requests.filter((r) => r.path === '/rest/token').length, 1, 'one token request, then wait');
    h.sim.setFaults({ failTokenWithStatus: null });
    await h.core.account.setup(parseEndpointName(h.sim.url), DEMO_CID, DEMO_APICODE);
    await until(() => get(h, id).state === 'sent', 'sent after signing in again');
    assert.deepEqual(acceptedIds(h), [id]);
  });

  // ---------------------------------------------------------------- retryable answers

  test('408: retried (server_error) and then sent', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.setFaults({ status: 408, statusCount: 1 });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-408');
    await until(() => get(h, id).state === 'sent', 'sent');
    const attempts = h.core.store.attempts(id);
    assert.deepEqual(attempts.map((a) => a.outcome), ['created', 'retry', 'sent']);
    assert.equal(attempts[1]?.httpStatus, 408);
    assert.equal(attempts[1]?.errorCode, 'server_error');
    assert.equal(get(h, id).attempts, 2);
    assert.deepEqual(acceptedIds(h), [id]);
  });

  for (const status of [500, 502, 503]) {
    test(`${status}: retried with backoff until sent, the reason shown as server_error meanwhile`, async (t) => {
      const h = await harness();
      t.after(() => h.close());
      h.sim.setFaults({ status, statusCount: 3 });
      // Slow enough backoff that the waiting state can be seen.
      h.core.startDelivery({ backoff: { baseMs: 150, capMs: 300 }, random: () => 0.99 });
      const id = create(h, `UP-${status}`);
      const waiting = await waitingFor(h, 'server_error', 'waiting after a failure');
      assert.match(waiting.waitDetail?.message ?? '', new RegExp(`HTTP ${status}`));
      assert.ok(waiting.nextAttemptAt !== null, 'a retry is scheduled');
      assert.equal(get(h, id).lastError?.httpStatus, status);
      await until(() => get(h, id).state === 'sent', 'sent');
      const attempts = h.core.store.attempts(id);
      assert.deepEqual(attempts.map((a) => a.outcome), ['created', 'retry', 'retry', 'retry', 'sent']);
      assert.ok(attempts.slice(1, 4).every((a) => a.httpStatus === status && a.errorCode === 'server_error'));
      assert.equal(get(h, id).attempts, 4);
      // Each retry waited at least its backoff, which the fixed random source makes exact:
      // 148, 297, 297 ms (full jitter of 150·2^n, capped at 300).
      const gaps = attempts.slice(2).map((a, i) => a.at - attempts[i + 1]!.at);
      const policy = { baseMs: 150, capMs: 300 };
      const waits = [0, 1, 2].map((n) => backoffDelay(n, policy, () => 0.99));
      assert.deepEqual(waits, [148, 297, 297]);
      gaps.forEach((g, n) => assert.ok(g >= waits[n]!, `gap ${n}: ${g} ms, at least ${waits[n]} ms`));
      assert.deepEqual(acceptedIds(h), [id]);
    });
  }

  test('backoff grows as the policy says: exact waits with a fixed random source and an injected clock', async (t) => {
    let now = Date.parse('2025-03-01T08:00:00Z');
    const h = await harness({ core: { now: () => now } });
    t.after(() => h.close());
    const policy = { baseMs: 1000, capMs: 6000 };
    h.sim.setFaults({ status: 503, statusCount: 5 });
    // Five 503s in a row with nothing else going out would open the target's circuit (the
    // lone report is all there is to judge by: outage.test.ts has that); here the report's
    // own backoff is measured, so the circuit opens only after more failures than that.
    const worker = h.core.startDelivery({ backoff: policy, random: () => 0.5, circuit: { failures: 6 } });
    const id = create(h, 'UP-GROWTH');
    const waits: number[] = [];
    for (let n = 0; n < 5; n++) {
      await until(() => get(h, id).attempts === n + 1 && get(h, id).state === 'queued', `retry ${n + 1} written`);
      const e = get(h, id);
      waits.push(e.nextAttemptAt! - h.core.store.attempts(id).at(-1)!.at);
      now = e.nextAttemptAt!; // the clock moves to the retry's time, not a millisecond sooner
      worker.kick();
    }
    // Half of min(cap, base·2^n): the ceiling doubles from 1 s until the 6 s cap.
    assert.deepEqual(waits, [500, 1000, 2000, 3000, 3000]);
    assert.deepEqual(waits, [0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.5)));
    await until(() => get(h, id).state === 'sent', 'sent after the fifth retry');
  });

  test('503 with Retry-After: 1 waits at least a second (not rate limited: only that report waits)', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.setFaults({ status: 503, statusCount: 1, retryAfter: '1' });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-503RA');
    await until(() => get(h, id).lastError?.httpStatus === 503, 'first failure');
    const other = create(h, 'UP-OTHER');
    await until(() => get(h, other).state === 'sent', 'another usage place still goes');
    await until(() => get(h, id).state === 'sent', 'sent', 5000);
    const attempts = h.core.store.attempts(id);
    const retryAt = attempts.find((a) => a.outcome === 'retry')!.at;
    assert.ok(get(h, id).sentAt! - retryAt >= 1000, `waited ${get(h, id).sentAt! - retryAt} ms`);
    assert.equal(h.core.status().rateLimitedUntil, null);
  });

  test('429 with Retry-After in seconds: the whole target waits at least that long, shown as rate_limited', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.setFaults({ status: 429, statusCount: 1, retryAfter: '1' });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-429');
    await until(() => h.core.status().waitReason === 'rate_limited', 'rate limited');
    const limited = h.core.status();
    const retryAt = h.core.store.attempts(id).find((a) => a.outcome === 'retry')!.at;
    assert.ok(limited.rateLimitedUntil !== null);
    assert.ok(limited.rateLimitedUntil! >= retryAt + 1000 && limited.rateLimitedUntil! <= retryAt + 1100, 'until = answer + 1 s');
    assert.equal(get(h, id).lastError?.code, 'rate_limited');
    const other = create(h, 'UP-429-OTHER'); // another usage place, same target: must wait too
    await until(() => h.core.status().counts.sent === 2, 'both sent after the wait', 5000);
    assert.ok(get(h, id).sentAt! >= limited.rateLimitedUntil!, 'the limited report waited');
    assert.ok(get(h, other).sentAt! >= limited.rateLimitedUntil!, 'the other usage place waited too');
    assert.deepEqual(acceptedIds(h).sort(), [id, other].sort());
    assert.equal(h.core.status().rateLimitedUntil, null);
    assert.equal(get(h, id).attempts, 2);
  });

  test('429 while many reports are claimed: none of them is sent before Retry-After, only those already in flight answer', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    const target = h.core.settings.currentTarget();
    const ids = h.core.store
      .enqueue(Array.from({ length: 40 }, (_, i) => ({ event: { id: randomUUID(), usageplacecode: `UP-RL-${i}`, time: '2024-01-04 10:41:40', status: 'disconnected' as const }, target })), Date.now())
      .map((e) => e.id);
    h.sim.setFaults({ status: 429, statusCount: 1, retryAfter: '1', latencyMs: 20 });
    const concurrency = 4;
    h.core.startDelivery({ backoff: FAST_BACKOFF, concurrency });
    await until(() => h.core.status().counts.sent === 40, 'all sent after the wait', 10_000);
    const limited = ids.find((id) => h.core.store.attempts(id).some((a) => a.outcome === 'retry'))!;
    const answeredAt = h.core.store.attempts(limited).find((a) => a.outcome === 'retry')!.at;
    const sentMeanwhile = ids.filter((id) => {
      const sentAt = get(h, id).sentAt!;
      return sentAt > answeredAt && sentAt < answeredAt + 1000;
    });
    // Requests already on their way when the 429 came may still answer; nothing new may start.
    assert.ok(sentMeanwhile.length <= concurrency - 1, `${sentMeanwhile.length} sent during the wait`);
    assert.equal(h.core.store.counts().sending, 0);
  });

  test('429 with Retry-After as an HTTP date: waits until that moment', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    const header = new Date(Date.now() + 2000).toUTCString();
    const at = Date.parse(header); // whole seconds: 1–2 s from now
    h.sim.setFaults({ status: 429, statusCount: 1, retryAfter: header });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-429D');
    await until(() => h.core.status().waitReason === 'rate_limited', 'rate limited');
    assert.ok(h.core.status().rateLimitedUntil! >= at, 'limited until the date');
    await until(() => get(h, id).state === 'sent', 'sent', 5000);
    assert.ok(get(h, id).sentAt! >= at, `sent ${get(h, id).sentAt! - at} ms after the date`);
  });

  test('429 with Retry-After: 0, again and again: the worker still backs off instead of hammering', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.reset();
    h.sim.setFaults({ status: 429, retryAfter: '0' }); // every event request, until switched off
    h.core.startDelivery({ backoff: { baseMs: 100, capMs: 400 } });
    const id = create(h, 'UP-429-ZERO');
    await new Promise((r) => setTimeout(r, 800));
    const tries = h.sim.record().requests.filter((r) => r.path === '/rest/usageplace/event').length;
    // Full jitter from 100 ms doubling to 400 ms (floor 100 ms) allows at most ~9 tries in 800 ms.
    assert.ok(tries >= 2 && tries <= 10, `${tries} requests in 800 ms`);
    assert.equal(get(h, id).lastError?.code, 'rate_limited');
    h.sim.setFaults({ status: null });
    await until(() => get(h, id).state === 'sent', 'sent when the limit is lifted', 3000);
  });

  test('429 with an HTTP-date Retry-After is read against the server\'s clock (Date header), not the PC\'s', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    // Ropo One's clock is an hour ahead of this PC; it says "come back in 1–2 s" as a date.
    h.sim.setFaults({ clockSkewSeconds: 3600 });
    const header = new Date(Date.now() + 3_600_000 + 2000).toUTCString();
    h.sim.setFaults({ status: 429, statusCount: 1, retryAfter: header });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const started = Date.now();
    const id = create(h, 'UP-429-SKEW');
    await until(() => h.core.status().waitReason === 'rate_limited', 'rate limited');
    const until3 = h.core.status().rateLimitedUntil!;
    assert.ok(until3 - started <= 3500, `limited for ${Math.round((until3 - started) / 1000)} s, not an hour`);
    await until(() => get(h, id).state === 'sent', 'sent after the server\'s 1–2 s', 5000);
    assert.ok(get(h, id).sentAt! - started >= 900, 'it did wait');
  });

  // ---------------------------------------------------------------- network failures

  test('connection reset (simulator offline): retried as server_unreachable, sent once back online', async (t) => {
    const h = await harness();
    t.after(() => h.close());
    h.sim.setFaults({ offline: true });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-OFF');
    await until(() => get(h, id).attempts >= 3, 'several tries while offline');
    await waitingFor(h, 'server_unreachable', 'shown as server unreachable');
    assert.equal(get(h, id).lastError?.code, 'server_unreachable');
    assert.equal(get(h, id).lastError?.httpStatus, null);
    h.sim.setFaults({ offline: false });
    await until(() => get(h, id).state === 'sent', 'sent once back');
    assert.deepEqual(acceptedIds(h), [id]);
    assert.ok(h.sim.record().requests.filter((r) => r.status === 0).length >= 3);
  });

  test('DNS failure (a lookup that fails with ENOTFOUND): retried as network_offline', async (t) => {
    const dns = failingLookupFetch();
    const h = await harness({ core: { fetch: dns.fetch } }); // the simulator is an IP literal: never looked up
    h.sim.reset(); // forget the sign-in request
    const target = { baseUrl: 'https://ropo-one.example/rest', cid: DEMO_CID };
    const forget = await storeSession(h, target, true);
    t.after(async () => {
      await forget();
      await h.close();
      await dns.close();
    });
    const [entry] = h.core.store.enqueue([{ event: wireEvent({ usageplacecode: 'UP-DNS' }), target }], Date.now());
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    await until(() => get(h, entry!.id).attempts >= 2, 'retried');
    const e = get(h, entry!.id);
    assert.equal(e.lastError?.code, 'network_offline');
    assert.equal(e.lastError?.message, 'No network connection (ENOTFOUND).');
    assert.equal(e.lastError?.technical, 'ENOTFOUND', 'the technical code, apart from any sentence');
    assert.ok(e.state === 'queued' || e.state === 'sending');
    assert.ok(dns.lookups.length >= 2 && dns.lookups.every((host) => host === 'ropo-one.example'), `looked up ${dns.lookups.join(', ')}`);
    await waitingFor(h, 'network_offline', 'shown as no network');
    assert.equal(h.sim.record().requests.length, 0, 'nothing went to the simulator: a report only goes to its own target');
  });

  test('TLS failure (self-signed certificate): retried as tls_failed, for the event and for /token', async (t) => {
    let requestsSeen = 0;
    const server = createHttpsServer(
      { key: readFileSync(new URL('key.pem', TLS_DIR)), cert: readFileSync(new URL('cert.pem', TLS_DIR)) },
      (_req, res) => {
        requestsSeen += 1;
        res.writeHead(200).end();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/rest`;
    const h = await harness();
    const withToken = { baseUrl, cid: 'cid-with-token' };
    const withoutToken = { baseUrl, cid: 'cid-without-token' };
    const forget1 = await storeSession(h, withToken, true);
    const forget2 = await storeSession(h, withoutToken, false);
    t.after(async () => {
      await forget1();
      await forget2();
      await h.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    const [a, b] = h.core.store.enqueue(
      [
        { event: wireEvent({ usageplacecode: 'UP-TLS-1' }), target: withToken },
        { event: wireEvent({ usageplacecode: 'UP-TLS-2' }), target: withoutToken },
      ],
      Date.now(),
    );
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    await until(() => get(h, a!.id).attempts >= 2 && get(h, b!.id).attempts >= 2, 'both retried');
    for (const id of [a!.id, b!.id]) {
      const e = get(h, id);
      assert.equal(e.lastError?.code, 'tls_failed', `${id}: ${e.lastError?.message}`);
      assert.match(e.lastError?.message ?? '', /SELF_SIGNED|CERT/);
    }
    await waitingFor(h, 'tls_failed', 'shown as a TLS failure');
    assert.deepEqual(h.core.holds.signInPauses(), [], 'a TLS failure on /token is not a refused sign-in');
    assert.equal(requestsSeen, 0, 'no request got past the handshake');
  });

  test('timeout: a slow answer is retried with the same id, and accepted exactly once', async (t) => {
    const h = await harness({ core: { requestTimeoutMs: 250 } });
    t.after(() => h.close());
    h.sim.setFaults({ latencyMs: 600 });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
    const id = create(h, 'UP-SLOW');
    await until(() => get(h, id).attempts >= 2, 'timed out twice', 5000);
    assert.equal(get(h, id).lastError?.code, 'server_unreachable');
    assert.match(get(h, id).lastError?.message ?? '', /did not answer in time/);
    await waitingFor(h, 'server_unreachable', 'shown as server unreachable');
    h.sim.setFaults({ latencyMs: 0 });
    await until(() => get(h, id).state === 'sent', 'sent when answers are quick again');
    // Let any still-sleeping earlier request finish in the simulator before reading its record.
    await new Promise((r) => setTimeout(r, 700));
    const record = h.sim.record();
    assert.deepEqual(record.accepted.map((a) => a.event.id), [id], 'accepted exactly once');
    assert.ok(Object.keys(record.duplicatesById).every((d) => d === id), 'any repeat is the same id');
  });
});

// ---------------------------------------------------------------- the pieces

test('parseRetryAfter: delay-seconds and HTTP dates', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 7 ', now), 7000);
  assert.equal(parseRetryAfter('0', now), 0);
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter(undefined, now), null);
  assert.equal(parseRetryAfter('', now), null);
  assert.equal(parseRetryAfter('soon', now), null);
});

test('parseRetryAfter: text that is neither delay-seconds nor an HTTP date is unreadable (null)', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  for (const text of ['-1', '1.5', 'in 5', 'abc 2000']) assert.equal(parseRetryAfter(text, now), null, JSON.stringify(text));
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now), 30_000, 'IMF-fixdate');
  assert.equal(parseRetryAfter('Saturday, 01-Mar-25 12:00:30 GMT', now), 30_000, 'RFC 850');
  assert.equal(parseRetryAfter('Sat Mar  1 12:00:30 2025', now), 30_000, 'asctime');
});

test('backoffDelay: full jitter in [floor, min(cap, base·2^n)]', () => {
  const policy = { baseMs: 2000, capMs: 600_000 };
  assert.deepEqual(DEFAULT_BACKOFF, policy, 'about 2 s base, about 10 min cap');
  const justBelowOne = () => 0.999_999;
  for (let n = 0; n < 12; n++) {
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** n);
    assert.equal(backoffDelay(n, policy, () => 0), 100, 'a zero draw still waits the floor');
    assert.equal(backoffDelay(n, policy, () => 0.5), Math.max(100, Math.floor(ceiling / 2)));
    const top = backoffDelay(n, policy, justBelowOne);
    assert.ok(top < ceiling && top >= ceiling - 1, `n=${n}: ${top} just under ${ceiling}`);
  }
  assert.equal(backoffDelay(9, policy, justBelowOne), 599_999, 'capped from the 9th retry on');
  assert.equal(backoffDelay(10_000, policy, justBelowOne), 599_999, 'a huge count stays at the cap');
  // With the real random, every draw is inside the bounds.
  for (let i = 0; i < 1000; i++) {
    const d = backoffDelay(i % 15, policy);
    assert.ok(d >= 100 && d <= policy.capMs);
  }
});

test('classifyNetworkError: offline, unreachable, TLS, timeout', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
  const sysErr = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(classifyNetworkError(fetchFailed(sysErr('ENOTFOUND'))).code, 'network_offline');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('EAI_AGAIN'))).code, 'network_offline');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('ENETUNREACH'))).code, 'network_offline');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('ECONNREFUSED'))).code, 'server_unreachable');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('ECONNRESET'))).code, 'server_unreachable');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('UND_ERR_SOCKET'))).code, 'server_unreachable');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('DEPTH_ZERO_SELF_SIGNED_CERT'))).code, 'tls_failed');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('CERT_HAS_EXPIRED'))).code, 'tls_failed');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('ERR_TLS_CERT_ALTNAME_INVALID'))).code, 'tls_failed');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).code, 'tls_failed');
  // Two levels deep, and inside an AggregateError (happy eyeballs tries IPv4 and IPv6).
  assert.equal(classifyNetworkError(fetchFailed({ cause: sysErr('ENOTFOUND') })).code, 'network_offline');
  assert.equal(classifyNetworkError(fetchFailed(new AggregateError([sysErr('ENETUNREACH'), sysErr('ENETUNREACH')]))).code, 'network_offline');
  const timeout = classifyNetworkError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  assert.deepEqual(timeout, { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: 'timeout' });
  assert.equal(classifyNetworkError(fetchFailed(sysErr('UND_ERR_CONNECT_TIMEOUT'))).code, 'server_unreachable');
  assert.equal(classifyNetworkError(undefined).code, 'server_unreachable');
  assert.equal(classifyNetworkError('weird').code, 'server_unreachable');
  assert.match(classifyNetworkError(fetchFailed(sysErr('ECONNREFUSED'))).message, /ECONNREFUSED/, 'the code is shown');
  assert.equal(classifyNetworkError(fetchFailed(sysErr('UND_ERR_SOCKET'))).technical, 'UND_ERR_SOCKET', 'and kept on its own for the details');
});

test('classifyNetworkError: the real errors fetch throws here', async (t) => {
  // A loopback port that was just free'd: a real ECONNREFUSED from undici.
  const gone = createTcpServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const closedPort = (gone.address() as AddressInfo).port;
  await new Promise((r) => gone.close(r));
  const refused = await fetch(`http://127.0.0.1:${closedPort}/rest/token`, { method: 'POST' }).then(() => null, (e: unknown) => e);
  assert.deepEqual(classifyNetworkError(refused), { code: 'server_unreachable', message: 'Could not reach Ropo One (ECONNREFUSED).', technical: 'ECONNREFUSED' });
  // A server that takes the connection and never answers: the client's timeout.
  const held = new Set<Socket>();
  const silent = createTcpServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of held) socket.destroy(); // close() waits for open connections
    silent.close();
  });
  const port = (silent.address() as AddressInfo).port;
  const timedOut = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(100) }).then(() => null, (e: unknown) => e);
  assert.deepEqual(classifyNetworkError(timedOut), { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: 'timeout' });
  // A name that does not resolve (the lookup is injected: this machine's resolver may hang or answer).
  const failing = failingLookupFetch();
  t.after(() => failing.close());
  const dns = await failing.fetch('https://ropo-one.example/rest/token', { method: 'POST' }).then(() => null, (e: unknown) => e);
  assert.deepEqual(classifyNetworkError(dns), { code: 'network_offline', message: 'No network connection (ENOTFOUND).', technical: 'ENOTFOUND' });
  assert.deepEqual(failing.lookups, ['ropo-one.example']);
});

test('classifyNetworkError: Chromium errors from net.fetch, and proxies that refuse', () => {
  const chromium = (name: string) => new Error(`net::${name}`);
  assert.equal(classifyNetworkError(chromium('ERR_INTERNET_DISCONNECTED')).code, 'network_offline');
  assert.equal(classifyNetworkError(chromium('ERR_NAME_NOT_RESOLVED')).code, 'network_offline');
  assert.equal(classifyNetworkError(chromium('ERR_CERT_AUTHORITY_INVALID')).code, 'tls_failed');
  assert.equal(classifyNetworkError(chromium('ERR_SSL_PROTOCOL_ERROR')).code, 'tls_failed');
  assert.deepEqual(classifyNetworkError(chromium('ERR_CONNECTION_TIMED_OUT')), { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: 'ERR_CONNECTION_TIMED_OUT' });
  assert.deepEqual(classifyNetworkError(chromium('ERR_PROXY_CONNECTION_FAILED')), {
    code: 'server_unreachable', message: 'The proxy did not let the request through (ERR_PROXY_CONNECTION_FAILED).', technical: 'ERR_PROXY_CONNECTION_FAILED',
  });
  assert.deepEqual(classifyNetworkError(chromium('ERR_CONNECTION_REFUSED')), {
    code: 'server_unreachable', message: 'Could not reach Ropo One (ERR_CONNECTION_REFUSED).', technical: 'ERR_CONNECTION_REFUSED',
  });
  // undici's ProxyAgent: a tunnel refused, or a plain request answered 407.
  const tunnel = new TypeError('fetch failed', { cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling') });
  assert.deepEqual(classifyNetworkError(tunnel), { code: 'server_unreachable', message: 'The proxy refused the connection (HTTP 403).', technical: 'proxy HTTP 403' });
  const auth = new TypeError('fetch failed', { cause: new Error('Proxy Authentication Required (407)') });
  assert.match(classifyNetworkError(auth).message, /HTTP 407\): it wants a user name and password/);
});
