import type { OutboxStatus } from '../../../shared/outbox-status.ts';
import type { WaitReason } from '../../../shared/outbox.ts';
import { CLOCK_SKEW_WARNING_MS } from '../../core/server-clock.ts';
import { inWords, when } from '../format.ts';

/** The reasons in English (the command line is English; the window has them in every language). */
const WAIT_REASON_TEXT: Record<WaitReason, string> = {
  network_offline: 'no network',
  server_unreachable: 'Ropo One cannot be reached',
  tls_failed: 'the secure connection fails (a network that needs a log-in page?)',
  server_error: 'Ropo One is having problems',
  rate_limited: 'Ropo One asked us to slow down',
  sign_in_needed: 'sign in again',
  endpoint_refused: 'the address or the network refuses our requests',
  failed_holding: 'a failed report holds its usage place',
  backoff: 'waiting to retry',
  not_answering: 'Ropo One is not answering; checking every few seconds',
};

/** A sentence set inside another, in brackets: without its own full stop, so the whole ends with one. */
const inner = (sentence: string): string => sentence.replace(/\.+$/, '');

/** The "why is it stuck" sentence shared by `status` and `sync`. */
export function describeWait(status: OutboxStatus, now: number): string | null {
  if (!status.waitReason) return null;
  const reason = WAIT_REASON_TEXT[status.waitReason];
  const detail = status.waitDetail ? ` (${inner(status.waitDetail.message)})` : '';
  if (status.waitReason === 'rate_limited' && status.rateLimitedUntil) {
    return `Waiting: ${reason}; may send again in ${inWords(status.rateLimitedUntil - now)}${detail}.`;
  }
  if (status.waitReason === 'sign_in_needed') return `Stopped: ${reason}${detail}. Run usageplace setup.`;
  if (status.waitReason === 'endpoint_refused') {
    const until = Math.min(...status.endpointPauses.map((p) => p.until));
    const again = Number.isFinite(until) ? ` Tried again by itself at ${when(until)}` : ' Tried again by itself in a few minutes';
    return `Paused: ${status.waitDetail?.message ?? `${reason}.`}${again}, or at once by usageplace sync (or Send now in the app).`;
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
