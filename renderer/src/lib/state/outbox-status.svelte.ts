// Where delivery stands: counts, the reason reports wait, and when the next try is. The main
// process pushes it after every change and every few seconds; the countdown ticks locally.
import type { WaitReason } from '../../../../shared/outbox.ts';
import type { Target } from '../../../../shared/endpoint.ts';
import * as api from '../api.ts';
import type { OutboxStatusView } from '../api.ts';
import { m } from '../i18n/messages.ts';
import { announcer } from './announcer.svelte.ts';
import { clock } from './clock.svelte.ts';

/** Reasons that mean "we cannot reach Ropo One at all" (the status bar says Offline). */
const UNREACHABLE: readonly WaitReason[] = ['network_offline', 'server_unreachable', 'tls_failed', 'not_answering'];
/** Ropo One's clock and ours may differ this much before the clerk is warned. */
export const CLOCK_SKEW_LIMIT_MS = 2 * 60_000;

export class OutboxStatusStore {
  #status = $state<OutboxStatusView | null>(null);
  /** Main's clock minus ours, so countdowns agree with the main process. */
  #offset = 0;

  get status(): OutboxStatusView | null {
    return this.#status;
  }

  /** The main process's "now", ticking each second. */
  get now(): number {
    return clock.now + this.#offset;
  }

  get online(): boolean {
    const s = this.#status;
    return s ? s.online && !(s.waitReason && UNREACHABLE.includes(s.waitReason)) : true;
  }

  /** Waiting to go: queued, in flight, or held behind another report. */
  get waiting(): number {
    const c = this.#status?.counts;
    return c ? (c.queued ?? 0) + (c.sending ?? 0) + (c.held ?? 0) : 0;
  }

  get failed(): number {
    return this.#status?.counts.failed ?? 0;
  }

  get sending(): boolean {
    return (this.#status?.counts.sending ?? 0) > 0;
  }

  /** How many environments wait for a sign-in (the session re-reads when this changes). */
  get signInNeededCount(): number {
    return this.#status?.signInNeeded.length ?? 0;
  }

  get waitReason(): WaitReason | null {
    return this.#status?.waitReason ?? null;
  }

  /** When Ropo One was last asked whether it answers again (its circuit open), or null. */
  get lastCheckAt(): number | null {
    const checks = (this.#status?.circuits ?? []).flatMap((c) => (c.lastCheckAt === null ? [] : [c.lastCheckAt]));
    return checks.length > 0 ? Math.max(...checks) : null;
  }

  /**
   * Whether reports of this target wait for Ropo One to answer again (its circuit is open).
   * Not while its probe's answer was a 429: Ropo One answers then, it asked us to wait.
   */
  notAnswering(target: Target): boolean {
    return (this.#status?.circuits ?? []).some(
      (c) => c.target.baseUrl === target.baseUrl && c.target.cid === target.cid && c.lastError?.code !== 'rate_limited',
    );
  }

  /** When the next try happens: the rate limit's end when Ropo One asked us to wait. */
  get nextTryAt(): number | null {
    const s = this.#status;
    if (!s) return null;
    if (s.waitReason === 'rate_limited' && s.rateLimitedUntil !== null) return Math.max(s.rateLimitedUntil, s.nextAttemptAt ?? 0);
    return this.waiting > 0 ? s.nextAttemptAt : null;
  }

  get msToNextTry(): number | null {
    const at = this.nextTryAt;
    return at === null ? null : Math.max(0, at - this.now);
  }

  /** Minutes the PC's clock is off from Ropo One's, when more than the limit; else null. */
  get clockSkew(): { minutes: number; ahead: boolean } | null {
    const skew = this.#status?.clockSkewMs;
    if (skew === null || skew === undefined || Math.abs(skew) <= CLOCK_SKEW_LIMIT_MS) return null;
    // clockSkewMs is Ropo One's clock minus ours: negative means this PC runs ahead.
    return { minutes: Math.round(Math.abs(skew) / 60_000), ahead: skew < 0 };
  }

  async load(): Promise<void> {
    const result = await api.getOutboxStatus();
    if (result.ok) this.#apply(result.value);
  }

  async sendNow(): Promise<api.IpcResult<{ woken: boolean }>> {
    const result = await api.sendNow();
    if (result.ok) announcer.announce(m.statusbar_send_now_done());
    return result;
  }

  start(): () => void {
    const offStatus = api.onOutboxStatus((s) => this.#apply(s));
    const offAttention = api.onAttention((a) => announcer.announce(a.kind === 'failed' ? m.attention_failed() : m.attention_sign_in_needed()));
    void this.load();
    return () => {
      offStatus();
      offAttention();
    };
  }

  #apply(next: OutboxStatusView): void {
    const wasOnline = this.#status ? this.online : null;
    this.#offset = next.now - Date.now();
    this.#status = next;
    const isOnline = this.online;
    if (wasOnline !== null && wasOnline !== isOnline) {
      announcer.announce(isOnline ? m.statusbar_back_online() : m.statusbar_went_offline());
    }
  }
}

export const outboxStatus = new OutboxStatusStore();
