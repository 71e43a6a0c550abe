import { z } from 'zod';
import type { Target } from '../../shared/endpoint.ts';
import type { MetaStore } from './meta-store.ts';

// Reasons delivery to a whole target stops: sign-in needed (until someone signs in again)
// or rate limited (until Ropo One's Retry-After has passed). Kept in the database so the
// app and the CLI see the same pause.

const SignInPause = z.object({ target: z.object({ baseUrl: z.string(), cid: z.string() }), message: z.string(), since: z.number() });
export type SignInPause = z.infer<typeof SignInPause>;
const RateLimit = z.object({ target: z.object({ baseUrl: z.string(), cid: z.string() }), until: z.number() });
export type RateLimit = z.infer<typeof RateLimit>;

const key = (t: Target): string => `${t.cid}@${t.baseUrl}`;

export class TargetHolds {
  readonly #meta: MetaStore;
  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  pauseForSignIn(target: Target, message: string, now: number): void {
    this.#meta.set(`pause:${key(target)}`, { target, message, since: now });
  }

  resume(target: Target): void {
    this.#meta.delete(`pause:${key(target)}`);
  }

  signInPauses(): SignInPause[] {
    return this.#meta.keysWithPrefix('pause:').flatMap((k) => this.#meta.get(k, SignInPause) ?? []);
  }

  rateLimit(target: Target, until: number): void {
    this.#meta.set(`ratelimit:${key(target)}`, { target, until });
  }

  rateLimits(now: number): RateLimit[] {
    return this.#meta.keysWithPrefix('ratelimit:').flatMap((k) => {
      const r = this.#meta.get(k, RateLimit);
      return r && r.until > now ? [r] : [];
    });
  }

  /** Targets no report may be sent to right now. */
  blockedTargets(now: number): Target[] {
    return [...this.signInPauses().map((p) => p.target), ...this.rateLimits(now).map((r) => r.target)];
  }
}
