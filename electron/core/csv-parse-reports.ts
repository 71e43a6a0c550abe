import type { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from '../../shared/csv-import-problems.ts';
import type { Target } from '../../shared/endpoint.ts';
import { reportInputSchema, type Clock } from '../../shared/report-input.ts';
import { decodeCsv } from './csv-decode.ts';
import { readHeader } from './csv-header.ts';
import { importEventId, importRowKey } from './import-event-id.ts';
import { readCsvRecords } from './csv-records.ts';
import { readRow, type ReadRow } from './csv-row.ts';
import { chooseSeparator } from './csv-separator.ts';

// CSV file → validated reports with their event ids, with no file system and no store, so
// it can be tested (and fuzzed) on bytes alone, and the window's import preview can show
// exactly what the command line would queue. One bad row means nothing is queued, and every
// bad row is named, each problem as a code with its line and field
// (shared/csv-import-problems.ts).

/**
 * A row and the event id it is reported under: the export's id when the row carries one
 * (it is that report), else the id derived from the row for the target (import-event-id.ts).
 */
export interface ImportRow extends ReadRow {
  id: string;
}

interface Reading {
  /** How the bytes were read; null when they could not be. */
  encoding: CsvEncoding | null;
  separator: CsvSeparator | null;
  warnings: CsvWarning[];
}

export type CsvParseResult =
  | { ok: true; encoding: CsvEncoding; separator: CsvSeparator; warnings: CsvWarning[]; rows: ImportRow[] }
  /** `rows`: the rows that are right, so what only the outbox can say about them is said at once too. */
  | (Reading & { ok: false; problems: CsvProblem[]; rows: ImportRow[] });

/** The rows of a file for `target` (derived ids are the target's). Never throws. */
export function parseReportsCsv(bytes: Uint8Array, target: Target, now: Clock = () => new Date()): CsvParseResult {
  const steps = parseReportsCsvSteps(bytes, target, now);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How far a parse has got: data rows checked, of how many. */
export interface CsvParseProgress {
  done: number;
  total: number;
}

/** Rows checked between two progress steps (a few milliseconds' work). */
const ROWS_PER_STEP = 250;

/**
 * The same parse, one step at a time: it yields its progress before the first row and every
 * ROWS_PER_STEP rows, so the window's import (csv-import-check.ts) can show how far it got
 * and let delivery run between steps. Never throws.
 */
export function* parseReportsCsvSteps(bytes: Uint8Array, target: Target, now: Clock = () => new Date()): Generator<CsvParseProgress, CsvParseResult> {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { ok: false, encoding: null, separator: null, warnings: [], problems: [decoded.problem], rows: [] };
  const reading: Reading = { encoding: decoded.encoding, separator: null, warnings: [] };
  const fail = (problems: CsvProblem[], rows: ImportRow[] = []): CsvParseResult => ({ ...reading, ok: false, problems: byLine(problems), rows });

  const choice = chooseSeparator(decoded.text);
  if (!choice.ok) return fail([choice.problem]);
  reading.separator = choice.separator;
  const { records, errors } = readCsvRecords(decoded.text, choice.separator);
  const problems: CsvProblem[] = [...errors];
  const [header, ...rows] = records;
  if (!header) return fail(problems.length > 0 ? problems : [{ code: 'empty_file', line: 1, field: null }]);
  // A broken header line would make the first data row look like the header.
  if (problems.some((p) => p.line <= header.line)) return fail(problems);
  const head = readHeader(header, rows);
  reading.warnings.push(...head.warnings);
  if (!head.columns) return fail([...head.problems, ...problems]);
  if (rows.length === 0 && problems.length === 0) return fail([{ code: 'no_rows', line: header.line, field: null }]);

  const context = {
    columns: head.columns, exported: head.exported, width: header.fields.length, separator: choice.separator, schema: reportInputSchema(now),
  };
  const accepted: ImportRow[] = [];
  const lineOfId = new Map<string, number>();
  yield { done: 0, total: rows.length };
  for (const [index, record] of rows.entries()) {
    if (index > 0 && index % ROWS_PER_STEP === 0) yield { done: index, total: rows.length };
    const { row, problems: rowProblems } = readRow(record, context);
    problems.push(...rowProblems);
    if (!row) continue;
    // Two rows under one event id would be one report: the second is a mistake or a copy,
    // whether the id is derived (the same report twice), an export's (a row copied with its
    // id cell), or one of each (a copy whose id cell was cleared of a row imported before).
    const id = row.exported?.id ?? importEventId(target, importRowKey(row.report));
    const earlier = lineOfId.get(id);
    if (earlier !== undefined) problems.push({ code: 'duplicate_row', line: row.line, field: null, sameAsLine: earlier });
    else {
      lineOfId.set(id, row.line);
      accepted.push({ ...row, id });
    }
  }
  reading.warnings.push(...trailingZeroWarnings(accepted, header.line));
  if (problems.length > 0) return fail(problems, accepted);
  return { ok: true, encoding: decoded.encoding, separator: choice.separator, warnings: reading.warnings, rows: accepted };
}

/** Excel keeps 15 digits of a number: the rest of a longer code it stored as a number are zeros. */
const LONG_CODE = /^\d{16,}$/;
const zeroTailed = (code: string): boolean => LONG_CODE.test(code) && /^0+$/.test(code.slice(15));

/**
 * Long usage place codes that end where Excel's 15 digits end, in zeros: each is named, as
 * Excel may have cut it. When every long code of the file ends so (two or more rows), that
 * may be how the utility numbers, or Excel cut the whole column: one warning for the column.
 */
function trailingZeroWarnings(rows: readonly ImportRow[], headerLine: number): CsvWarning[] {
  const tailed = rows.filter((r) => zeroTailed(r.report.usageplacecode));
  const long = rows.filter((r) => LONG_CODE.test(r.report.usageplacecode));
  const first = tailed[0];
  if (!first) return [];
  if (tailed.length === long.length && tailed.length > 1) {
    return [{ code: 'trailing_zeros_column', line: headerLine, field: 'usageplacecode', value: first.report.usageplacecode, count: tailed.length }];
  }
  return tailed.map((r) => ({ code: 'trailing_zeros', line: r.line, field: 'usageplacecode', value: r.report.usageplacecode }));
}

/** Problems in file order; the sort is stable, so a row's problems keep their order. */
function byLine<T extends { line: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.line - b.line);
}
