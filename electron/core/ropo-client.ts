import { AuthError, AuthToken, HttpApiProblem } from '../../shared/usageplace-event.ts';
import type { LastError, WaitReason } from '../../shared/outbox.ts';
import { classifyNetworkError } from './network-errors.ts';
import { parseRetryAfter } from './retry-after.ts';

/** What one call to Ropo One came to, classified as DESIGN.md's table says. */
export type EventOutcome =
  | { kind: 'sent'; httpStatus: number; serverDate: number | null }
  | { kind: 'rejected'; error: LastError; serverDate: number | null }
  | { kind: 'unauthorized'; serverDate: number | null }
  | { kind: 'retry'; error: LastError; reason: WaitReason; retryAfterMs: number | null; serverDate: number | null };

export type TokenOutcome =
  | { kind: 'token'; token: string; serverDate: number | null }
  | { kind: 'refused'; error: LastError }
  | { kind: 'retry'; error: LastError; reason: WaitReason; retryAfterMs: number | null };

/** 4xx answers that will not change by sending the same thing again. */
const PERMANENT = new Set([400, 404, 405, 409, 410, 413, 414, 415, 422]);

export interface RopoClientOptions {
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** The two calls of Ropo One's API. It never throws for a network or HTTP failure. */
export class RopoClient {
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;

  constructor(options: RopoClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch ?? fetch;
  }

  async requestToken(baseUrl: string, cid: string, apicode: string): Promise<TokenOutcome> {
    const answer = await this.#post(`${baseUrl}/token`, JSON.stringify({ cid, apicode }), null);
    if ('failure' in answer) return answer.failure;
    const { res, body } = answer;
    if (res.status === 201 || res.status === 200) {
      const parsed = AuthToken.safeParse(parseJson(body));
      if (parsed.success) return { kind: 'token', token: parsed.data.token, serverDate: serverDate(res) };
      return retry('unexpected_answer', 'server_error', res, `Ropo One answered ${res.status} without a token.`, this.#now());
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const auth = AuthError.safeParse(parseJson(body));
      const authError = auth.success && (auth.data.errorText || auth.data.errorId !== undefined) ? auth.data : null;
      const text = authError?.errorText || 'The customer ID or API code was not accepted.';
      const id = authError?.errorId !== undefined ? ` (error ${authError.errorId})` : '';
      return {
        kind: 'refused',
        error: { code: 'sign_in_failed', message: `${text}${id}`, httpStatus: res.status, problem: null, authError },
      };
    }
    return classifyRetryable(res, this.#now());
  }

  /** `eventJson`: a validated UsageplaceEvent as JSON (the outbox stores and sends it byte for byte). */
  async postEvent(baseUrl: string, token: string, eventJson: string): Promise<EventOutcome> {
    const answer = await this.#post(`${baseUrl}/usageplace/event`, eventJson, token);
    if ('failure' in answer) return { ...answer.failure, serverDate: null };
    const { res, body } = answer;
    const date = serverDate(res);
    if (res.status >= 200 && res.status < 300) return { kind: 'sent', httpStatus: res.status, serverDate: date };
    if (res.status === 401) return { kind: 'unauthorized', serverDate: date };
    if (PERMANENT.has(res.status) || (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)) {
      const problem = HttpApiProblem.safeParse(parseJson(body));
      const p = problem.success ? problem.data : null;
      const message = [p?.title, p?.detail].filter(Boolean).join(': ') || `Ropo One refused the report (HTTP ${res.status}).`;
      return { kind: 'rejected', error: { code: 'rejected', message, httpStatus: res.status, problem: p }, serverDate: date };
    }
    return { ...classifyRetryable(res, this.#now()), serverDate: date };
  }

  async #post(url: string, body: string, token: string | null): Promise<{ res: Response; body: string } | { failure: Extract<TokenOutcome, { kind: 'retry' }> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const res = await this.#fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // Read the whole answer under the same timeout, so a stalled body is a timeout too.
      const text = await res.text();
      return { res, body: text };
    } catch (err) {
      const failure = classifyNetworkError(err);
      return {
        failure: {
          kind: 'retry',
          error: { code: failure.code, message: failure.message, httpStatus: null, problem: null, technical: failure.technical },
          reason: failure.code,
          retryAfterMs: null,
        },
      };
    }
  }
}

function classifyRetryable(res: Response, now: number): Extract<TokenOutcome, { kind: 'retry' }> {
  if (res.status === 429) {
    return retry('rate_limited', 'rate_limited', res, 'Ropo One asks us to slow down (HTTP 429).', now);
  }
  if (res.status === 408 || res.status >= 500) {
    return retry('server_error', 'server_error', res, `Ropo One had a problem (HTTP ${res.status}).`, now);
  }
  // 1xx/3xx: not in the spec. A redirect usually means a proxy or portal in the way.
  return retry('unexpected_answer', 'server_unreachable', res, `Unexpected answer from the server (HTTP ${res.status}).`, now);
}

function retry(
  code: LastError['code'], reason: WaitReason, res: Response, message: string, now: number,
): Extract<TokenOutcome, { kind: 'retry' }> {
  return {
    kind: 'retry',
    error: { code, message, httpStatus: res.status, problem: null },
    reason,
    // An HTTP-date Retry-After is on Ropo One's clock: measure it from its Date header, so a
    // PC clock that is off does not turn "in 30 s" into an hour (or into "now").
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), serverDate(res) ?? now),
  };
}

function serverDate(res: Response): number | null {
  const header = res.headers.get('date');
  const t = header ? Date.parse(header) : NaN;
  return Number.isNaN(t) ? null : t;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
