// Small HTTP helpers for the simulator tests: real fetch over loopback, nothing mocked.
import assert from 'node:assert/strict';
import type { Simulator } from '../../electron/sandbox/simulator.ts';
import { CONTROL_TOKEN_HEADER, DEMO_APICODE, DEMO_CID } from '../../electron/sandbox/simulator.ts';
import { AuthToken, HttpApiProblem } from '../../shared/usageplace-event.ts';

/** The guide's "disconnected" example, with jobid as the integer the OpenAPI schema demands. */
export const GUIDE_EVENT = {
  contract_no: '555555b',
  customernumber: 'A123456',
  description: 'Usage place disconnected',
  id: '1a2b3c4d5',
  invoices: [{ invoicenumber: '594294', jobid: 1234 }],
  status: 'disconnected',
  time: '2024-01-04 10:41:40',
  usageplacecode: '643007572062443672',
};

let counter = 0;
/** A valid event with a fresh id, so tests do not count each other's events as repeats. */
export function freshEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { ...GUIDE_EVENT, id: `test-${process.pid}-${counter}`, ...overrides };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function getToken(sim: Simulator, cid = DEMO_CID, apicode = DEMO_APICODE): Promise<string> {
  const res = await postJson(`${sim.apiUrl}/token`, { cid, apicode });
  assert.equal(res.status, 201);
  return AuthToken.parse(await res.json()).token;
}

export function postEvent(sim: Simulator, token: string | null, body: unknown): Promise<Response> {
  return postJson(`${sim.apiUrl}/usageplace/event`, body, token === null ? {} : { authorization: `Bearer ${token}` });
}

/** Reads a 4xx body and checks it is an HttpApiProblem with the given status. */
export async function problemOf(res: Response, status: number): Promise<HttpApiProblem> {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const problem = HttpApiProblem.parse(await res.json());
  assert.equal(problem.status, status);
  assert.equal(problem.type, null);
  return problem;
}

/** Asserts the request fails at the connection level (no HTTP answer at all). */
export async function assertDropped(request: Promise<Response>): Promise<void> {
  await assert.rejects(request, (error: unknown) => {
    assert.ok(error instanceof TypeError, `expected a network error, got ${String(error)}`);
    return true;
  });
}

export function controlGet(sim: Simulator, path: string): Promise<Response> {
  return fetch(`${sim.controlUrl}${path}`);
}

export function controlPost(sim: Simulator, path: string, body: unknown = {}): Promise<Response> {
  return postJson(`${sim.controlUrl}${path}`, body, { [CONTROL_TOKEN_HEADER]: sim.controlToken });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
