import { z } from 'zod';
import { EventStatus, HttpApiProblem, UsageplaceEvent } from './usageplace-event.ts';
import { ErrorCode } from './errors.ts';
import { Target } from './endpoint.ts';

/** The states of DESIGN.md's outbox table. */
export const ReportState = z.enum(['queued', 'sending', 'sent', 'failed', 'held', 'discarded', 'superseded']);
export type ReportState = z.infer<typeof ReportState>;

/** States that still have to reach Ropo One (or a person) and so block their usage place. */
export const ACTIVE_STATES: readonly ReportState[] = ['queued', 'sending', 'failed', 'held'];
/** States a report never leaves. */
export const FINAL_STATES: readonly ReportState[] = ['sent', 'discarded', 'superseded'];

export const LastError = z.object({
  code: ErrorCode,
  message: z.string(),
  httpStatus: z.int().nullable(),
  problem: HttpApiProblem.nullable(),
});
export type LastError = z.infer<typeof LastError>;

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

/** Why nothing is moving right now; the app and the CLI can always name one of these. */
export const WaitReason = z.enum([
  'network_offline', 'server_unreachable', 'tls_failed', 'server_error', 'rate_limited',
  'sign_in_needed', 'endpoint_refused', 'failed_holding', 'backoff',
]);
export type WaitReason = z.infer<typeof WaitReason>;
