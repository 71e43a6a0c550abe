import { setImmediate as nextTurnOfTheEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import {
  EXPORTED_CID_COLUMN, EXPORTED_ENVIRONMENT_COLUMN, EXPORTED_ID_COLUMN, EXPORTED_STATE_COLUMN, IMPORT_COLUMNS,
} from '../../shared/csv-columns.ts';
import type { CsvSeparator } from '../../shared/csv-import-problems.ts';
import { DEFAULT_EXPORT_SEPARATOR, type ExportQuery } from '../../shared/export-query.ts';
import { formatLocalTime } from '../../shared/local-time.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import { neutraliseFormula } from './csv-formula.ts';
import type { OutboxStore } from './outbox-store.ts';

// The log as CSV, for audit and for Excel: the one writer of the command line's `export`
// and the window's Export CSV. UTF-8 with BOM (Excel reads it as UTF-8 only then), ";" by
// default, and every cell that Excel would take for a formula neutralised (csv-formula.ts).
//
// It writes page by page and gives the event loop a turn between pages: in the app it runs
// on the thread that delivers reports and renews the delivery lease, and a million rows
// must not stop either.

/**
 * The API's fields first, with the import's column names, so an exported file imports
 * again (the rest are ignored by the import), then what happened to each report.
 */
export const EXPORT_COLUMNS = [
  ...IMPORT_COLUMNS,
  EXPORTED_ID_COLUMN, EXPORTED_STATE_COLUMN, 'attempts', 'last_error', 'http_status', 'created_at', 'sent_at',
  EXPORTED_ENVIRONMENT_COLUMN, EXPORTED_CID_COLUMN, 'corrects_id', 'superseded_by',
] as const;
export const EXPORT_PAGE_SIZE = 1000;

/** Where the text goes: a file, standard output, an HTTP answer. Resolves when it may take more. */
export type ExportSink = (chunk: string) => Promise<void>;

export interface ExportOptions {
  separator?: CsvSeparator | undefined;
  pageSize?: number | undefined;
}

const at = (ms: number | null): string => (ms === null ? '' : formatLocalTime(new Date(ms)));

/** One report's cells, in the order of EXPORT_COLUMNS (arrays: csv-stringify is a third faster with them than with keyed objects). */
function toRow(e: OutboxEntry): string[] {
  const cells: Record<(typeof EXPORT_COLUMNS)[number], string> = {
    status: e.status,
    usageplacecode: e.usageplacecode,
    customernumber: e.event.customernumber ?? '',
    contract_no: e.event.contract_no ?? '',
    invoices: (e.event.invoices ?? []).map((i) => `${i.invoicenumber}:${i.jobid}`).join(' '),
    time: e.event.time,
    description: e.event.description ?? '',
    id: e.id,
    state: e.state,
    attempts: String(e.attempts),
    last_error: e.lastError?.message ?? '',
    http_status: String(e.lastError?.httpStatus ?? ''),
    created_at: at(e.createdAt),
    sent_at: at(e.sentAt),
    environment: e.target.baseUrl,
    cid: e.target.cid,
    corrects_id: e.correctsId ?? '',
    superseded_by: e.supersededBy ?? '',
  };
  return EXPORT_COLUMNS.map((column) => neutraliseFormula(cells[column]));
}

/**
 * Writes the reports that match `query`, oldest first (so a re-import queues each usage
 * place's reports in the order they were made). Reports made while it runs are left out:
 * the file is the log as it was when the export began. Returns how many rows it wrote.
 */
export async function writeReportsCsv(store: OutboxStore, query: ExportQuery, sink: ExportSink, options: ExportOptions = {}): Promise<{ count: number }> {
  const csv = {
    delimiter: options.separator ?? DEFAULT_EXPORT_SEPARATOR,
    record_delimiter: 'windows',
    // Also a lone \n or \r inside a value (a description's line break) is quoted; with
    // record_delimiter set, csv-stringify would otherwise quote only a whole \r\n.
    quote_record_delimiter: true,
    // No escape_formulas: it misses " =1+1"; toRow neutralises every cell (csv-formula.ts).
  } as const;
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  const upTo = store.lastSeq();
  await sink(`\uFEFF${stringify([[...EXPORT_COLUMNS]], csv)}`);
  let count = 0;
  for (let after = 0; ;) {
    const page = store.exportPage(query, after, upTo, pageSize);
    if (page.lastSeq === null) break;
    after = page.lastSeq;
    if (page.entries.length > 0) await sink(stringify(page.entries.map(toRow), csv));
    count += page.entries.length;
    // A sink that never waits (a fast disk, a pipe with room) would otherwise keep the
    // thread to itself until the last page.
    await nextTurnOfTheEventLoop();
  }
  return { count };
}
