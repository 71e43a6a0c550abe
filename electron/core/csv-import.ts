import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from '../../shared/csv-import-problems.ts';
import { toUsageplaceEvent, type Clock } from '../../shared/report-input.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import type { NewReport, OutboxStore } from './outbox-store.ts';
import { parseReportsCsv, type CsvParseResult, type ImportRow } from './csv-parse-reports.ts';
import { planImport, type SkippedRow } from './csv-import-plan.ts';
import { describeCsvProblem, describePlace } from './csv-problem-text.ts';
import { legacyContentHash } from './legacy-import-hash.ts';

export { parseReportsCsv, type CsvParseResult, type ImportRow } from './csv-parse-reports.ts';
export type { SkippedRow, SkipReason } from './csv-import-plan.ts';

// A CSV file → reports in the outbox: every row is checked first, and if any is wrong
// nothing is queued. Each row's event id is the export's, if the row has one, or comes from
// the row itself (import-event-id.ts), so importing a file again queues only the rows that
// are not in the outbox yet (csv-import-plan.ts).

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
  /** null only for a file imported before (importedBefore) whose header cannot be read now. */
  separator: CsvSeparator | null;
  warnings: CsvWarning[];
  /** The rows not in the outbox before, now queued, in file order. */
  queued: OutboxEntry[];
  /** The rows not queued, and why (csv-import-plan.ts), in file order. */
  skipped: SkippedRow[];
  /**
   * The file was imported by the version before derived ids (legacy-import-hash.ts), as
   * `fileName`: every row of it is in the outbox, so none is read and all are skipped.
   */
  importedBefore: { fileName: string; importedAt: number } | null;
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
  const parsed = parseReportsCsv(bytes, deps.target, now);
  const outcome = importOutcome(bytes, parsed, deps.store, deps.target);
  if (outcome.kind === 'imported_before') {
    // Whatever its rows would say now (that version took rows without a time), they are in the outbox.
    return {
      encoding: parsed.encoding ?? (bytes[0] === 0xef ? 'utf-8-bom' : 'utf-8'), separator: parsed.separator, warnings: [], queued: [],
      skipped: outcome.skipped, importedBefore: outcome.importedBefore,
    };
  }
  if (outcome.kind === 'refused') throw new CsvImportError(fileName, { ...parsed, problems: outcome.problems });
  const { encoding, separator, warnings } = outcome.parsed;
  const { queued, present } = deps.store.enqueueNew(outcome.reports, now().getTime());
  const skipped: SkippedRow[] = [
    ...outcome.skipped,
    ...present.map((p) => ({ line: outcome.lines.get(p.id)!, id: p.id, state: p.state, reason: 'in_outbox' as const })),
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { encoding, separator, warnings, queued, skipped, importedBefore: null };
}

/**
 * What a parsed file comes to in this outbox, before anything is queued: the command line's
 * import and the window's check (csv-import-check.ts) both ask here, so they say the same
 * about every row.
 * - `imported_before`: the version before derived ids imported this very file; none of it is
 *   read, every report of it is skipped.
 * - `refused`: the file's problems and what only the outbox can say about its rows that read
 *   well (an exported row changed since, or of another environment), all at once, by line.
 * - `ready`: the reports to queue (each under its id, with the line it came from) and the
 *   rows the plan skips (csv-import-plan.ts). The outbox skips an id it has by then too.
 */
export type ImportOutcome =
  | { kind: 'imported_before'; importedBefore: { fileName: string; importedAt: number }; skipped: SkippedRow[] }
  | { kind: 'refused'; problems: CsvProblem[] }
  | { kind: 'ready'; parsed: Extract<CsvParseResult, { ok: true }>; reports: NewReport[]; lines: Map<string, number>; skipped: SkippedRow[] };

export function importOutcome(bytes: Uint8Array, parsed: CsvParseResult, store: OutboxStore, target: Target): ImportOutcome {
  const hash = legacyContentHash(bytes);
  const earlier = hash === null ? undefined : store.importedBefore(hash);
  if (earlier) {
    return {
      kind: 'imported_before',
      importedBefore: { fileName: earlier.fileName, importedAt: earlier.importedAt },
      skipped: earlier.reports.map((r) => ({ line: null, id: r.id, state: r.state, reason: 'imported_before' })),
    };
  }
  // The outbox's word on the rows that read well, even when others did not: every problem at once.
  const plan = planImport(parsed.rows, target, parsed.encoding ?? 'utf-8', (id) => store.get(id));
  const problems = [...(parsed.ok ? [] : parsed.problems), ...plan.problems].sort((a, b) => a.line - b.line);
  if (!parsed.ok || problems.length > 0) return { kind: 'refused', problems };
  return { kind: 'ready', parsed, ...reportsForRows(plan.queue, target), skipped: plan.skipped };
}

/**
 * The reports a file's rows to queue become, each under its event id (and the line it came
 * from, by id): what the command line queues at once, and the window after the clerk looked.
 */
export function reportsForRows(rows: readonly ImportRow[], target: Target): { reports: NewReport[]; lines: Map<string, number> } {
  const reports: NewReport[] = rows.map((row) => ({
    event: toUsageplaceEvent(row.id, row.report), target, customernumber: row.report.customernumber,
  }));
  return { reports, lines: new Map(rows.map((row) => [row.id, row.line])) };
}
