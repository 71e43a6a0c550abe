import type { CircuitView, OutboxStatus } from '../../../shared/outbox-status.ts';
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
  if (status.waitReason === 'not_answering') {
    // No countdown per report: they all wait for the probe.
    const checked = status.circuits.map((c) => c.lastCheckAt).filter((t) => t !== null);
    const last = checked.length > 0 ? `, last at ${when(Math.max(...checked))}` : '';
    return `Waiting: ${reason}${last}${detail}.`;
  }
  const next = status.nextAttemptAt ? `; next try ${status.nextAttemptAt <= now ? 'now' : `in ${inWords(status.nextAttemptAt - now)} (${when(status.nextAttemptAt)})`}` : '';
  return `Waiting: ${reason}${next}${detail}.`;
}

/**
 * The circuit of each target (DESIGN.md, Outages), for `usageplace status`: open (with its
 * last probe and what it got) or closed. Only the process that delivers has circuits.
 */
export function describeCircuits(circuits: readonly CircuitView[]): string[] {
  if (circuits.length === 0) return ['Circuit: closed (reports go as they are due).'];
  return circuits.flatMap((c) => [
    // After a 429 on the probe Ropo One answers: it asked us to wait, and the probe waits for that.
    c.lastError?.code === 'rate_limited'
      ? `Circuit: open since ${when(c.since)} for ${c.target.baseUrl} as ${c.target.cid}: Ropo One asked us to slow down, so the next probe waits for that and the rest wait for the probe.`
      : `Circuit: open since ${when(c.since)} for ${c.target.baseUrl} as ${c.target.cid}: Ropo One is not answering, so one report at a time goes as a probe and the rest wait.`,
    c.lastCheckAt === null
      ? `Last probe: none yet${c.lastError ? `; it opened on: ${inner(c.lastError.message)}` : ''}.`
      : `Last probe: ${when(c.lastCheckAt)}, got: ${c.lastError ? inner(c.lastError.message) : 'no answer'}.`,
    `Next probe: ${c.state === 'half_open' || c.nextCheckAt === null ? 'under way' : when(c.nextCheckAt)}.`,
  ]);
}

export function clockWarning(status: OutboxStatus): string | null {
  if (status.clockSkewMs === null || Math.abs(status.clockSkewMs) <= CLOCK_SKEW_WARNING_MS) return null;
  const dir = status.clockSkewMs > 0 ? 'behind' : 'ahead of';
  return `Warning: this computer's clock is ${inWords(Math.abs(status.clockSkewMs))} ${dir} Ropo One's. Report times may be wrong.`;
}
