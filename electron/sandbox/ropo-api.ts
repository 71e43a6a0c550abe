// The two Ropo One endpoints under /rest, with the faults applied. Each handler returns the
// status it answered (0 = dropped without an answer) so the caller can record it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthError, AuthToken } from '../../shared/usageplace-event.ts';
import type { SimulatorFaults } from './faults.ts';
import type { SimRecorder } from './sim-record.ts';
import type { TokenAuthority } from './tokens.ts';
import { checkEvent } from './event-check.ts';
import {
  dropConnection, isJsonContentType, parseJson, readBody,
  sendEmpty, sendJson, sendProblem, sendText, statusTitle,
} from './http-io.ts';
import { validateAgainstOpenApi } from './openapi-validator.ts';

export const TOKEN_PATH = '/rest/token';
export const EVENT_PATH = '/rest/usageplace/event';

/** What the /rest handlers share with the simulator that owns them. */
export interface RopoState {
  faults: SimulatorFaults;
  readonly recorder: SimRecorder;
  readonly tokens: TokenAuthority;
  /** cid → apicode */
  readonly accounts: ReadonlyMap<string, string>;
  readonly random: () => number;
  /** A delay that the simulator cuts short when it closes. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface RopoOutcome {
  status: number;
  openApiValid: boolean;
}

const JSON_ONLY = 'Content-Type must be application/json';

function chance(rate: number, random: () => number): boolean {
  return rate >= 1 || (rate > 0 && random() < rate);
}

function faultHeaders(status: number, faults: SimulatorFaults): Record<string, string> {
  const headers: Record<string, string> = {};
  if ((status === 429 || status === 503) && faults.retryAfter !== null) headers['Retry-After'] = faults.retryAfter;
  if (status === 405) headers['Allow'] = 'POST';
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return headers;
}

/** A switched-on status fault: 4xx carry an HttpApiProblem, 5xx a short text page as a proxy would send. */
function sendFaultStatus(res: ServerResponse, status: number, faults: SimulatorFaults): void {
  const headers = faultHeaders(status, faults);
  if (status === 401 || status < 400) sendEmpty(res, status, headers);
  else if (status < 500) sendProblem(res, status, `Simulated fault: ${statusTitle(status)}`, headers);
  else sendText(res, status, `${status} ${statusTitle(status)} (simulated fault)`, headers);
}

/** Takes one use of the `status` fault if it applies to this event request. */
function takeStatusFault(state: RopoState): number | null {
  const { status, statusCount, statusRate } = state.faults;
  if (status === null || statusCount === 0 || !chance(statusRate, state.random)) return null;
  if (statusCount !== null) {
    const left = statusCount - 1;
    // When the count runs out the fault switches itself off, so faults() shows "normal" again.
    state.faults = left === 0 ? { ...state.faults, status: null, statusCount: null } : { ...state.faults, statusCount: left };
  }
  return status;
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export async function handleRopo(req: IncomingMessage, res: ServerResponse, path: string, state: RopoState): Promise<RopoOutcome> {
  const kind = path === TOKEN_PATH ? 'token' : path === EVENT_PATH ? 'event' : null;
  const body = await readBody(req);
  const parsed = body.ok ? parseJson(body.text) : null;
  const openApiValid = kind !== null && parsed?.ok === true && validateAgainstOpenApi(kind, parsed.value).valid;

  if (state.faults.offline || chance(state.faults.dropRate, state.random)) {
    dropConnection(req);
    return { status: 0, openApiValid };
  }
  if (state.faults.latencyMs > 0) await state.sleep(state.faults.latencyMs);
  if (req.socket.destroyed) return { status: 0, openApiValid };

  // Shift the Date header by the skew; node keeps a header set here instead of its own.
  res.setHeader('Date', new Date(Date.now() + state.faults.clockSkewSeconds * 1000).toUTCString());

  if (kind === null) {
    sendProblem(res, 404, `No such endpoint: ${path}`);
    return { status: 404, openApiValid };
  }
  if (req.method !== 'POST') {
    sendProblem(res, 405, `Method ${req.method ?? '?'} is not allowed on ${path}; use POST`, { Allow: 'POST' });
    return { status: 405, openApiValid };
  }
  const status = kind === 'token' ? await answerToken(req, res, state, body.ok ? parsed : null) : await answerEvent(req, res, state, body.ok ? parsed : null);
  return { status, openApiValid };
}

type Parsed = ReturnType<typeof parseJson> | null;

async function answerToken(req: IncomingMessage, res: ServerResponse, state: RopoState, parsed: Parsed): Promise<number> {
  const failWith = state.faults.failTokenWithStatus;
  if (failWith !== null) {
    if (failWith === 400) sendJson(res, 400, { errorId: 99, errorText: 'Simulated fault' } satisfies AuthError);
    else sendFaultStatus(res, failWith, state.faults);
    return failWith;
  }
  if (!isJsonContentType(req)) return badRequestAuth(res, JSON_ONLY);
  if (parsed === null) {
    sendProblem(res, 413, 'Request body is too large');
    return 413;
  }
  if (!parsed.ok) return badRequestAuth(res, parsed.reason);
  const check = validateAgainstOpenApi('token', parsed.value);
  if (!check.valid) return badRequestAuth(res, check.errors.join('; '));

  const { cid, apicode } = parsed.value as { cid: string; apicode: string };
  if (state.accounts.get(cid) !== apicode) {
    sendJson(res, 400, { errorId: 2, errorText: 'Invalid cid or apicode' } satisfies AuthError);
    return 400;
  }
  const token = await state.tokens.issue(cid, state.faults.tokenTtlSeconds, new Date());
  state.recorder.tokenIssued();
  sendJson(res, 201, { token } satisfies AuthToken);
  return 201;
}

function badRequestAuth(res: ServerResponse, errorText: string): number {
  sendJson(res, 400, { errorId: 1, errorText } satisfies AuthError);
  return 400;
}

async function answerEvent(req: IncomingMessage, res: ServerResponse, state: RopoState, parsed: Parsed): Promise<number> {
  const faultStatus = takeStatusFault(state);
  if (faultStatus !== null) {
    sendFaultStatus(res, faultStatus, state.faults);
    return faultStatus;
  }
  // Ropo One checks the token before it looks at the body, so 401 wins over 400.
  const token = bearerToken(req);
  const cid = token === null ? null : await state.tokens.verify(token);
  if (cid === null) {
    sendEmpty(res, 401, { 'WWW-Authenticate': 'Bearer' });
    return 401;
  }
  if (!isJsonContentType(req)) {
    sendProblem(res, 415, JSON_ONLY);
    return 415;
  }
  if (parsed === null) {
    sendProblem(res, 413, 'Request body is too large');
    return 413;
  }
  if (!parsed.ok) {
    sendProblem(res, 400, parsed.reason);
    return 400;
  }
  const check = checkEvent(parsed.value);
  if (!check.ok) {
    sendProblem(res, 400, check.detail);
    return 400;
  }
  const first = state.recorder.accept(cid, check.event, new Date());
  // Taken (or recognised as a repeat), then the connection is cut: the sender never hears.
  if (chance(state.faults.dropAfterAcceptRate, state.random)) {
    dropConnection(req);
    return 0;
  }
  // A repeated id is answered 200 like the first time (the sender may be retrying after a
  // lost answer), or 409 when that switch is on.
  if (!first && state.faults.repeatStatus === 409) {
    sendProblem(res, 409, `An event with id ${check.event.id} was already received`);
    return 409;
  }
  sendEmpty(res, 200);
  return 200;
}
