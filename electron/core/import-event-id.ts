import type { Target } from '../../shared/endpoint.ts';
import { normaliseText } from '../../shared/report-input.ts';
import { uuidV5 } from './uuid-v5.ts';

// An imported row's event id is derived from what it reports, not drawn at random: the
// same row, imported again (whole file, with rows added, after the outbox was lost, or on
// another PC), gets the same id, so the import can tell it is already in the outbox and
// Ropo One can tell a resend from a new event.

/**
 * The UUID v5 namespace of imported rows. Fixed for good: another value (or another
 * `importRowKey`) gives every row a new id, and a file imported before would be queued again.
 */
export const IMPORT_ID_NAMESPACE = '2377fd65-e64a-4066-87e6-64771c30d8bf';

/** The fields a row's identity is made of: a validated report or a stored event alike. */
interface ReportedFields {
  status: string;
  usageplacecode: string;
  customernumber?: string | undefined;
  contract_no?: string | undefined;
  invoices?: readonly { invoicenumber: string; jobid: number }[] | undefined;
  time: string;
  description?: string | undefined;
}

/**
 * A row as it will be reported, in one fixed form: the fields after the report rules
 * (trimmed, job ids as numbers, the time as sent; an imported row always has its time).
 * Text in the report rules' one form (normaliseText), also for a report stored before the
 * rules normalised it: a Mac's file and a PC's, LF or CRLF, key alike.
 */
export function importRowKey(report: ReportedFields): string {
  const text = (value: string | undefined): string => normaliseText(value ?? '');
  return JSON.stringify([
    report.status,
    text(report.usageplacecode),
    text(report.customernumber),
    text(report.contract_no),
    // In a fixed order: the same invoices listed otherwise are the same report.
    (report.invoices ?? []).map((i): [string, number] => [text(i.invoicenumber), i.jobid]).sort(byInvoice),
    report.time,
    text(report.description),
  ]);
}

/** Invoice number, then job id, by code units: not localeCompare, whose order differs between PCs. */
function byInvoice([a, aJob]: [string, number], [b, bJob]: [string, number]): number {
  return a < b ? -1 : a > b ? 1 : aJob - bJob;
}

/** The event id of a row for a target (the same row for another environment or cid is another event). */
export function importEventId(target: Target, rowKey: string): string {
  return uuidV5(JSON.stringify([target.baseUrl, target.cid, rowKey]), IMPORT_ID_NAMESPACE);
}
