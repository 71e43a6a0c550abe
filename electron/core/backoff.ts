export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** About 2 s doubling to about 10 min, as DESIGN.md asks. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2000, capMs: 10 * 60_000 };

/** Never retry in a tight loop, even when full jitter draws zero. */
const FLOOR_MS = 100;

/**
 * Exponential backoff with full jitter: a uniform draw in [0, min(cap, base·2^n)].
 * Jitter spreads the retries of many depots so they do not hit Ropo One in step.
 */
export function backoffDelay(retriesSoFar: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(retriesSoFar, 30));
  return Math.max(FLOOR_MS, Math.floor(random() * ceiling));
}
