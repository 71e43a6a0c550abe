import { parse, type CsvError } from 'csv-parse/sync';
import type { CsvProblem } from '../../shared/csv-import-problems.ts';

// CSV text → records, each with the physical line it starts on, through csv-parse (RFC
// 4180 quoting: separators, doubled quotes and line breaks inside quoted fields).
// A record that breaks the quoting rules is reported with its line and skipped; csv-parse
// may not find its footing again after an unclosed quote, so the rest of the file is then
// unreadable — which is reported too, and nothing is queued either way.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export type CsvSyntaxError = Extract<CsvProblem, { code: 'csv_syntax' }>;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Reads every record of `text` (LF line ends). Empty lines and records whose values are all
 * blank are skipped: Excel writes ";;;;" for a blank row that once had formatting.
 */
export function readCsvRecords(text: string, delimiter: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const errors: CsvSyntaxError[] = [];
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true, // the row checks name a wrong field count themselves
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (!err) return undefined;
        const line = typeof err.lines === 'number' ? err.lines : 1;
        const previous = errors.at(-1);
        // After broken quoting csv-parse may misread the next record too; say where it began.
        const after = previous && line - previous.line <= 1 ? previous.line : null;
        errors.push(syntaxError(err, line, after));
        return undefined;
      },
    }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as CsvError;
    return { records: [], errors: [syntaxError(e, typeof e.lines === 'number' ? e.lines : 1, null)] };
  }
  const records = parsed
    .filter((p) => p.record.some((v) => v.trim() !== ''))
    // csv-parse counts the line a record ends on; quoted line breaks move the start back.
    .map((p) => ({ line: p.info.lines - newlines(p.record), fields: p.record }));
  return { records, errors };
}

function newlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

function syntaxError(err: CsvError, line: number, after: number | null): CsvSyntaxError {
  const reason = err.code === 'CSV_QUOTE_NOT_CLOSED'
    ? 'quote_not_closed'
    : err.code === 'CSV_INVALID_CLOSING_QUOTE' || err.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
      ? 'text_after_quote'
      : 'unreadable';
  return { code: 'csv_syntax', line: Math.max(1, line), field: null, reason, after };
}
