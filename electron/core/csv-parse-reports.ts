import { reportInputSchema, type Clock, type ReportInput } from '../../shared/report-input.ts';
import { readCsvRecords, type CsvRecord } from './csv-records.ts';

// CSV file → validated reports, with no file system and no store, so it can be tested (and
// fuzzed) on bytes alone. Every row goes through the same rules as the form
// (reportInputSchema); one bad row means nothing is queued, and every bad row is named.

/** One problem, on a physical line of the file (1-based, where the record starts). */
export interface CsvRowProblem {
  line: number;
  field: string;
  message: string;
}

export type CsvParseResult =
  | { ok: true; reports: ReportInput[]; lines: number[] }
  | { ok: false; problems: CsvRowProblem[] };

export const CSV_COLUMNS = [
  'status', 'usageplacecode', 'customernumber', 'contract_no', 'time', 'description', 'invoices',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['status', 'usageplacecode'];
const isColumn = (name: string): name is Column => (CSV_COLUMNS as readonly string[]).includes(name);

/** A problem of the whole file rather than of one row. */
export const FILE_FIELD = '(file)';
/** A problem of a row's shape (field count, quotes) rather than of one value. */
export const ROW_FIELD = '(row)';

/**
 * Bytes → text. A leading BOM is dropped (Excel's "CSV UTF-8" writes one) and line ends
 * become LF, so the parser's line count is the physical line and re-saving with other line
 * ends gives the same text (the duplicate-import hash is taken of it).
 */
export function decodeCsvText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: CsvRowProblem } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.replace(/\r\n?/g, '\n') };
  } catch {
    return {
      ok: false,
      problem: {
        line: firstUndecodableLine(bytes),
        field: FILE_FIELD,
        message: 'This line is not UTF-8 text. In Excel, save the file as "CSV UTF-8 (Comma delimited)".',
      },
    };
  }
}

/** Only on failure: decode line by line (0x0A never occurs inside a UTF-8 sequence). */
function firstUndecodableLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let start = 0, line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    try {
      decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) return 1;
    start = end + 1;
  }
}

export function parseReportsCsv(bytes: Uint8Array, now: Clock = () => new Date()): CsvParseResult {
  const decoded = decodeCsvText(bytes);
  return decoded.ok ? parseReportsText(decoded.text, now) : { ok: false, problems: [decoded.problem] };
}

/** Parses text already through decodeCsvText (LF line ends, no BOM). Never throws. */
export function parseReportsText(text: string, now: Clock = () => new Date()): CsvParseResult {
  const delimiter = detectDelimiter(text);
  const { records, errors } = readCsvRecords(text, delimiter);
  const problems: CsvRowProblem[] = errors.map((e) => ({ line: e.line, field: ROW_FIELD, message: e.message }));
  const header = records[0];
  if (!header) {
    if (problems.length === 0) problems.push({ line: 1, field: FILE_FIELD, message: 'No reports in the file: it is empty.' });
    return { ok: false, problems: byLine(problems) };
  }
  // A broken header line would make the first data row look like the header.
  if (problems.some((p) => p.line <= header.line)) return { ok: false, problems: byLine(problems) };
  const columns = readHeader(header, problems);
  if (!columns) return { ok: false, problems: byLine(problems) };
  if (records.length === 1 && problems.length === 0) {
    problems.push({ line: header.line, field: FILE_FIELD, message: 'No reports in the file: it has a header but no rows.' });
  }
  const result = validateRows(records, header.fields.length, columns, delimiter, now, problems);
  return problems.length > 0 ? { ok: false, problems: byLine(problems) } : { ok: true, ...result };
}

