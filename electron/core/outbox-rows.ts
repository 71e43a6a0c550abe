import { LastError, OutboxEntry, AttemptRecord } from '../../shared/outbox.ts';

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
