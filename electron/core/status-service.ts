import { mainWaitReason, type CircuitView, type OutboxStatus } from '../../shared/outbox-status.ts';
import type { LastError } from '../../shared/outbox.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { ServerClock } from './server-clock.ts';
import type { StoredRefusal, TargetHolds } from './target-holds.ts';

/**
 * Where the outbox stands and, when it is stuck, why. `circuits`: the deliverer's open
 * circuits (CircuitBoard), whichever process delivers.
 */
export function outboxStatus(store: OutboxStore, holds: TargetHolds, clock: ServerClock, now: number, circuits: CircuitView[] = []): OutboxStatus {
  const counts = store.counts();
  const signInNeeded = holds.signInPauses();
  const rateLimits = holds.rateLimits(now);
  // A refusal pause is shown (status bar, alarm, CLI) only while reports of its target wait:
  // one whose reports were all discarded holds nobody up.
  const refusals = holds.refusals(now).filter((r) => store.hasWaiting(r.target));
  // A pause or a circuit holds somebody up only while reports of its own target wait (a
  // circuit shown for one environment must not be blamed for another's reports).
  const limitedWaiting = rateLimits.filter((r) => store.hasWaiting(r.target));
  // A rate limit on an open circuit's target is Ropo One answering (asking us to wait), not silence.
  const silent = circuits.filter((c) => !rateLimits.some((r) => sameTarget(r.target, c.target)) && store.hasWaiting(c.target));
  const waitReason = mainWaitReason(store.waitReasons(), {
    signInNeeded: signInNeeded.length > 0,
    endpointRefused: refusals.length > 0,
    failedCount: counts.failed,
    rateLimited: limitedWaiting.length > 0,
    notAnswering: silent.length > 0,
  });
  let waitDetail: LastError | null = null;
  if (waitReason === 'sign_in_needed') waitDetail = signInNeeded[0]?.error ?? null;
  else if (waitReason === 'endpoint_refused') waitDetail = refusalError(refusals[0]);
  else if (waitReason === 'not_answering') waitDetail = silent[0]?.lastError ?? null;
  else if (waitReason === 'failed_holding') waitDetail = store.list({ state: 'failed', limit: 1 })[0]?.lastError ?? null;
  else if (waitReason) waitDetail = store.latestWaitDetail(waitReason);
  return {
    counts,
    nextAttemptAt: store.nextDueAt(holds.blockedTargets(now)),
    waitReason,
    waitDetail,
    signInNeeded,
    // The window words the cause from its code; the English sentence stays in the core.
    endpointPauses: refusals.map(({ target, cause, httpStatus, since, until }) => ({ target, cause, httpStatus, since, until })),
    rateLimitedUntil: limitedWaiting.length > 0 ? Math.max(...limitedWaiting.map((r) => r.until)) : null,
    circuits,
    lastDeliveryAt: clock.lastDelivery(),
    clockSkewMs: clock.skew()?.skewMs ?? null,
    oldestUnsentAt: store.oldestUnsentAt(),
  };
}

const sameTarget = (a: Target, b: Target): boolean => a.baseUrl === b.baseUrl && a.cid === b.cid;

/** A refusal pause as the error behind the wait: its code and status (the window words it), the English sentence for the CLI. */
function refusalError(refusal: StoredRefusal | undefined): LastError | null {
  if (!refusal) return null;
  return { code: 'endpoint_refused', message: refusal.message, httpStatus: refusal.httpStatus, problem: null };
}
