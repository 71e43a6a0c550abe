import type { CsvEncoding, CsvProblem } from '../../shared/csv-import-problems.ts';
import { readBaseUrl, type Target } from '../../shared/endpoint.ts';
import type { OutboxEntry, ReportState } from '../../shared/outbox.ts';
import type { ImportRow } from './csv-parse-reports.ts';
import type { ExportedReport } from './csv-row.ts';
import { changedFields } from './exported-row-changes.ts';

// What becomes of each row of a file that reads well: queued, skipped, or refused. A row of
// an export is the report its id names, and the id is what Ropo One knows it by, so such a
// row is never queued under a new id: in the outbox it is skipped (or refused if it was
// really changed, or is another target's); not in the outbox (lost, or another PC) it is
// queued under that id, so Ropo One recognises a resend (409), unless the export lists it as
// settled. But only to the target the export says it was made for: each report is only ever
// delivered where it was made for (DESIGN.md "Target"), so a row the export lists under
// another environment or cid than the app's now, or that the file does not say the target of
// (an export with those columns removed), is refused, whatever its state, and with it the
// whole file: an export from a PC signed in to test never sends a report to production.

export type SkipReason =
  /** Its id is in the outbox: left as it is, whatever its state. */
  | 'in_outbox'
  /** Not in the outbox, and the export lists it as sent, discarded or superseded. */
  | 'exported_state'
  /** The whole file was imported by an earlier version (csv-import.ts). */
  | 'imported_before';

export interface SkippedRow {
  /** null when rows were not read (imported_before). */
  line: number | null;
  id: string;
  /** Its state in the outbox, or (exported_state) in the export. */
  state: ReportState;
  reason: SkipReason;
}

export interface ImportPlan {
  /** To queue, each under its id, in file order. The outbox skips an id it already has (enqueueNew). */
  queue: ImportRow[];
  skipped: SkippedRow[];
  problems: CsvProblem[];
}

/**
 * Sent, or given up or replaced by a person: queued again, it would be sent twice, or a
 * person's decision undone.
 */
const SETTLED: ReadonlySet<ReportState> = new Set(['sent', 'discarded', 'superseded']);

/** `find` reads a report of the outbox by its id. */
export function planImport(
  rows: readonly ImportRow[], target: Target, encoding: CsvEncoding, find: (id: string) => OutboxEntry | undefined,
): ImportPlan {
  const plan: ImportPlan = { queue: [], skipped: [], problems: [] };
  for (const row of rows) {
    const { line, id, exported } = row;
    const stored = exported ? find(id) : undefined;
    if (!exported) plan.queue.push(row);
    else if (stored && (stored.target.baseUrl !== target.baseUrl || stored.target.cid !== target.cid)) {
      plan.problems.push({ code: 'exported_other_target', line, field: null, id, environment: stored.target.baseUrl, cid: stored.target.cid, source: 'outbox' });
    } else if (stored) {
      const fields = changedFields(row, stored.event, encoding);
      if (fields.length > 0) plan.problems.push({ code: 'changed_since_export', line, field: null, id, fields });
      else plan.skipped.push({ line, id, state: stored.state, reason: 'in_outbox' });
    } else if (!exported.target) plan.problems.push({ code: 'exported_target_unknown', line, field: null, id });
    else if (!madeFor(exported.target, target)) {
      const { environment, cid } = exported.target;
      plan.problems.push({ code: 'exported_other_target', line, field: null, id, environment: readBaseUrl(environment) ?? environment, cid, source: 'export' });
    } else if (exported.state && SETTLED.has(exported.state)) {
      plan.skipped.push({ line, id, state: exported.state, reason: 'exported_state' });
    } else plan.queue.push(row);
  }
  return plan;
}

/**
 * Whether the target an export lists is `target`: the environment read as a base URL
 * (readBaseUrl), the cid as it is or, for a cid of digits, without the leading zeros Excel
 * takes off a number when it opens and saves the file again.
 */
function madeFor(listed: NonNullable<ExportedReport['target']>, target: Target): boolean {
  if (readBaseUrl(listed.environment) !== target.baseUrl) return false;
  const cid = target.cid.trim();
  if (listed.cid === cid) return true;
  const digits = /^\d+$/;
  return digits.test(listed.cid) && digits.test(cid) && listed.cid.replace(/^0+(?=\d)/, '') === cid.replace(/^0+(?=\d)/, '');
}
