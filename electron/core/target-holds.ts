import { z } from 'zod';
import type { Target } from '../../shared/endpoint.ts';
import { EndpointPause, type RefusalCause } from '../../shared/endpoint-refusal.ts';
import { LastError, SignInReason } from '../../shared/outbox.ts';
import type { MetaStore } from './meta-store.ts';

// Reasons delivery to a whole target stops, kept in the database so the app and the CLI see
// the same pause:
// - sign-in needed: until someone signs in again;
// - rate limited: until Ropo One's Retry-After has passed;
// - refused by the address or the network (a firewall, a wrong address, a proxy that wants a
//   password): until someone acts (Send now, an online signal, signing in again or changing
//   the settings) or, failing that, REFUSAL_PAUSE_MS, after which one more try shows whether
//   it still refuses.
//
// A refusal pause belongs to an episode (its `since`), which is what the alarm notifies once:
// a firewall that keeps refusing pauses the target again after every try, and each try is
// the same episode. The episode ends when the address lets a report through, when someone
// signs in again or changes the settings, or when no refusal came for EPISODE_ENDS_AFTER_MS;
// so the record of a pause that ran out or was lifted is kept (with `until` in the past).

const TargetShape = z.object({ baseUrl: z.string(), cid: z.string() });
const SignInPause = z.object({
  target: TargetShape,
  // Pauses kept before reasons were codes have only their English message: a refused API code.
  reason: SignInReason.default('api_code_refused'),
  error: LastError.nullable().default(null),
  since: z.number(),
});
export type SignInPause = z.infer<typeof SignInPause>;
const RateLimit = z.object({ target: TargetShape, until: z.number() });
export type RateLimit = z.infer<typeof RateLimit>;
/** As stored: the status's view plus the English sentence for the log and the command line, and when the last refusal came. */
const StoredRefusal = EndpointPause.extend({ message: z.string(), lastRefusedAt: z.number().optional() });
export type StoredRefusal = z.infer<typeof StoredRefusal>;

const key = (t: Target): string => `${t.cid}@${t.baseUrl}`;

interface Remembered {
  at: number;
  pauses: SignInPause[];
  limits: RateLimit[];
  refusals: StoredRefusal[];
}

/**
 * How long blockedTargets may answer from memory. The delivery loop asks every turn (thousands
 * of times a second in a drain); this process's own changes are seen at once, another
 * process's (the CLI signing in again) within this time.
 */
const REREAD_MS = 250;

/** A refusing address is tried again by itself after this long (a person's action ends it sooner). */
export const REFUSAL_PAUSE_MS = 5 * 60_000;

/** A refusal this long after the last one (three tries without one) is a new episode. */
export const EPISODE_ENDS_AFTER_MS = 15 * 60_000;

export class TargetHolds {
  readonly #meta: MetaStore;
  readonly #clock: () => number;
  #remembered: Remembered | null = null;
  constructor(meta: MetaStore, clock: () => number = () => performance.now()) {
    this.#meta = meta;
    this.#clock = clock;
  }

  pauseForSignIn(target: Target, reason: SignInReason, error: LastError | null, now: number): void {
    this.#remembered = null;
    this.#meta.set(`pause:${key(target)}`, { target, reason, error, since: now });
  }

  /** Someone signed in again (or saved the settings): every pause of the target ends, and its refusal episode with it. */
  resume(target: Target): void {
    this.#remembered = null;
    this.#meta.delete(`pause:${key(target)}`);
    this.#meta.delete(`refused:${key(target)}`);
  }

  signInPauses(): SignInPause[] {
    return this.#meta.keysWithPrefix('pause:').flatMap((k) => this.#meta.get(k, SignInPause) ?? []);
  }

  rateLimit(target: Target, until: number): void {
    this.#remembered = null;
    this.#meta.set(`ratelimit:${key(target)}`, { target, until });
  }

  rateLimits(now: number): RateLimit[] {
    return this.#allRateLimits().filter((r) => r.until > now);
  }

  #allRateLimits(): RateLimit[] {
    return this.#meta.keysWithPrefix('ratelimit:').flatMap((k) => this.#meta.get(k, RateLimit) ?? []);
  }

  pauseForRefusal(target: Target, refusal: { cause: RefusalCause; httpStatus: number; message: string }, now: number): StoredRefusal {
    this.#remembered = null;
    const before = this.#meta.get(`refused:${key(target)}`, StoredRefusal);
    const lastRefusedAt = before ? (before.lastRefusedAt ?? before.since) : null;
    const sameEpisode = lastRefusedAt !== null && now - lastRefusedAt <= EPISODE_ENDS_AFTER_MS;
    const stored: StoredRefusal = { target, ...refusal, since: sameEpisode ? before!.since : now, until: now + REFUSAL_PAUSE_MS, lastRefusedAt: now };
    this.#meta.set(`refused:${key(target)}`, stored);
    return stored;
  }

  /**
   * The target's address let a report through (Ropo One answered it): a refusal episode, if
   * one was open, is over. Asked after every answer, so it reads from memory first.
   */
  endRefusalEpisode(target: Target): void {
    const open = this.#current().refusals.some((r) => r.target.baseUrl === target.baseUrl && r.target.cid === target.cid);
    if (!open) return;
    this.#remembered = null;
    this.#meta.delete(`refused:${key(target)}`);
  }

  /** Refusal pauses still in force. */
  refusals(now: number): StoredRefusal[] {
    return this.#allRefusals().filter((r) => r.until > now);
  }

  /**
   * A person pressed Send now, or the network changed: refusing addresses are tried again.
   * The pauses end, their episodes do not (the next refusal is the same one: no second alarm).
   * Returns how many pauses ended.
   */
  liftRefusals(now: number): number {
    const inForce = this.#allRefusals().filter((r) => r.until > now);
    if (inForce.length === 0) return 0;
    this.#remembered = null;
    for (const r of inForce) this.#meta.set(`refused:${key(r.target)}`, { ...r, until: now });
    return inForce.length;
  }

  #allRefusals(): StoredRefusal[] {
    return this.#meta.keysWithPrefix('refused:').flatMap((k) => this.#meta.get(k, StoredRefusal) ?? []);
  }

  /** Targets no report may be sent to right now (read from memory for up to REREAD_MS). */
  blockedTargets(now: number): Target[] {
    const { pauses, limits, refusals } = this.#current();
    return [
      ...pauses.map((p) => p.target),
      ...limits.filter((r) => r.until > now).map((r) => r.target),
      ...refusals.filter((r) => r.until > now).map((r) => r.target),
    ];
  }

  /** When the next pause that ends by itself ends (a rate limit or a refusal), or null. */
  nextRelease(now: number): number | null {
    const { limits, refusals } = this.#current();
    const ends = [...limits, ...refusals].map((h) => h.until).filter((until) => until > now);
    return ends.length > 0 ? Math.min(...ends) : null;
  }

  #current(): Remembered {
    const t = this.#clock();
    if (!this.#remembered || t - this.#remembered.at >= REREAD_MS) {
      this.#remembered = { at: t, pauses: this.signInPauses(), limits: this.#allRateLimits(), refusals: this.#allRefusals() };
    }
    return this.#remembered;
  }
}
