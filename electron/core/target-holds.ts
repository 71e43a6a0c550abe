import { z } from 'zod';
import type { Target } from '../../shared/endpoint.ts';
import { LastError, SignInReason } from '../../shared/outbox.ts';
import type { MetaStore } from './meta-store.ts';

// Reasons delivery to a whole target stops: sign-in needed (until someone signs in again)
// or rate limited (until Ropo One's Retry-After has passed). Kept in the database so the
// app and the CLI see the same pause.

const SignInPause = z.object({
  target: z.object({ baseUrl: z.string(), cid: z.string() }),
  // Pauses kept before reasons were codes have only their English message: a refused API code.
  reason: SignInReason.default('api_code_refused'),
  error: LastError.nullable().default(null),
  since: z.number(),
});
export type SignInPause = z.infer<typeof SignInPause>;
const RateLimit = z.object({ target: z.object({ baseUrl: z.string(), cid: z.string() }), until: z.number() });
export type RateLimit = z.infer<typeof RateLimit>;

const key = (t: Target): string => `${t.cid}@${t.baseUrl}`;

/**
 * How long blockedTargets may answer from memory. The delivery loop asks every turn (thousands
 * of times a second in a drain); this process's own changes are seen at once, another
 * process's (the CLI signing in again) within this time.
 */
const REREAD_MS = 250;

export class TargetHolds {
  readonly #meta: MetaStore;
  readonly #clock: () => number;
  #remembered: { at: number; pauses: SignInPause[]; limits: RateLimit[] } | null = null;
  constructor(meta: MetaStore, clock: () => number = () => performance.now()) {
    this.#meta = meta;
    this.#clock = clock;
  }

  pauseForSignIn(target: Target, reason: SignInReason, error: LastError | null, now: number): void {
    this.#remembered = null;
    this.#meta.set(`pause:${key(target)}`, { target, reason, error, since: now });
  }

  resume(target: Target): void {
    this.#remembered = null;
    this.#meta.delete(`pause:${key(target)}`);
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

  /** Targets no report may be sent to right now (read from memory for up to REREAD_MS). */
  blockedTargets(now: number): Target[] {
    const t = this.#clock();
    if (!this.#remembered || t - this.#remembered.at >= REREAD_MS) {
      this.#remembered = { at: t, pauses: this.signInPauses(), limits: this.#allRateLimits() };
    }
    const { pauses, limits } = this.#remembered;
    return [...pauses.map((p) => p.target), ...limits.filter((r) => r.until > now).map((r) => r.target)];
  }
}
