import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from '../../shared/csv-import-problems.ts';
import { toUsageplaceEvent, type Clock } from '../../shared/report-input.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { OutboxEntry, ReportState } from '../../shared/outbox.ts';
import type { NewReport, OutboxStore } from './outbox-store.ts';
import { parseReportsCsv, type ImportRow } from './csv-parse-reports.ts';
import { describeCsvProblem, describePlace } from './csv-problem-text.ts';
import { importEventId, importRowKey } from './import-event-id.ts';

export { parseReportsCsv, type CsvParseResult, type ImportRow } from './csv-parse-reports.ts';

// A CSV file → reports in the outbox: every row is checked first, and if any is wrong
// nothing is queued. Each row's event id comes from the row itself (import-event-id.ts), so
// importing a file again queues only the rows that are not in the outbox yet.

/** Bad rows: `problems` (English) for every AppError reader, `csvProblems` (codes) for a caller that translates. */
export class CsvImportError extends AppError {
  readonly csvProblems: CsvProblem[];
  readonly warnings: CsvWarning[];
  readonly encoding: CsvEncoding | null;
  readonly separator: CsvSeparator | null;
  readonly fileName: string;
  constructor(fileName: string, result: { problems: CsvProblem[]; warnings: CsvWarning[]; encoding: CsvEncoding | null; separator: CsvSeparator | null }) {
    super(
      'validation_failed',
      summary(fileName, result.problems),
      result.problems.map((p) => ({ field: describePlace(p), message: describeCsvProblem(p) })),
    );
    this.name = 'CsvImportError';
    this.csvProblems = result.problems;
    this.warnings = result.warnings;
    this.encoding = result.encoding;
    this.separator = result.separator;
    this.fileName = fileName;
  }
}

function summary(fileName: string, problems: CsvProblem[]): string {
  const first = problems[0];
  if (!first) return `${fileName} has problems; nothing was queued.`;
  if (first.line === 1 && problems.length === 1 && first.field === null) {
    return `${fileName}, line ${first.line}: ${describeCsvProblem(first)} Nothing was queued.`;
  }
  const count = new Set(problems.map((p) => p.line)).size;
  return (
    `${count} ${count === 1 ? 'line has' : 'lines have'} problems in ${fileName}; nothing was queued. ` +
    `First: ${describePlace(first)}: ${describeCsvProblem(first)}`
  );
}

export interface CsvImportDeps {
  store: OutboxStore;
  /** Where every report of the file goes, fixed now (DESIGN.md "Target"). */
  target: Target;
  now?: Clock | undefined;
}

export interface CsvImportResult {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  warnings: CsvWarning[];
  /** The rows not in the outbox before, now queued, in file order. */
  queued: OutboxEntry[];
  /** The rows whose report was already in the outbox, with its state then: left as they were. */
  skipped: { line: number; id: string; state: ReportState }[];
}

/**
 * The id of the report an exported row is, when the row still says exactly what that
 * report says (for the same target); null for a row that was edited, or whose report is not
 * in this outbox: then the row is keyed like any other. A report made in the form has an id
 * of its own, so without this an exported log would import again as new reports.
 */
function exportedReportId(store: OutboxStore, target: Target, row: ImportRow): string | null {
  if (!row.exportedId) return null;
  const stored = store.get(row.exportedId);
  const same = stored !== undefined && stored.target.baseUrl === target.baseUrl && stored.target.cid === target.cid &&
    importRowKey(stored.event) === importRowKey(row.report);
  return same ? row.exportedId : null;
}

export async function importReportsCsv(file: string, deps: CsvImportDeps): Promise<CsvImportResult> {
  const now = deps.now ?? (() => new Date());
  const fileName = basename(file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const message = `Cannot read ${file}: ${(err as Error).message}`;
    throw new AppError('validation_failed', message, [{ field: 'file', message }]);
  }
  const parsed = parseReportsCsv(bytes, now);
  if (!parsed.ok) throw new CsvImportError(fileName, parsed);
  const lines = new Map<string, number>();
  const reports: NewReport[] = parsed.rows.map((row) => {
    const id = exportedReportId(deps.store, deps.target, row) ?? importEventId(deps.target, importRowKey(row.report));
    lines.set(id, row.line);
    return { event: toUsageplaceEvent(id, row.report), target: deps.target, customernumber: row.report.customernumber };
  });
  const { queued, present } = deps.store.enqueueNew(reports, now().getTime());
  return {
    encoding: parsed.encoding,
    separator: parsed.separator,
    warnings: parsed.warnings,
    queued,
    skipped: present.map((p) => ({ line: lines.get(p.id)!, id: p.id, state: p.state })),
  };
}