/** Excel saves with the list separator of the locale: ";" in Finland, "," in many others. */
function detectDelimiter(text: string): ';' | ',' {
  let start = 0;
  while (text[start] === '\n') start++;
  const end = text.indexOf('\n', start);
  const headerLine = text.slice(start, end === -1 ? text.length : end);
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Column name → index; null when the header is unusable (its problems are in `problems`). */
function readHeader(header: CsvRecord, problems: CsvRowProblem[]): Map<Column, number> | null {
  const columns = new Map<Column, number>();
  const before = problems.length;
  header.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return; // Excel keeps empty trailing columns; their cells are checked per row
    if (!isColumn(name)) {
      problems.push({ line: header.line, field: raw.trim(), message: `Unknown column "${raw.trim()}". The columns are: ${CSV_COLUMNS.join(', ')}.` });
    } else if (columns.has(name)) {
      problems.push({ line: header.line, field: name, message: `The column "${name}" appears more than once.` });
    } else {
      columns.set(name, index);
    }
  });
  for (const name of REQUIRED) {
    if (!columns.has(name)) problems.push({ line: header.line, field: name, message: `The header has no "${name}" column.` });
  }
  return problems.length > before ? null : columns;
}

function validateRows(
  rows: CsvRecord[], width: number, columns: Map<Column, number>, delimiter: string, now: Clock,
  problems: CsvRowProblem[],
): { reports: ReportInput[]; lines: number[] } {
  const schema = reportInputSchema(now);
  const named = new Set(columns.values());
  const reports: ReportInput[] = [];
  const lines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { line, fields } = rows[r] as CsvRecord;
    if (fields.length !== width) {
      problems.push({
        line, field: ROW_FIELD,
        message: `This row has ${fields.length} values but the header has ${width} columns. A value containing "${delimiter}" must be in double quotes.`,
      });
      continue;
    }
    const before = problems.length;
    const input: Record<string, unknown> = {};
    // Cells are trimmed: the schema trims its strings, but not `status`, and a trailing
    // space in a spreadsheet cell is invisible.
    for (const [name, index] of columns) if (name !== 'invoices') input[name] = (fields[index] as string).trim();
    fields.forEach((cell, index) => {
      if (!named.has(index) && cell.trim() !== '') {
        problems.push({ line, field: `column ${index + 1}`, message: 'This column has no name in the header, so its value cannot be used.' });
      }
    });
    const invoiceIndex = columns.get('invoices');
    const invoices = splitInvoices(invoiceIndex === undefined ? '' : (fields[invoiceIndex] as string));
    for (const message of invoices.problems) problems.push({ line, field: 'invoices', message });
    input.invoices = invoices.items;
    const result = schema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const [field, item] = issue.path;
        const pair = field === 'invoices' && typeof item === 'number' ? invoices.pairs[item] : undefined;
        problems.push({
          line,
          field: typeof field === 'string' ? field : ROW_FIELD,
          message: pair === undefined ? issue.message : `"${pair}": ${issue.message}`,
        });
      }
    } else if (problems.length === before) {
      reports.push(result.data);
      lines.push(line);
    }
  }
  return { reports, lines };
}

/**
 * `594294:1234 594295:1235` → pairs. Split at the last colon so the job id is what follows
 * it. Commas and semicolons also separate pairs, as people type lists that way.
 */
function splitInvoices(cell: string): { items: { invoicenumber: string; jobid: string }[]; pairs: string[]; problems: string[] } {
  const items: { invoicenumber: string; jobid: string }[] = [];
  const pairs: string[] = [];
  const problems: string[] = [];
  for (const pair of cell.split(/[\s,;]+/)) {
    if (pair === '') continue;
    const colon = pair.lastIndexOf(':');
    const invoicenumber = pair.slice(0, colon);
    const jobid = pair.slice(colon + 1);
    if (colon === -1) problems.push(`"${pair}" is not invoicenumber:jobid (for example 594294:1234).`);
    else if (invoicenumber === '') problems.push(`"${pair}" has no invoice number before the colon.`);
    else if (!/^\d{1,15}$/.test(jobid)) problems.push(`"${pair}": the job ID after the colon must be a whole number.`);
    else {
      items.push({ invoicenumber, jobid });
      pairs.push(pair);
    }
  }
  return { items, pairs, problems };
}

/** Problems in file order; the sort is stable, so a row's problems keep their order. */
function byLine(problems: CsvRowProblem[]): CsvRowProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}
