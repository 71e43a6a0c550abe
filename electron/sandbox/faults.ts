// The simulator's switchable faults: one plain JSON object, changed at run time through
// `setFaults()` or `POST /__sim/faults`. Both go through the same zod schema so a trainer's
// typo in a curl command is answered with a 400 instead of silently doing nothing.
import { z } from 'zod';

const rate = z.number().min(0).max(1);
// 1xx cannot be a final answer, so faults start at 200.
const httpStatus = z.int().min(200).max(599);

export const SimulatorFaults = z.strictObject({
  /** Every /rest request has its socket destroyed without an answer. */
  offline: z.boolean(),
  /** Fraction of /rest requests dropped the same way, before they are handled. */
  dropRate: rate,
  /** Fraction of valid events that are recorded as accepted and then dropped before the answer. */
  dropAfterAcceptRate: rate,
  /**
   * What a valid event whose id was already accepted gets: 200 as the first time, or 409
   * Conflict (the spec does not say which Ropo One answers; a client must take both as delivered).
   */
  repeatStatus: z.union([z.literal(200), z.literal(409)]),
  /** Answer this status to event requests instead of handling them. */
  status: httpStatus.nullable(),
  /** How many event requests get `status`; null means until switched off. Counts down to 0, then `status` is cleared. */
  statusCount: z.int().min(0).nullable(),
  /** Fraction of event requests that get `status` (1 = all of them). */
  statusRate: rate,
  /** Retry-After header sent with 429 and 503 answers: seconds ("2") or an HTTP date. */
  retryAfter: z.string().min(1).nullable(),
  /** Delay before every /rest answer (or drop). */
  latencyMs: z.int().min(0).max(600_000),
  /** Lifetime of tokens issued from now on. */
  tokenTtlSeconds: z.int().min(0),
  /** Shifts the Date header of /rest answers, to test clients that trust the server clock. */
  clockSkewSeconds: z.number(),
  /** `POST /rest/token` answers this status instead of issuing a token. */
  failTokenWithStatus: httpStatus.nullable(),
});
export type SimulatorFaults = z.infer<typeof SimulatorFaults>;

export const PartialSimulatorFaults = SimulatorFaults.partial();
export type PartialSimulatorFaults = z.infer<typeof PartialSimulatorFaults>;

export function defaultFaults(tokenTtlSeconds: number): SimulatorFaults {
  return {
    offline: false,
    dropRate: 0,
    dropAfterAcceptRate: 0,
    repeatStatus: 200,
    status: null,
    statusCount: null,
    statusRate: 1,
    retryAfter: null,
    latencyMs: 0,
    tokenTtlSeconds,
    clockSkewSeconds: 0,
    failTokenWithStatus: null,
  };
}

/** Merges a partial change into the current faults; throws a readable Error when it is invalid. */
export function mergeFaults(current: SimulatorFaults, change: unknown): SimulatorFaults {
  const parsed = PartialSimulatorFaults.safeParse(change);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const field = i.path.length > 0 ? i.path.join('.') : 'faults';
      return `${field}: ${i.message}`;
    });
    throw new Error(lines.join('; '));
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...current, ...defined };
}
