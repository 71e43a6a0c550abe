import { z } from 'zod';
import { IMPORT_COLUMNS } from './csv-columns.ts';

// What the CSV import can say about a file, as codes with parameters: the command line
// turns them into English (electron/core/csv-problem-text.ts), the window into the clerk's
// language. Nothing here is a sentence.

/** How the file's bytes were read. */
export const CsvEncoding = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']);
export type CsvEncoding = z.infer<typeof CsvEncoding>;

export const CsvSeparator = z.enum([';', ',', '\t']);
export type CsvSeparator = z.infer<typeof CsvSeparator>;

/**
 * Where: the physical line of the file (1-based; a record with quoted line breaks is at
 * the line it starts on) and the column by its API name, or null for the row or the file.
 */
const at = { line: z.int().min(1), field: z.string().nullable() };
const value = z.string();

/** Why a file or a row is refused. One of them and nothing in the file is queued. */
export const CsvProblem = z.discriminatedUnion('code', [
  /** The bytes are no text in any encoding the import reads (UTF-8, UTF-16 with BOM, Windows-1252). */
  z.object({ code: z.literal('not_text'), ...at, encoding: CsvEncoding }),
  /**
   * UTF-8 lines (`line` is the first) and a line that is not UTF-8 (`otherLine`) in one file:
   * read either way, some of its letters would come out wrong ("ä" as "Ã¤").
   */
  z.object({ code: z.literal('mixed_encoding'), ...at, otherLine: z.int().min(1) }),
  z.object({ code: z.literal('empty_file'), ...at }),
  z.object({ code: z.literal('no_rows'), ...at }),
  /** The header row has as many of two or more separators, so which one is meant is a guess. */
  z.object({ code: z.literal('separator_tie'), ...at, separators: z.array(CsvSeparator), count: z.int() }),
  /** Broken quoting. `after`: an earlier broken line this one may only be misread because of. */
  z.object({
    code: z.literal('csv_syntax'), ...at,
    reason: z.enum(['quote_not_closed', 'text_after_quote', 'unreadable']),
    after: z.int().nullable(),
  }),
  /** Two header cells name the same column (`field`). */
  z.object({ code: z.literal('duplicate_column'), ...at, names: z.array(z.string()) }),
  /** The header has no column `field`. */
  z.object({ code: z.literal('missing_column'), ...at }),
  z.object({ code: z.literal('field_count'), ...at, found: z.int(), expected: z.int(), separator: CsvSeparator }),
  z.object({ code: z.literal('required'), ...at }),
  z.object({ code: z.literal('status_unknown'), ...at, value }),
  z.object({ code: z.literal('too_long'), ...at, max: z.int() }),
  z.object({ code: z.literal('too_many_invoices'), ...at, max: z.int() }),
  z.object({
    code: z.literal('invoice_pair'), ...at, value,
    reason: z.enum(['no_colon', 'no_invoicenumber', 'jobid_not_number']),
  }),
  /**
   * Excel turned a code into a number in E-notation (`6,43008E+17`): its digits are gone.
   * `part` says which half of an invoice pair it was.
   */
  z.object({ code: z.literal('excel_number'), ...at, value, part: z.enum(['invoicenumber', 'jobid']).nullable() }),
  /**
   * An empty time. An imported row must say when it happened: without its time, the same row
   * imported again could not be told from a new report of that usage place on another day.
   */
  z.object({ code: z.literal('time_missing'), ...at }),
  z.object({ code: z.literal('time_form'), ...at, value }),
  z.object({ code: z.literal('time_slash'), ...at, value }),
  /** A date or clock that does not exist (31.4.2024, 25.00, a daylight-saving gap). */
  z.object({ code: z.literal('time_not_real'), ...at, value }),
  z.object({ code: z.literal('time_future'), ...at, value }),
  z.object({ code: z.literal('description_required'), ...at }),
  /** The same report as an earlier row (after normalising): it would get the same event id. */
  z.object({ code: z.literal('duplicate_row'), ...at, sameAsLine: z.int() }),
  /**
   * A row of an export whose id is a report in this outbox that says otherwise in `fields`,
   * beyond what Excel changes when it saves a file again: an edit. It is not queued under
   * the report's id; with the id cell cleared it is a new report.
   */
  z.object({ code: z.literal('changed_since_export'), ...at, id: z.string(), fields: z.array(z.enum(IMPORT_COLUMNS)).min(1) }),
  /**
   * A cell of the export's id or state column (`field`) that is not what the export writes
   * there (a UUID, a state): edited, so which report the row is cannot be told.
   */
  z.object({ code: z.literal('exported_cell'), ...at, value }),
  /**
   * A row of an export that is a report of another environment (`environment`: a base URL as
   * reports record it, or the cell as written when it names none) or cid than the app's now,
   * by its report in this outbox (`source: 'outbox'`) or, not in the outbox, by the export's
   * environment and cid columns (`'export'`). Queued here, a test report would go to production.
   */
  z.object({
    code: z.literal('exported_other_target'), ...at, id: z.string(), environment: z.string(), cid: z.string(), source: z.enum(['outbox', 'export']),
  }),
  /**
   * A row of an export whose id is not in this outbox, in a file without the export's
   * environment and cid (columns removed, or their cells emptied): which target it was made
   * for cannot be told, so it is not queued under its id anywhere.
   */
  z.object({ code: z.literal('exported_target_unknown'), ...at, id: z.string() }),
  /** A report rule without a code of its own yet; `detail` is the rule's English text. */
  z.object({ code: z.literal('invalid'), ...at, detail: z.string() }),
]);
export type CsvProblem = z.infer<typeof CsvProblem>;
export type CsvProblemCode = CsvProblem['code'];

/** What the import notes but does not refuse. */
export const CsvWarning = z.discriminatedUnion('code', [
  /** Header cells that name none of the columns (an export's `attempts`, `sent_at`, …): their values are not imported. */
  z.object({ code: z.literal('ignored_columns'), ...at, names: z.array(z.string()) }),
  /** Columns (1-based) with an empty header cell but values in some rows: not imported. */
  z.object({ code: z.literal('unnamed_columns'), ...at, columns: z.array(z.int()) }),
  /**
   * A usage place code of 16 or more digits whose digits past the 15th are zeros: what is
   * left when Excel stored it as a number (it keeps 15 digits).
   */
  z.object({ code: z.literal('trailing_zeros'), ...at, value }),
  /**
   * Every long usage place code of the file (`count` rows, at least two) ends so: one warning
   * for the column (at the header's line), with the first such code as `value`.
   */
  z.object({ code: z.literal('trailing_zeros_column'), ...at, value, count: z.int().min(2) }),
]);
export type CsvWarning = z.infer<typeof CsvWarning>;
