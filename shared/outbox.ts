import { z } from 'zod';
import { AuthError, EventStatus, HttpApiProblem, UsageplaceEvent } from './usageplace-event.ts';
import { ErrorCode } from './errors.ts';
import { Target } from './endpoint.ts';

/** The states of DESIGN.md's outbox table. */
export const ReportState = z.enum(['queued', 'sending', 'sent', 'failed', 'held', 'discarded', 'superseded']);
export type ReportState = z.infer<typeof ReportState>;

/** States that still have to reach Ropo One (or a person) and so block their usage place. */
export const ACTIVE_STATES: readonly ReportState[] = ['queued', 'sending', 'failed', 'held'];
/** States a report never leaves. */
export const FINAL_STATES: readonly ReportState[] = ['sent', 'discarded', 'superseded'];

/**
 * What went wrong with a report's last try. The window words it from `code`, shows Ropo One's
 * own texts (`problem`, `authError`) as written, and `technical` only among the details;
 * `message` is English, for the log, the CLI and the CSV export.
 */
export const LastError = z.object({
  code: ErrorCode,
  message: z.string(),
  httpStatus: z.int().nullable(),
  problem: HttpApiProblem.nullable(),
  /** The network's own code ("UND_ERR_SOCKET", "ENOTFOUND", "timeout"); missing in rows written before it. */
  technical: z.string().nullish(),
  /** Ropo One's answer to a token request (errorId, errorText). */
  authError: AuthError.nullish(),
  /**
   * When Ropo One asked us to wait (Retry-After on a 429, 503, …; a 429 without one: the
   * target's pause): not asked again before this time, even by Send now or an online signal.
   */
  retryAfterUntil: z.number().nullish(),
});
export type LastError = z.infer<typeof LastError>;

/** Why delivery to an environment waits until someone signs in again. */
export const SignInReason = z.enum([
  'not_signed_in',    // no API code is stored for it (signed out, or never signed in here)
  'api_code_refused', // Ropo One's /token no longer accepts the customer ID and API code
  'token_refused',    // Ropo One answered 401 even to a fresh token
]);
export type SignInReason = z.infer<typeof SignInReason>;

/** A sign-in pause as the window and the CLI see it: the reason, and the error behind it. */
export const SignInNeeded = z.object({ reason: SignInReason, error: LastError.nullable() });
export type SignInNeeded = z.infer<typeof SignInNeeded>;

/** One report as the log shows it. Times are epoch milliseconds. */
export const OutboxEntry = z.object({
  seq: z.int(),
  id: z.string(),
  state: ReportState,
  status: EventStatus,
  usageplacecode: z.string(),
  event: UsageplaceEvent,
  target: Target,
  createdAt: z.number(),
  updatedAt: z.number(),
  sentAt: z.number().nullable(),
  nextAttemptAt: z.number().nullable(),
  attempts: z.int(),
  lastError: LastError.nullable(),
  correctsId: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** What an attempt (or any state change) ended in, kept for audit and export. */
export const AttemptOutcome = z.enum([
  'created', 'sent', 'rejected', 'retry', 'auth_paused', 'held', 'released',
  'discarded', 'superseded', 'resent', 'recovered',
  // Sent: Ropo One answered 409, it already had this report (a resend after a lost answer).
  'already_sent',
  // Not counted: the address or the network refused the request; its target pauses.
  'endpoint_paused',
  // An answer that came after the report had moved on (its deliverer lost the lease):
  // recorded, nothing changed.
  'late_answer',
]);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/**
 * One state change of a report. `detail` carries no sentence of ours, so the window can word
 * every change in the clerk's language: for `rejected` (and a sign-in `auth_paused`) it is
 * what Ropo One said, for `retry` the technical cause (see attemptDetail), for `superseded`
 * the correction's id, for a correction's `created` the id it corrects, for `discarded` where
 * ('app' or 'cli'). Rows written before the app spoke several languages hold English there.
 */
export const AttemptRecord = z.object({
  reportId: z.string(),
  at: z.number(),
  fromState: ReportState.nullable(),
  toState: ReportState,
  outcome: AttemptOutcome,
  httpStatus: z.int().nullable(),
  errorCode: ErrorCode.nullable(),
  detail: z.string().nullable(),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

export const StateCounts = z.record(ReportState, z.int());
export type StateCounts = z.infer<typeof StateCounts>;

/**
 * Why nothing is moving right now; the app and the CLI can always name one of these.
 * `not_answering` (a target's circuit is open) is only ever a status, never a report's own reason.
 */
export const WaitReason = z.enum([
  'network_offline', 'server_unreachable', 'tls_failed', 'server_error', 'rate_limited',
  'sign_in_needed', 'endpoint_refused', 'failed_holding', 'backoff', 'not_answering',
]);
export type WaitReason = z.infer<typeof WaitReason>;

/** Error codes whose attempt `detail` is Ropo One's own text rather than a technical cause. */
export const ROPO_WORDS: readonly ErrorCode[] = ['rejected', 'sign_in_needed', 'sign_in_failed'];

/** The `detail` an attempt keeps for an error: Ropo One's words, or the technical cause. */
export function attemptDetail(error: LastError): string | null {
  const problem = error.problem ? [error.problem.title, error.problem.detail].filter(Boolean).join(': ') : '';
  if (problem) return problem;
  if (error.authError?.errorText) return error.authError.errorText;
  return ROPO_WORDS.includes(error.code) ? null : (error.technical ?? null);
}
