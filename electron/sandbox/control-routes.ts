// The simulator's own control API under /__sim/, for tests over HTTP and for trainers with
// curl. It never suffers the faults it switches, or it could not switch them off again.
// The simulator lets a POST here only with this run's token (see loopback-guard.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorFaults } from './faults.ts';
import type { SimulatorRecord } from './sim-record.ts';
import { parseJson, readBody, sendJson, sendProblem } from './http-io.ts';

export const CONTROL_PREFIX = '/__sim';

export interface ControlTarget {
  faults(): SimulatorFaults;
  /** Merges a partial change; throws an Error with a readable message when it is invalid. */
  setFaults(change: unknown): SimulatorFaults;
  reset(): void;
  record(): SimulatorRecord;
  expireTokens(): void;
}

const ROUTES: Record<string, string[]> = {
  '/__sim': ['GET'],
  '/__sim/faults': ['GET', 'POST'],
  '/__sim/reset': ['POST'],
  '/__sim/record': ['GET'],
  '/__sim/expire-tokens': ['POST'],
};

const HELP = {
  'POST requests': 'need Content-Type: application/json and X-Sim-Token: <the token usageplace sandbox printed>',
  'GET /__sim/faults': 'current faults',
  'POST /__sim/faults': 'merge a partial faults JSON, answers the new faults',
  'POST /__sim/reset': 'clear faults and the record',
  'GET /__sim/record': 'what the simulator received',
  'POST /__sim/expire-tokens': 'make every token issued so far invalid (401)',
};

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, sim: ControlTarget): Promise<void> {
  const route = path.replace(/\/+$/, '') || '/';
  const methods = ROUTES[route];
  const method = req.method ?? 'GET';
  if (!methods) {
    req.resume();
    sendProblem(res, 404, `No such control endpoint: ${path}`);
    return;
  }
  if (!methods.includes(method)) {
    req.resume();
    sendProblem(res, 405, `Use ${methods.join(' or ')} on ${route}`, { Allow: methods.join(', ') });
    return;
  }
  const key = `${method} ${route}`;
  if (key === 'POST /__sim/faults') {
    const body = await readBody(req);
    const parsed = body.ok ? parseJson(body.text) : { ok: false as const, reason: 'Request body is too large' };
    if (!parsed.ok) {
      sendProblem(res, 400, parsed.reason);
      return;
    }
    try {
      sendJson(res, 200, sim.setFaults(parsed.value));
    } catch (error) {
      sendProblem(res, 400, (error as Error).message);
    }
    return;
  }
  req.resume();
  switch (key) {
    case 'GET /__sim':
      sendJson(res, 200, HELP);
      return;
    case 'GET /__sim/faults':
      sendJson(res, 200, sim.faults());
      return;
    case 'GET /__sim/record':
      sendJson(res, 200, sim.record());
      return;
    case 'POST /__sim/reset':
      sim.reset();
      sendJson(res, 200, { ok: true, faults: sim.faults() });
      return;
    case 'POST /__sim/expire-tokens':
      sim.expireTokens();
      sendJson(res, 200, { ok: true });
      return;
  }
}
