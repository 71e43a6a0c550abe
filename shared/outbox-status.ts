import { z } from 'zod';
import { StateCounts, WaitReason } from './outbox.ts';
import { Target } from './endpoint.ts';

/** Everything the status bar and `usageplace status` show, in one shape. */
export const OutboxStatus = z.object({
  counts: StateCounts,
  /** When the next report will be tried; null when nothing waits on time. */
  nextAttemptAt: z.number().nullable(),
  /** The main reason reports are not moving, or null when nothing is stuck. */
  waitReason: WaitReason.nullable(),
  /** The last error message behind that reason, for a person to read. */
  waitDetail: z.string().nullable(),
  signInNeeded: z.array(z.object({ target: Target, message: z.string(), since: z.number() })),
  rateLimitedUntil: z.number().nullable(),
  lastDeliveryAt: z.number().nullable(),
  clockSkewMs: z.number().nullable(),
  /** When the oldest report still to be sent was made (the alarm's "oldest waited"). */
  oldestUnsentAt: z.number().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

export const WAIT_REASON_TEXT: Record<WaitReason, string> = {
  network_offline: 'no network',
  server_unreachable: 'Ropo One cannot be reached',
  tls_failed: 'the secure connection fails (a network that needs a log-in page?)',
  server_error: 'Ropo One is having problems',
  rate_limited: 'Ropo One asked us to slow down',
  sign_in_needed: 'sign in again',
  failed_holding: 'a failed report holds its usage place',
  backoff: 'waiting to retry',
};

/**
 * Picks the reason to show first: one that needs a person beats one that will pass by
 * itself, and among those the most common wins.
 */
export function mainWaitReason(
  reasons: Partial<Record<WaitReason, number>>,
  signInNeeded: boolean,
  failedCount: number,
): WaitReason | null {
  if (signInNeeded) return 'sign_in_needed';
  const order: WaitReason[] = ['rate_limited', 'network_offline', 'tls_failed', 'server_unreachable', 'server_error', 'backoff'];
  const present = order.filter((r) => (reasons[r] ?? 0) > 0);
  if (present.length > 0) {
    return present.reduce((best, r) => ((reasons[r] ?? 0) > (reasons[best] ?? 0) ? r : best), present[0]!);
  }
  return failedCount > 0 ? 'failed_holding' : null;
}
