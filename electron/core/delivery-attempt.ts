import type { LastError, SignInReason } from '../../shared/outbox.ts';
import type { Credentials } from './credentials.ts';
import type { Delivery } from './outbox-store.ts';
import type { RefusedOutcome, RetryOutcome, RopoClient } from './ropo-client.ts';
import type { ServerClock } from './server-clock.ts';

/** What one try at delivering a claimed report came to, as DESIGN.md's table says. */
export type AttemptResult =
  | { kind: 'sent'; httpStatus: number; alreadyHad: boolean }
  | { kind: 'rejected'; error: LastError }
  | RetryOutcome
  | RefusedOutcome
  | { kind: 'sign_in_needed'; reason: SignInReason; error: LastError };

export interface AttemptDeps {
  credentials: Credentials;
  client: RopoClient;
  serverClock: ServerClock;
  now: () => number;
}

/**
 * Sends one report with a token good for a few more minutes. A 401 gets one fresh token and
 * one retry at once (the token may have expired early or been revoked); a second 401 means
 * someone must sign in again. Never throws for a network or HTTP failure.
 */
export async function attemptDelivery(delivery: Delivery, deps: AttemptDeps): Promise<AttemptResult> {
  const { credentials, client } = deps;
  const target = delivery.target;
  let bearer = credentials.tokenAtHand(target);
  if (bearer === null) {
    const token = await credentials.token(target);
    if (token.kind !== 'token') return token;
    bearer = token.token;
  }
  let outcome = await client.postEvent(target.baseUrl, bearer, delivery.body);
  if (outcome.kind === 'unauthorized') {
    await credentials.dropToken(target);
    const token = await credentials.token(target, { fresh: true });
    if (token.kind !== 'token') return token;
    outcome = await client.postEvent(target.baseUrl, token.token, delivery.body);
    if (outcome.kind === 'unauthorized') {
      return {
        kind: 'sign_in_needed',
        reason: 'token_refused',
        error: { code: 'sign_in_needed', message: 'Ropo One refused a fresh sign-in token (HTTP 401).', httpStatus: 401, problem: null },
      };
    }
  }
  if (outcome.serverDate !== null) deps.serverClock.observe(outcome.serverDate, deps.now());
  switch (outcome.kind) {
    case 'sent':
      return { kind: 'sent', httpStatus: outcome.httpStatus, alreadyHad: outcome.alreadyHad };
    case 'rejected':
      return { kind: 'rejected', error: outcome.error };
    case 'endpoint_refused':
      return { kind: 'endpoint_refused', error: outcome.error, cause: outcome.cause };
    case 'retry':
      return { kind: 'retry', error: outcome.error, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs };
  }
}
