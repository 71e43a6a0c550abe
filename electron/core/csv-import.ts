import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { formatLocalTime } from '../../shared/local-time.ts';
import { toUsageplaceEvent, type Clock } from '../../shared/report-input.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import type { NewReport, OutboxStore } from './outbox-store.ts';
import { decodeCsvText, FILE_FIELD, parseReportsText, type CsvParseResult, type CsvRowProblem } from './csv-parse-reports.ts';

export { parseReportsCsv, type CsvRowProblem, type CsvParseResult } from './csv-parse-reports.ts';

// A CSV file → reports in the outbox: all rows in one transaction, or none. The same file
// twice is refused, because a re-import would report every usage place a second time.

/** Bad rows: `problems` for every AppError reader, `rows` for a caller that shows a table. */
export class CsvImportError extends AppError {
  readonly rows: CsvRowProblem[];
  readonly fileName: string;
  constructor(fileName: string, rows: CsvRowProblem[]) {
    super('validation_failed', summary(fileName, rows), rows.map((p) => ({ field: `line ${p.line}: ${p.field}`, message: p.message })));
    this.name = 'CsvImportError';
    this.rows = rows;
    this.fileName = fileName;
  }
}

function summary(fileName: string, rows: CsvRowProblem[]): string {
  const first = rows[0];
  if (!first) return `${fileName} has problems; nothing was queued.`;
  if (rows.length === 1 && first.field === FILE_FIELD) return `${fileName}, line ${first.line}: ${first.message} Nothing was queued.`;
  const count = new Set(rows.map((p) => p.line)).size;
  return (
    `${count} ${count === 1 ? 'row has' : 'rows have'} problems in ${fileName}; nothing was queued. ` +
    `First: line ${first.line}, ${first.field}: ${first.message}`
  );
}

/**
 * The file's identity for "imported before": a hash of its text without BOM and with LF line
 * ends, so the same content saved again by another editor is still recognised. A file that
 * is not UTF-8 is hashed as bytes (it will be refused anyway).
 */
export function csvContentHash(bytes: Uint8Array): string {
  const decoded = decodeCsvText(bytes);
  return hashOf(decoded.ok ? decoded.text : bytes);
}

function hashOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface CsvImportDeps {
  store: OutboxStore;
  /** Where every report of the file goes, fixed now (DESIGN.md "Target"). */
  target: Target;
  now?: Clock | undefined;
  newId?: (() => string) | undefined;
}

export async function importReportsCsv(file: string, deps: CsvImportDeps): Promise<{ imported: OutboxEntry[] }> {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => randomUUID());
  const fileName = basename(file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const message = `Cannot read ${file}: ${(err as Error).message}`;
    throw new AppError('validation_failed', message, [{ field: 'file', message }]);
  }
  const decoded = decodeCsvText(bytes);
  const hash = hashOf(decoded.ok ? decoded.text : bytes);
  // Checked before the rows: "you imported this on Monday" is the more useful answer.
  refuseRepeat(deps.store, hash, fileName);
  const parsed: CsvParseResult = decoded.ok ? parseReportsText(decoded.text, now) : { ok: false, problems: [decoded.problem] };
  if (!parsed.ok) throw new CsvImportError(fileName, parsed.problems);
  const reports: NewReport[] = parsed.reports.map((report) => ({
    event: toUsageplaceEvent(newId(), report),
    target: deps.target,
    customernumber: report.customernumber,
  }));
  try {
    return { imported: deps.store.enqueueImport(hash, fileName, reports, now().getTime()) };
  } catch (err) {
    // Another process (the app and the CLI share the database) imported it meanwhile.
    if (err instanceof AppError && err.code === 'duplicate_import') refuseRepeat(deps.store, hash, fileName);
    throw err;
  }
}

function refuseRepeat(store: OutboxStore, hash: string, fileName: string): void {
  const earlier = store.hasImport(hash);
  if (!earlier) return;
  const reports = `${earlier.reportCount} ${earlier.reportCount === 1 ? 'report' : 'reports'}`;
  throw new AppError(
    'duplicate_import',
    `${fileName} was imported before: as ${earlier.fileName} on ${formatLocalTime(new Date(earlier.importedAt))} ` +
      `(${reports}). Nothing was queued again.`,
  );
}
