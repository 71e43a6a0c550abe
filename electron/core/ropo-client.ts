import { AuthToken } from '../../shared/usageplace-event.ts';
import { refusalCause, type RefusalCause } from '../../shared/endpoint-refusal.ts';
import type { LastError, WaitReason } from '../../shared/outbox.ts';
import { authErrorIn, parseJson, problemIn, readAnswer } from './answer-text.ts';
import { classifyNetworkError } from './network-errors.ts';
import { refusalSentence } from './refusal-text.ts';
import { parseRetryAfter } from './retry-after.ts';

export type RetryOutcome = { kind: 'retry'; error: LastError; reason: WaitReason; retryAfterMs: number | null };
/** The address or the network refused the request (not Ropo One judging the report): its target pauses. */
export type RefusedOutcome = { kind: 'endpoint_refused'; error: LastError; cause: RefusalCause };

/** What one call to Ropo One came to, classified as DESIGN.md's table says. */
export type EventOutcome = { serverDate: number | null } & (
  | { kind: 'sent'; httpStatus: number; /** 409: Ropo One already had this id (a resend after a lost answer). */ alreadyHad: boolean }
  | { kind: 'rejected'; error: LastError }
  | { kind: 'unauthorized' }
  | RefusedOutcome
  | RetryOutcome
);

export type TokenOutcome =
  | { kind: 'token'; token: string; serverDate: number | null }
  | { kind: 'refused'; error: LastError }
  | RefusedOutcome
  | RetryOutcome;

/** The only 4xx that judge the report itself: it is refused for good, with Ropo One's reason. */
const REPORT_REFUSED = new Set([400, 422]);
/** 4xx that ask for the same request again later. */
const RETRYABLE_4XX = new Set([408, 429]);

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
    const found = authErrorIn(body);
    const authError = found && (found.errorText || found.errorId !== undefined) ? found : null;
    // A 403 that is not Ropo One's AuthError is a firewall's, not a verdict on the apicode.
    const aboutCredentials = res.status === 400 || res.status === 401 || res.status === 422 ||
      (res.status === 403 && (found?.errorText !== undefined || found?.errorId !== undefined));
    if (aboutCredentials) {
      const text = authError?.errorText || 'The customer ID or API code was not accepted.';
      const id = authError?.errorId !== undefined ? ` (error ${authError.errorId})` : '';
      return {
        kind: 'refused',
        error: { code: 'sign_in_failed', message: `${text}${id}`, httpStatus: res.status, problem: null, authError },
      };
    }
    if (isRefusal(res.status)) return refused(res.status, baseUrl);
    return classifyRetryable(res, this.#now());
  }

  /** `eventJson`: a validated UsageplaceEvent as JSON (the outbox stores and sends it byte for byte). */
  async postEvent(baseUrl: string, token: string, eventJson: string): Promise<EventOutcome> {
    const answer = await this.#post(`${baseUrl}/usageplace/event`, eventJson, token);
    if ('failure' in answer) return { ...answer.failure, serverDate: null };
    const { res, body } = answer;
    const date = serverDate(res);
    if (res.status >= 200 && res.status < 300) return { kind: 'sent', httpStatus: res.status, alreadyHad: false, serverDate: date };
    if (res.status === 409) return { kind: 'sent', httpStatus: 409, alreadyHad: true, serverDate: date };
    if (res.status === 401) return { kind: 'unauthorized', serverDate: date };
    if (REPORT_REFUSED.has(res.status)) {
      const p = problemIn(body);
      const message = [p?.title, p?.detail].filter(Boolean).join(': ') || `Ropo One refused the report (HTTP ${res.status}).`;
      return { kind: 'rejected', error: { code: 'rejected', message, httpStatus: res.status, problem: p }, serverDate: date };
    }
    if (isRefusal(res.status)) return { ...refused(res.status, baseUrl), serverDate: date };
    return { ...classifyRetryable(res, this.#now()), serverDate: date };
  }

  async #post(url: string, body: string, token: string | null): Promise<{ res: Response; body: string } | { failure: RetryOutcome }> {
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
      // Read the answer under the same timeout, so a stalled body is a timeout too; and only
      // its first 64 KiB, so a proxy's page or a hostile server cannot fill memory.
      const text = await readAnswer(res);
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

/** A 4xx not about the report (nor the sign-in): the address or the network refuses us. */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status) && status !== 401;
}

function refused(status: number, baseUrl: string): RefusedOutcome {
  const cause = refusalCause(status);
  return { kind: 'endpoint_refused', cause, error: { code: 'endpoint_refused', message: refusalSentence(cause, status, baseUrl), httpStatus: status, problem: null } };
}

function classifyRetryable(res: Response, now: number): RetryOutcome {
  if (res.status === 429) {
    return retry('rate_limited', 'rate_limited', res, 'Ropo One asks us to slow down (HTTP 429).', now);
  }
  if (res.status === 408 || res.status >= 500) {
    return retry('server_error', 'server_error', res, `Ropo One had a problem (HTTP ${res.status}).`, now);
  }
  // 1xx/3xx: not in the spec. A redirect usually means a proxy or portal in the way.
  return retry('unexpected_answer', 'server_unreachable', res, `Unexpected answer from the server (HTTP ${res.status}).`, now);
}

function retry(code: LastError['code'], reason: WaitReason, res: Response, message: string, now: number): RetryOutcome {
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
