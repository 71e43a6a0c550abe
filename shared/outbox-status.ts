import { z } from 'zod';
import { LastError, SignInReason, StateCounts, WaitReason } from './outbox.ts';
import { Target } from './endpoint.ts';
import { EndpointPause } from './endpoint-refusal.ts';

/**
 * A target whose circuit is open (DESIGN.md, Outages): Ropo One or the network stopped
 * answering, so only a probe goes out, every few seconds. Kept by the deliverer in memory and
 * published for the other processes (the CLI's status while the app delivers).
 */
export const CircuitView = z.object({
  target: Target,
  /** half_open: the probe is out now. */
  state: z.enum(['open', 'half_open']),
  /** When it opened. */
  since: z.number(),
  /** When the last probe answered; null until the first one has. */
  lastCheckAt: z.number().nullable(),
  /** What the last probe got (before any probe: the failure that opened it). English message; the window words the code. */
  lastError: LastError.nullable(),
  /** When the next probe goes; null while one is out. */
  nextCheckAt: z.number().nullable(),
});
export type CircuitView = z.infer<typeof CircuitView>;

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
  /** Targets that Ropo One or the network stopped answering: one probe every few seconds, the rest wait. */
  circuits: z.array(CircuitView),
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
  holds: { signInNeeded: boolean; endpointRefused: boolean; failedCount: number; rateLimited: boolean; notAnswering: boolean },
): WaitReason | null {
  if (holds.signInNeeded) return 'sign_in_needed';
  if (holds.endpointRefused) return 'endpoint_refused';
  // A rate limit holds every waiting report of its target, whatever each one's last error
  // was, and it ends at a known time; an open circuit's probe waits for it too.
  if (holds.rateLimited) return 'rate_limited';
  // An open circuit is what holds every waiting report of its target, whatever each one's last error was.
  if (holds.notAnswering) return 'not_answering';
  const order: WaitReason[] = ['rate_limited', 'network_offline', 'tls_failed', 'server_unreachable', 'server_error', 'backoff'];
  const present = order.filter((r) => (reasons[r] ?? 0) > 0);
  if (present.length > 0) {
    return present.reduce((best, r) => ((reasons[r] ?? 0) > (reasons[best] ?? 0) ? r : best), present[0]!);
  }
  return holds.failedCount > 0 ? 'failed_holding' : null;
}
