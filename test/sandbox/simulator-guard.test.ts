// The simulator answers only its own operator: no web page the clerk has open, and no page
// that rebinds its own name to 127.0.0.1, can switch its faults or reach its API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_TOKEN_HEADER, DEMO_APICODE, DEMO_CID, startSimulator, type Simulator } from '../../electron/sandbox/simulator.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { getToken, postJson } from './sim-client.ts';

describe('simulator: only its own address, origin and run token', () => {
  let sim: Simulator;
  let own: Record<string, string>;
  before(async () => {
    sim = await startSimulator();
    own = { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: sim.controlToken };
  });
  after(() => sim.close());

  const goOffline = (headers: Record<string, string>) =>
    rawRequest(`${sim.controlUrl}/faults`, { method: 'POST', headers, body: '{"offline":true}' });

  it('each run has a token of its own, long and random', async () => {
    const other = await startSimulator();
    try {
      assert.match(sim.controlToken, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(other.controlToken, sim.controlToken);
    } finally {
      await other.close();
    }
  });

  it('a control POST goes through with the token, as JSON, from its own origin or none', async () => {
    assert.equal((await goOffline(own)).status, 200);
    assert.equal(sim.faults().offline, true);
    assert.equal((await rawRequest(`${sim.controlUrl}/reset`, { method: 'POST', headers: { ...own, origin: sim.url } })).status, 200);
    assert.equal(sim.faults().offline, false);
  });

  it('refuses a control POST without the token, with a wrong one, or not as JSON, and changes nothing', async () => {
    const answers = [
      await goOffline({ 'content-type': 'application/json' }),
      await goOffline({ 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: `${sim.controlToken}x` }),
      await goOffline({ 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: '' }),
      await goOffline({ 'content-type': 'text/plain', [CONTROL_TOKEN_HEADER]: sim.controlToken }),
      await goOffline({ 'content-type': 'application/x-www-form-urlencoded', [CONTROL_TOKEN_HEADER]: sim.controlToken }),
      await rawRequest(`${sim.controlUrl}/expire-tokens`, { method: 'POST' }),
    ];
    assert.deepEqual(answers.map((a) => a.status), [403, 403, 403, 415, 415, 415]);
    assert.match(answers[0]!.body, /X-Sim-Token/);
    assert.equal(sim.faults().offline, false);
  });

  it('refuses a cross-origin page, even one that has the token', async () => {
    for (const origin of ['https://evil.example', 'null', `http://localhost:${sim.port}`, `http://127.0.0.1:${sim.port + 1}`]) {
      const answer = await goOffline({ ...own, origin });
      assert.equal(answer.status, 403, origin);
    }
    assert.equal((await rawRequest(`${sim.controlUrl}/record`, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
    assert.equal(sim.faults().offline, false);
  });

  it('refuses a rebound Host on every route: control, record and the API itself', async () => {
    const rebound = { host: `evil.example:${sim.port}` };
    assert.equal((await goOffline({ ...own, ...rebound })).status, 421);
    assert.equal((await rawRequest(`${sim.controlUrl}/record`, { headers: rebound })).status, 421);
    const token = await rawRequest(`${sim.apiUrl}/token`, {
      method: 'POST', headers: { ...rebound, 'content-type': 'application/json' }, body: JSON.stringify({ cid: DEMO_CID, apicode: DEMO_APICODE }),
    });
    assert.equal(token.status, 421);
    assert.doesNotMatch(token.body, /"token"/);
    for (const host of [`localhost:${sim.port}`, `127.0.0.1:${sim.port + 1}`, '127.0.0.1']) {
      assert.equal((await rawRequest(`${sim.controlUrl}/faults`, { headers: { host } })).status, 421, host);
    }
    assert.equal(sim.faults().offline, false);
  });

  it('a client of the API (fetch, no Origin) is served as before', async () => {
    const token = await getToken(sim);
    assert.ok(token.length > 0);
    assert.equal((await postJson(`${sim.apiUrl}/token`, { cid: DEMO_CID, apicode: 'wrong' })).status, 400);
  });
});
