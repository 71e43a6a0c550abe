import { WAIT_REASON_TEXT, type OutboxStatus } from '../../../shared/outbox-status.ts';
import { CLOCK_SKEW_WARNING_MS } from '../../core/server-clock.ts';
import { inWords, when } from '../format.ts';

/** The "why is it stuck" sentence shared by `status` and `sync`. */
export function describeWait(status: OutboxStatus, now: number): string | null {
  if (!status.waitReason) return null;
  const reason = WAIT_REASON_TEXT[status.waitReason];
  const detail = status.waitDetail ? ` (${status.waitDetail})` : '';
  if (status.waitReason === 'rate_limited' && status.rateLimitedUntil) {
    return `Waiting: ${reason}; may send again in ${inWords(status.rateLimitedUntil - now)}${detail}.`;
  }
  if (status.waitReason === 'sign_in_needed') return `Stopped: ${reason}${detail}. Run usageplace setup.`;
  if (status.waitReason === 'endpoint_refused') {
    const until = Math.min(...status.endpointPauses.map((p) => p.until));
    const again = Number.isFinite(until) ? ` Tried again by itself at ${when(until)}` : ' Tried again by itself in a few minutes';
    return `Paused: ${status.waitDetail ?? reason}${again}, or at once by usageplace sync (or Send now in the app).`;
  }
  if (status.waitReason === 'failed_holding') return `Needs you: ${reason}${detail}. See usageplace list --state failed.`;
  const next = status.nextAttemptAt ? `; next try ${status.nextAttemptAt <= now ? 'now' : `in ${inWords(status.nextAttemptAt - now)} (${when(status.nextAttemptAt)})`}` : '';
  return `Waiting: ${reason}${next}${detail}.`;
}

export function clockWarning(status: OutboxStatus): string | null {
  if (status.clockSkewMs === null || Math.abs(status.clockSkewMs) <= CLOCK_SKEW_WARNING_MS) return null;
  const dir = status.clockSkewMs > 0 ? 'behind' : 'ahead of';
  return `Warning: this computer's clock is ${inWords(Math.abs(status.clockSkewMs))} ${dir} Ropo One's. Report times may be wrong.`;
}
