import { mainWaitReason, type OutboxStatus } from '../../shared/outbox-status.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { ServerClock } from './server-clock.ts';
import type { TargetHolds } from './target-holds.ts';

/** Where the outbox stands and, when it is stuck, why. */
export function outboxStatus(store: OutboxStore, holds: TargetHolds, clock: ServerClock, now: number): OutboxStatus {
  const counts = store.counts();
  const signInNeeded = holds.signInPauses();
  const rateLimits = holds.rateLimits(now);
  const waitReason = mainWaitReason(store.waitReasons(), signInNeeded.length > 0, counts.failed);
  let waitDetail: string | null = null;
  if (waitReason === 'sign_in_needed') waitDetail = signInNeeded[0]?.message ?? null;
  else if (waitReason === 'failed_holding') waitDetail = store.list({ state: 'failed', limit: 1 })[0]?.lastError?.message ?? null;
  else if (waitReason) waitDetail = store.latestWaitDetail(waitReason);
  return {
    counts,
    nextAttemptAt: store.nextDueAt(holds.blockedTargets(now)),
    waitReason,
    waitDetail,
    signInNeeded,
    rateLimitedUntil: rateLimits.length > 0 ? Math.max(...rateLimits.map((r) => r.until)) : null,
    lastDeliveryAt: clock.lastDelivery(),
    clockSkewMs: clock.skew()?.skewMs ?? null,
    oldestUnsentAt: store.oldestUnsentAt(),
  };
}
