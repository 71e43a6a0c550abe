import type { LastError, SignInReason } from '../../shared/outbox.ts';
import type { Delivery, DeliveryOutcome } from './outbox-store.ts';
import type { AttemptResult } from './delivery-attempt.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import type { StoredRefusal, TargetHolds } from './target-holds.ts';

// From what one attempt came to, to what is written and what happens to its target: the
// rules of DESIGN.md's classification table that go beyond the one report (backoff,
// Retry-After, pausing a target). Kept apart from the loop that schedules the requests.

export interface VerdictDeps {
  holds: TargetHolds;
  backoff: BackoffPolicy;
  random: () => number;
}

/** Retry-After beyond a day is taken as a day: a report must not wait forever by accident. */
const MAX_SERVER_WAIT_MS = 24 * 60 * 60_000;

export interface Verdict {
  /** What to write to the report's row (if its claim still holds it). */
  outcome: DeliveryOutcome;
  /** No more requests may go to the report's target for now: its claimed reports go back unsent. */
  holdTarget: boolean;
  /** The target paused until a person acts (or, for a refusal, a few minutes pass): tell whoever listens. */
  paused: { kind: 'sign_in'; reason: SignInReason; error: LastError } | { kind: 'refused'; refusal: StoredRefusal } | null;
}

export function deliveryVerdict(delivery: Delivery, result: AttemptResult, now: number, deps: VerdictDeps): Verdict {
  const base = { seq: delivery.seq, id: delivery.id, claim: delivery.claim, at: now };
  switch (result.kind) {
    // Ropo One itself answered: whatever refused us on the way lets reports through again.
    case 'sent':
      deps.holds.endRefusalEpisode(delivery.target);
      return { outcome: { ...base, kind: 'sent', httpStatus: result.httpStatus, alreadyHad: result.alreadyHad }, holdTarget: false, paused: null };
    case 'rejected':
      deps.holds.endRefusalEpisode(delivery.target);
      return { outcome: { ...base, kind: 'failed', error: result.error }, holdTarget: false, paused: null };
    case 'retry': {
      const backoff = backoffDelay(delivery.attempts, deps.backoff, deps.random);
      // Retry-After is the least we wait, never a reason to wait less than backoff: "0" or a
      // date already past, answered again and again, would otherwise retry in a tight loop.
      const serverWait = result.retryAfterMs === null ? null : Math.min(result.retryAfterMs, MAX_SERVER_WAIT_MS);
      const delay = serverWait === null ? backoff : Math.max(serverWait, backoff);
      // The whole target slows down at once, so no other request goes to a target that asked
      // us to; for as long as it asked (without a Retry-After: the backoff's base). Not for this
      // report's own backoff: after an outage it grew with every probe (up to the cap, 10 min).
      const limited = result.reason === 'rate_limited';
      const holdMs = serverWait ?? deps.backoff.baseMs;
      if (limited) deps.holds.rateLimit(delivery.target, now + holdMs);
      // Kept with the error, so a wake-up (Send now, sync) does not ask before Ropo One said to.
      const error = limited || serverWait !== null ? { ...result.error, retryAfterUntil: now + holdMs } : result.error;
      return {
        outcome: { ...base, kind: 'retry', nextAttemptAt: now + delay, error, reason: result.reason, countAttempt: true },
        holdTarget: limited,
        paused: null,
      };
    }
    // Pauses burn no attempts: the report waits, its count unchanged, due again the moment the pause ends.
    case 'sign_in_needed':
      deps.holds.pauseForSignIn(delivery.target, result.reason, result.error, now);
      return {
        outcome: { ...base, kind: 'retry', nextAttemptAt: now, error: result.error, reason: 'sign_in_needed', countAttempt: false },
        holdTarget: true,
        paused: { kind: 'sign_in', reason: result.reason, error: result.error },
      };
    case 'endpoint_refused': {
      const httpStatus = result.error.httpStatus ?? 0;
      const refusal = deps.holds.pauseForRefusal(delivery.target, { cause: result.cause, httpStatus, message: result.error.message }, now);
      return {
        outcome: { ...base, kind: 'retry', nextAttemptAt: now, error: result.error, reason: 'endpoint_refused', countAttempt: false },
        holdTarget: true,
        paused: { kind: 'refused', refusal },
      };
    }
  }
}
