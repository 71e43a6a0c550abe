// The simulator's normal behaviour: tokens, 401s, validation answers and repeated ids,
// checked over real HTTP on loopback.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, decodeJwt } from 'jose';
import type { Simulator } from '../../electron/sandbox/simulator.ts';
import { DEMO_APICODE, DEMO_CID, startSimulator } from '../../electron/sandbox/simulator.ts';
import { AuthError } from '../../shared/usageplace-event.ts';
import { GUIDE_EVENT, freshEvent, getToken, postEvent, postJson, problemOf, sleep } from './sim-client.ts';

describe('simulator: tokens and events', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('listens on loopback with a random port', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(sim.port, 0);
    assert.equal(sim.apiUrl, `${sim.url}/rest`);
  });

  it('issues a JWT with 201 that expires after the token lifetime', async () => {
    const res = await postJson(`${sim.apiUrl}/token`, { cid: DEMO_CID, apicode: DEMO_APICODE });
    assert.equal(res.status, 201);
    assert.ok(res.headers.get('date'), 'every answer carries a Date header');
    const { token } = (await res.json()) as { token: string };
    const payload = decodeJwt(token);
    assert.equal(payload['cid'], DEMO_CID);
    assert.equal(typeof payload.jti, 'string');
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 7200);
    assert.ok(Math.abs((payload.exp ?? 0) - (Date.now() / 1000 + 7200)) < 5);
    assert.equal(sim.record().tokensIssued, 1);
  });

  it('answers wrong credentials with 400 AuthError errorId 2', async () => {
    for (const body of [{ cid: DEMO_CID, apicode: 'wrong' }, { cid: 'nobody', apicode: DEMO_APICODE }]) {
      const res = await postJson(`${sim.apiUrl}/token`, body);
      assert.equal(res.status, 400);
      assert.deepEqual(AuthError.parse(await res.json()), { errorId: 2, errorText: 'Invalid cid or apicode' });
    }
    assert.equal(sim.record().tokensIssued, 0);
  });

  it('answers an invalid token request with 400 AuthError errorId 1', async () => {
    const missing = await postJson(`${sim.apiUrl}/token`, { cid: DEMO_CID });
    assert.equal(missing.status, 400);
    const error = AuthError.parse(await missing.json());
    assert.equal(error.errorId, 1);
    assert.match(error.errorText ?? '', /apicode: is required/);

    const notJson = await postJson(`${sim.apiUrl}/token`, '{cid:');
    assert.equal(notJson.status, 400);
    assert.equal(AuthError.parse(await notJson.json()).errorId, 1);

    const wrongType = await postJson(`${sim.apiUrl}/token`, { cid: 42, apicode: DEMO_APICODE });
    assert.equal(wrongType.status, 400);
    assert.match(AuthError.parse(await wrongType.json()).errorText ?? '', /cid: must be string/);
    assert.deepEqual(sim.record().requests.map((r) => r.openApiValid), [false, false, false]);
  });

  it('accepts a valid event with 200 and no body, and records it', async () => {
    const token = await getToken(sim);
    const event = freshEvent();
    const res = await postEvent(sim, token, event);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    const record = sim.record();
    assert.equal(record.accepted.length, 1);
    assert.equal(record.accepted[0]?.cid, DEMO_CID);
    assert.deepEqual(record.accepted[0]?.event, event);
    assert.ok(!Number.isNaN(Date.parse(record.accepted[0]?.receivedAt ?? '')));
    assert.deepEqual(record.requests.at(-1), { method: 'POST', path: '/rest/usageplace/event', status: 200, openApiValid: true });
  });

  it('answers a repeated id with 200, counts it as a duplicate and records it once', async () => {
    const token = await getToken(sim);
    const event = freshEvent();
    for (let i = 0; i < 3; i += 1) assert.equal((await postEvent(sim, token, event)).status, 200);
    const record = sim.record();
    assert.equal(record.accepted.length, 1);
    assert.equal(record.duplicates, 2);
    assert.deepEqual(record.duplicatesById, { [event['id'] as string]: 2 });
  });

  it('answers 401 without a token, with a bad or forged token', async () => {
    const event = freshEvent();
    const forged = await new SignJWT({ cid: DEMO_CID })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .setJti('x')
      .sign(new Uint8Array(32));
    for (const token of [null, 'not-a-jwt', forged]) {
      const res = await postEvent(sim, token, event);
      assert.equal(res.status, 401);
      await res.arrayBuffer();
    }
    const basic = await postJson(`${sim.apiUrl}/usageplace/event`, event, { authorization: 'Basic ZGVtbzpkZW1v' });
    assert.equal(basic.status, 401);
    assert.equal(sim.record().accepted.length, 0);
  });

  it('answers 401 to an expired token', async () => {
    sim.setFaults({ tokenTtlSeconds: 1 });
    const token = await getToken(sim);
    const payload = decodeJwt(token);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 1);
    await sleep(1100);
    assert.equal((await postEvent(sim, token, freshEvent())).status, 401);
  });

  it('answers 401 to tokens issued before expire-tokens, and accepts new ones', async () => {
    const old = await getToken(sim);
    sim.expireTokens();
    assert.equal((await postEvent(sim, old, freshEvent())).status, 401);
    const fresh = await getToken(sim);
    assert.equal((await postEvent(sim, fresh, freshEvent())).status, 200);
  });

  it('rejects a token from another simulator run', async () => {
    const other = await startSimulator();
    try {
      const foreign = await getToken(other);
      assert.equal((await postEvent(sim, foreign, freshEvent())).status, 401);
    } finally {
      await other.close();
    }
  });

  it('answers invalid events with 400 HttpApiProblem naming the field', async () => {
    const token = await getToken(sim);
    const cases: Array<[Record<string, unknown> | string, RegExp, boolean]> = [
      [{ ...GUIDE_EVENT, id: 'j', invoices: [{ invoicenumber: '594294', jobid: '1234' }] }, /invoices\.0\.jobid: must be integer/, false],
      [freshEvent({ status: 'broken' }), /^status: must be one of disconnected, connected, notdisconnected$/, true],
      [freshEvent({ time: '2024-01-04T10:41:40' }), /^time: must be in format YYYY-MM-DD HH:mm:ss$/, true],
      [freshEvent({ time: '2024-02-30 10:41:40' }), /^time: is not a real date/, true],
      [freshEvent({ id: undefined }), /^id: is required$/, true],
      [freshEvent({ usageplacecode: '' }), /^usageplacecode: must not be empty$/, true],
      [freshEvent({ extra: 1 }), /^extra: is not a field of UsageplaceEvent$/, true],
      [freshEvent({ time: 20240104 }), /^time: must be string$/, false],
      [[1, 2] as unknown as Record<string, unknown>, /^body: must be object$/, false],
      ['{"id": "x",', /not valid JSON/, false],
    ];
    for (const [body, detail, openApiValid] of cases) {
      const problem = await problemOf(await postEvent(sim, token, body), 400);
      assert.equal(problem.title, 'Bad Request');
      assert.match(problem.detail ?? '', detail);
      assert.equal(sim.record().requests.at(-1)?.openApiValid, openApiValid, `openApiValid for ${String(detail)}`);
    }
    assert.equal(sim.record().accepted.length, 0);
  });

  it('answers 415 to an event that is not sent as JSON', async () => {
    const token = await getToken(sim);
    const res = await fetch(`${sim.apiUrl}/usageplace/event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify(freshEvent()),
    });
    await problemOf(res, 415);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    await problemOf(await fetch(`${sim.apiUrl}/nothing`), 404);
    await problemOf(await fetch(`${sim.url}/`), 404);
    const res = await fetch(`${sim.apiUrl}/token`);
    assert.equal(res.headers.get('allow'), 'POST');
    await problemOf(res, 405);
  });

  it('keeps one keep-alive connection usable across answers', async () => {
    const token = await getToken(sim);
    const statuses = [];
    for (const body of [freshEvent(), freshEvent({ status: 'x' }), freshEvent()]) {
      const res = await postEvent(sim, token, body);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [200, 400, 200]);
  });
});

describe('simulator: accounts and options', () => {
  it('uses the given accounts and token lifetime, and closes promptly', async () => {
    const sim = await startSimulator({ accounts: [{ cid: 'c1', apicode: 'a1' }], tokenTtlSeconds: 60 });
    try {
      assert.equal((await postJson(`${sim.apiUrl}/token`, { cid: DEMO_CID, apicode: DEMO_APICODE })).status, 400);
      const token = await getToken(sim, 'c1', 'a1');
      const payload = decodeJwt(token);
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 60);
      assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
      assert.equal(sim.record().accepted[0]?.cid, 'c1');
    } finally {
      const started = Date.now();
      await sim.close();
      assert.ok(Date.now() - started < 1000, 'close() does not wait for keep-alive sockets');
    }
  });
});
