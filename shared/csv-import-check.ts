import { z } from 'zod';
import { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from './csv-import-problems.ts';
import { EventStatus } from './usageplace-event.ts';

export { IMPORT_MAX_PROBLEMS, IMPORT_PREVIEW_ROWS, MAX_IMPORT_BASE64, MAX_IMPORT_BYTES } from './csv-import-limits.ts';

// The window's CSV import, in two steps: every row is checked first (ImportCheck, shown to the
// clerk), then "Queue N reports" queues all of them or none (ImportDone). The parser, the rules
// and the problem codes are the command line's (electron/core/csv-*.ts); only the sentences
// differ, and those the window takes from its catalogues.

/** One row as it will be reported: the time is the one that will be sent. */
export const ImportPreviewRow = z.object({
  line: z.int(),
  status: EventStatus,
  usageplacecode: z.string(),
  customernumber: z.string().nullable(),
  contract_no: z.string().nullable(),
  invoices: z.array(z.object({ invoicenumber: z.string(), jobid: z.number() })),
  /** Every imported row has its time (time_missing otherwise). */
  time: z.string(),
  description: z.string().nullable(),
  /**
   * Why queueing leaves the row out, or null: its report is in the outbox already, or (an
   * export's row not in this outbox) the export lists it as sent, discarded or superseded.
   */
  leftOut: z.enum(['in_outbox', 'sent', 'discarded', 'superseded']).nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const ImportCheck = z.object({
  /** Names this check for "Queue N reports"; the main process keeps its rows until then. */
  checkId: z.string(),
  fileName: z.string(),
  /** How the bytes were read; null when they could not be. */
  encoding: CsvEncoding.nullable(),
  separator: CsvSeparator.nullable(),
  /** True when every row passed: then and only then can the rows be queued. */
  ok: z.boolean(),
  /** The file's data rows; null when the file could not be read as rows at all. */
  rowCount: z.int().nullable(),
  firstRows: z.array(ImportPreviewRow),
  /** Every problem, in file order (at most IMPORT_MAX_PROBLEMS of them; problemCount says how many in all). */
  problems: z.array(CsvProblem),
  problemCount: z.int(),
  /** How many lines have problems. */
  badLineCount: z.int(),
  warnings: z.array(CsvWarning),
  /** Rows already in the outbox (from an earlier import, or an export's rows of this outbox): queueing skips them. */
  alreadyInOutbox: z.int(),
  /**
   * Rows of an export whose report is not in this outbox (lost, or another PC's) but that the
   * export lists as sent, discarded or superseded (replaced by a correction): settled, so
   * queueing skips them, by the state the export lists.
   */
  exportedSettled: z.object({ sent: z.int(), discarded: z.int(), superseded: z.int() }),
  /**
   * The previous version (before event ids were derived from rows) imported this very file,
   * as `fileName` at `importedAt`: none of it is read, and its `reports` are in the outbox.
   */
  importedBefore: z.object({ fileName: z.string(), importedAt: z.number(), reports: z.int() }).nullable(),
  /** Rows "Queue N reports" would add: ok, and neither in the outbox nor settled by the export. */
  toQueue: z.int(),
});
export type ImportCheck = z.infer<typeof ImportCheck>;

export const ImportDone = z.object({
  fileName: z.string(),
  queued: z.int(),
  /** Rows skipped as already in the outbox (by then; a file imported before: all its reports). */
  alreadyInOutbox: z.int(),
  /** Rows skipped as the export lists them as settled (ImportCheck.exportedSettled, in all). */
  exportedSettled: z.int(),
});
export type ImportDone = z.infer<typeof ImportDone>;

/** Progress of a long check or of queueing, pushed by the main process. */
export const ImportProgress = z.object({
  phase: z.enum(['checking', 'queueing']),
  done: z.int(),
  total: z.int(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;
