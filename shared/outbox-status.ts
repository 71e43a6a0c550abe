import { z } from 'zod';
import { LastError, SignInReason, StateCounts, WaitReason } from './outbox.ts';
import { Target } from './endpoint.ts';
import { EndpointPause } from './endpoint-refusal.ts';

/** Everything the status bar and `usageplace status` show, in one shape. */
export const OutboxStatus = z.object({
  counts: StateCounts,
  /** When the next report will be tried; null when nothing waits on time. */
  nextAttemptAt: z.number().nullable(),
  /** The main reason reports are not moving, or null when nothing is stuck. */
  waitReason: WaitReason.nullable(),
  /** The last error behind that reason (worded by the window or the CLI from its code). */
  waitDetail: LastError.nullable(),
  signInNeeded: z.array(z.object({ target: Target, reason: SignInReason, error: LastError.nullable(), since: z.number() })),
  /** Targets whose address refused a request (a firewall, a wrong address, a proxy): their delivery waits. Codes only. */
  endpointPauses: z.array(EndpointPause),
  rateLimitedUntil: z.number().nullable(),
  lastDeliveryAt: z.number().nullable(),
  clockSkewMs: z.number().nullable(),
  /** When the oldest report still to be sent was made (the alarm's "oldest waited"). */
  oldestUnsentAt: z.number().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;


/**
 * Picks the reason to show first: one that needs a person beats one that will pass by
 * itself, and among those the most common wins.
 */
export function mainWaitReason(
  reasons: Partial<Record<WaitReason, number>>,
  holds: { signInNeeded: boolean; endpointRefused: boolean; failedCount: number },
): WaitReason | null {
  if (holds.signInNeeded) return 'sign_in_needed';
  if (holds.endpointRefused) return 'endpoint_refused';
  const order: WaitReason[] = ['rate_limited', 'network_offline', 'tls_failed', 'server_unreachable', 'server_error', 'backoff'];
  const present = order.filter((r) => (reasons[r] ?? 0) > 0);
  if (present.length > 0) {
    return present.reduce((best, r) => ((reasons[r] ?? 0) > (reasons[best] ?? 0) ? r : best), present[0]!);
  }
  return holds.failedCount > 0 ? 'failed_holding' : null;
}
