import { parse, type CsvError } from 'csv-parse/sync';

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

export interface CsvSyntaxError {
  line: number;
  message: string;
}

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
        const message = previous && line - previous.line <= 1
          ? `${describe(err)} (It may only be misread because of the broken line ${previous.line}.)`
          : describe(err);
        errors.push({ line, message });
        return undefined;
      },
    }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as CsvError;
    return { records: [], errors: [{ line: typeof e.lines === 'number' ? e.lines : 1, message: describe(e) }] };
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

function describe(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted value is never closed (a " is missing); the rest of the file cannot be read.';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'Text follows a closing quote. Inside a quoted value write a quote as "".';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'Text follows a closing quote.';
    default:
      return `This line cannot be read as CSV (${err.message}).`;
  }
}
