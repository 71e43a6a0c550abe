import { LastError, OutboxEntry, AttemptRecord, type WaitReason } from '../../shared/outbox.ts';
import type { Target } from '../../shared/endpoint.ts';

// Row ↔ entry mapping, kept apart from the queries so the store reads as SQL only.

export interface ReportRow {
  seq: number;
  id: string;
  state: string;
  base_url: string;
  cid: string;
  usageplacecode: string;
  status: string;
  payload: string;
  lane_pos: number;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  next_attempt_at: number | null;
  attempts: number;
  wait_reason: string | null;
  last_error: string | null;
  corrects_id: string | null;
  superseded_by: string | null;
}

/**
 * Parses a stored row through the shared schema. A row that does not parse means the file
 * was damaged or written by something else: it is reported, never silently "fixed".
 */
export function rowToEntry(row: ReportRow): OutboxEntry {
  return OutboxEntry.parse({
    seq: row.seq,
    id: row.id,
    state: row.state,
    status: row.status,
    usageplacecode: row.usageplacecode,
    event: JSON.parse(row.payload),
    target: { baseUrl: row.base_url, cid: row.cid },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    lastError: row.last_error === null ? null : LastError.parse(JSON.parse(row.last_error)),
    correctsId: row.corrects_id,
    supersededBy: row.superseded_by,
  });
}

/**
 * A claimed report, as the delivery loop needs it. `body` is the event's JSON exactly as it
 * was stored when the report was made (validated then): it is sent byte for byte, so what
 * reaches Ropo One is what the clerk was shown, and the loop parses nothing per report.
 * `claim` is the token its claim wrote on the row: its outcome is written only while the row
 * still carries it (migration 004).
 */
export interface Delivery {
  seq: number;
  id: string;
  claim: number;
  target: Target;
  usageplacecode: string;
  attempts: number;
  body: string;
}

/** What became of a claimed report's request, to be written by OutboxStore.settle. */
export type DeliveryOutcome = { seq: number; id: string; claim: number; at: number } & (
  | { kind: 'sent'; httpStatus: number; /** 409: Ropo One already had it. */ alreadyHad: boolean }
  | { kind: 'failed'; error: LastError }
  | {
      kind: 'retry'; nextAttemptAt: number; error: LastError; reason: WaitReason;
      /** False when the request never reached a verdict to charge to the report (a paused target). */
      countAttempt: boolean;
      /** The request was an open circuit's probe: a failure like the one before is not written again (see settle). */
      probe?: boolean;
    }
);

/** The columns a claim reads (not the whole row: no history, no errors). */
export const DELIVERY_COLUMNS = 'seq, id, base_url, cid, usageplacecode, attempts, payload';
export type DeliveryRow = Pick<ReportRow, 'seq' | 'id' | 'base_url' | 'cid' | 'usageplacecode' | 'attempts' | 'payload'>;

export function rowToDelivery(row: DeliveryRow, claim: number): Delivery {
  return {
    seq: row.seq,
    id: row.id,
    claim,
    target: { baseUrl: row.base_url, cid: row.cid },
    usageplacecode: row.usageplacecode,
    attempts: row.attempts,
    body: row.payload,
  };
}

export interface AttemptRow {
  report_id: string;
  at: number;
  from_state: string | null;
  to_state: string;
  outcome: string;
  http_status: number | null;
  error_code: string | null;
  detail: string | null;
}

export function rowToAttempt(row: AttemptRow): AttemptRecord {
  return AttemptRecord.parse({
    reportId: row.report_id,
    at: row.at,
    fromState: row.from_state,
    toState: row.to_state,
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorCode: row.error_code,
    detail: row.detail,
  });
}
