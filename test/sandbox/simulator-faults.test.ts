// The simulator's switchable faults and its /__sim/ control API, over real HTTP on loopback.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../electron/sandbox/simulator.ts';
import { CONTROL_TOKEN_HEADER, startSimulator } from '../../electron/sandbox/simulator.ts';
import {
  assertDropped, controlGet, controlPost, freshEvent, getToken, postEvent, postJson, problemOf,
} from './sim-client.ts';

describe('simulator: faults', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator();
    token = await getToken(sim);
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('offline drops every /rest request without an answer, but still records it', async () => {
    sim.setFaults({ offline: true });
    await assertDropped(postEvent(sim, token, freshEvent()));
    await assertDropped(postJson(`${sim.apiUrl}/token`, { cid: 'demo', apicode: 'x' }));
    const record = sim.record();
    assert.deepEqual(record.requests.map((r) => r.status), [0, 0]);
    assert.equal(record.accepted.length, 0);
    sim.setFaults({ offline: false });
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
  });

  it('dropRate 1 drops every request, dropRate 0 none', async () => {
    sim.setFaults({ dropRate: 1 });
    await assertDropped(postEvent(sim, token, freshEvent()));
    sim.setFaults({ dropRate: 0 });
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
  });

  it('dropRate uses the random source', async () => {
    const values = [0.1, 0.9];
    const seeded = await startSimulator({ random: () => values.shift() ?? 0.9 });
    try {
      const seededToken = await getToken(seeded);
      seeded.setFaults({ dropRate: 0.5 });
      await assertDropped(postEvent(seeded, seededToken, freshEvent())); // 0.1 < 0.5
      assert.equal((await postEvent(seeded, seededToken, freshEvent())).status, 200); // 0.9
    } finally {
      await seeded.close();
    }
  });

  it('dropAfterAccept records the event, drops the answer, and a retry is a duplicate', async () => {
    sim.setFaults({ dropAfterAcceptRate: 1 });
    const event = freshEvent();
    await assertDropped(postEvent(sim, token, event));
    assert.equal(sim.record().accepted.length, 1);
    sim.setFaults({ dropAfterAcceptRate: 0 });
    assert.equal((await postEvent(sim, token, event)).status, 200);
    const record = sim.record();
    assert.equal(record.accepted.length, 1);
    assert.equal(record.duplicates, 1);
  });

  it('repeatStatus 409 answers a repeat of an accepted id with 409 Conflict (default 200), also after a dropped answer', async () => {
    assert.equal(sim.faults().repeatStatus, 200, 'repeats are answered 200 unless switched');
    const event = freshEvent();
    assert.equal((await postEvent(sim, token, event)).status, 200);
    assert.equal((await postEvent(sim, token, event)).status, 200, 'a repeat, answered like the first time');
    const switched = await controlPost(sim, '/faults', { repeatStatus: 409 });
    assert.equal(((await switched.json()) as { repeatStatus: number }).repeatStatus, 409, 'switchable over the control API');
    const problem = await problemOf(await postEvent(sim, token, event), 409);
    assert.equal(problem.title, 'Conflict');
    assert.match(problem.detail ?? '', new RegExp(`${String(event.id)}.*already received`));
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200, 'a new id is still accepted with 200');
    // Accepted, then cut before the answer: the resend is the repeat that gets the 409.
    const cut = freshEvent();
    sim.setFaults({ dropAfterAcceptRate: 1 });
    await assertDropped(postEvent(sim, token, cut));
    sim.setFaults({ dropAfterAcceptRate: 0 });
    await problemOf(await postEvent(sim, token, cut), 409);
    const record = sim.record();
    assert.equal(record.accepted.filter((a) => a.event.id === cut.id).length, 1);
    assert.equal(record.duplicatesById[String(event.id)], 2);
    assert.equal(record.duplicatesById[String(cut.id)], 1);
    assert.equal((await controlPost(sim, '/faults', { repeatStatus: 404 })).status, 400, 'only 200 or 409');
  });

  it('status 503 with Retry-After answers every event request until switched off', async () => {
    sim.setFaults({ status: 503, retryAfter: '2' });
    for (let i = 0; i < 2; i += 1) {
      const res = await postEvent(sim, token, freshEvent());
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '2');
      await res.arrayBuffer();
    }
    assert.equal(sim.record().accepted.length, 0);
    sim.setFaults({ status: null });
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
  });

  it('status 429 sends Retry-After as an HTTP date and an HttpApiProblem body', async () => {
    const when = new Date(Date.now() + 3000).toUTCString();
    sim.setFaults({ status: 429, retryAfter: when });
    const res = await postEvent(sim, token, freshEvent());
    assert.equal(res.headers.get('retry-after'), when);
    const problem = await problemOf(res, 429);
    assert.equal(problem.title, 'Too Many Requests');
  });

  it('statusCount N answers the status N times, then normally again', async () => {
    sim.setFaults({ status: 500, statusCount: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await postEvent(sim, token, freshEvent());
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [500, 500, 200]);
    assert.equal(sim.faults().status, null);
    assert.equal(sim.faults().statusCount, null);
  });

  it('status faults apply to events only, failTokenWithStatus to tokens', async () => {
    sim.setFaults({ status: 500 });
    assert.equal((await postJson(`${sim.apiUrl}/token`, { cid: 'demo', apicode: 'demo-apicode-please-change' })).status, 201);
    sim.setFaults({ status: null, failTokenWithStatus: 503, retryAfter: '7' });
    const res = await postJson(`${sim.apiUrl}/token`, { cid: 'demo', apicode: 'demo-apicode-please-change' });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
  });

  it('latencyMs delays the answer', async () => {
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
    assert.ok(performance.now() - started >= 140);
  });

  it('clockSkewSeconds shifts the Date header', async () => {
    sim.setFaults({ clockSkewSeconds: 3600 });
    const res = await postEvent(sim, token, freshEvent());
    const skew = Date.parse(res.headers.get('date') ?? '') - Date.now();
    assert.ok(Math.abs(skew - 3_600_000) < 5000, `skew was ${skew} ms`);
  });

  it('rejects invalid fault values', () => {
    assert.throws(() => sim.setFaults({ dropRate: 2 }), /dropRate/);
    assert.throws(() => sim.setFaults({ status: 42 }), /status/);
  });
});

describe('simulator: control API over HTTP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('reads and merges faults, keeps working while offline, and resets', async () => {
    const initial = await controlGet(sim, '/faults');
    assert.equal(initial.status, 200);
    assert.deepEqual(await initial.json(), sim.faults());

    const merged = await controlPost(sim, '/faults', { offline: true, latencyMs: 5 });
    assert.equal(merged.status, 200);
    const faults = (await merged.json()) as Record<string, unknown>;
    assert.equal(faults['offline'], true);
    assert.equal(faults['latencyMs'], 5);
    assert.equal(faults['tokenTtlSeconds'], 7200);
    assert.equal(sim.faults().offline, true);

    await assertDropped(postJson(`${sim.apiUrl}/token`, {}));
    const record = await controlGet(sim, '/record');
    assert.equal(record.status, 200);
    const body = (await record.json()) as { requests: unknown[]; accepted: unknown[]; tokensIssued: number };
    assert.equal(body.requests.length, 1);

    const reset = await controlPost(sim, '/reset');
    assert.equal(reset.status, 200);
    assert.equal(sim.faults().offline, false);
    assert.equal(sim.record().requests.length, 0);
  });

  it('answers invalid fault changes with 400', async () => {
    await problemOf(await controlPost(sim, '/faults', { offline: 'yes' }), 400);
    await problemOf(await controlPost(sim, '/faults', { nonsense: 1 }), 400);
    await problemOf(await controlPost(sim, '/faults', '{'), 400);
    const headers = { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sim.controlToken };
    await problemOf(await fetch(`${sim.controlUrl}/record`, { method: 'DELETE', headers }), 405);
    await problemOf(await controlGet(sim, '/nothing'), 404);
  });

  it('expire-tokens makes earlier tokens answer 401', async () => {
    const token = await getToken(sim);
    assert.equal((await postEvent(sim, token, freshEvent())).status, 200);
    assert.equal((await controlPost(sim, '/expire-tokens')).status, 200);
    assert.equal((await postEvent(sim, token, freshEvent())).status, 401);
  });
});
