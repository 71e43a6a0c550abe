import type { z } from 'zod';
import { EXPORTED_ID_COLUMN, EXPORTED_STATE_COLUMN, type ImportColumn } from '../../shared/csv-columns.ts';
import type { CsvProblem, CsvSeparator } from '../../shared/csv-import-problems.ts';
import { parseLocaleTime } from '../../shared/locale-time.ts';
import { ReportState } from '../../shared/outbox.ts';
import type { ReportInput, reportInputSchema } from '../../shared/report-input.ts';
import { unescapeFormula } from './csv-formula.ts';
import { isEventId, isReportState, type ExportedColumns } from './csv-header.ts';
import type { CsvRecord } from './csv-records.ts';

// One data row → a report, through the same rules as the form (reportInputSchema), after
// what only a spreadsheet does: codes Excel turned into numbers, times as the locale writes
// them, invoice pairs in one cell, and an export's formula apostrophes.

export interface ReadRow {
  line: number;
  report: ReportInput;
  /** Whether the time cell gave the seconds: Excel drops them when it reformats a time. */
  timeHasSeconds: boolean;
  /**
   * The report an export wrote this row for: its event id (lower case, as ids are made), the
   * state the export listed, if it has that column, and the target it listed, if it has both
   * those columns with both cells filled (`environment` as written: readBaseUrl reads it).
   * null: a new report (no id column, or its cell left empty).
   */
  exported: ExportedReport | null;
}

export interface ExportedReport {
  id: string;
  state: ReportState | null;
  target: { environment: string; cid: string } | null;
}

export interface RowContext {
  columns: ReadonlyMap<ImportColumn, number>;
  /** The export's own columns (csv-header.ts), when the file is an export. */
  exported: ExportedColumns | null;
  width: number;
  separator: CsvSeparator;
  schema: ReturnType<typeof reportInputSchema>;
}

/** What Excel writes for a number too long for its 15 digits: `6,43008E+17`, `6.43008E+17`. */
const E_NOTATION = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]\d+$/;
const CODE_FIELDS: readonly ImportColumn[] = ['usageplacecode', 'customernumber', 'contract_no'];

export function readRow(record: CsvRecord, ctx: RowContext): { row: ReadRow | null; problems: CsvProblem[] } {
  const { line, fields } = record;
  // Excel leaves out the separators of empty cells at the end of a row (KB 77295): cells
  // missing at the end are empty. Only a value past the header's last column is a mistake
  // (an unquoted separator inside a value, most likely).
  if (fields.slice(ctx.width).some((value) => value.trim() !== '')) {
    return { row: null, problems: [{ code: 'field_count', line, field: null, found: fields.length, expected: ctx.width, separator: ctx.separator }] };
  }
  const problems: CsvProblem[] = [];
  // Trimmed (a trailing space in a spreadsheet cell is invisible), and as before an export
  // neutralised it.
  const cell = (name: ImportColumn): string => {
    const index = ctx.columns.get(name);
    return index === undefined ? '' : unescapeFormula((fields[index] ?? '').trim()).trim();
  };
  const input: Record<string, unknown> = {
    status: cell('status'),
    usageplacecode: cell('usageplacecode'),
    customernumber: cell('customernumber'),
    contract_no: cell('contract_no'),
    description: cell('description'),
  };
  for (const field of CODE_FIELDS) {
    const value = input[field] as string;
    if (E_NOTATION.test(value)) problems.push({ code: 'excel_number', line, field, value, part: null });
  }
  const invoices = splitInvoices(cell('invoices'), line);
  problems.push(...invoices.problems);
  input.invoices = invoices.items;
  const timeText = cell('time');
  const time = readTime(timeText, line);
  if ('problem' in time) problems.push(time.problem);
  else input.time = time.time;

  const result = ctx.schema.safeParse(input);
  if (!result.success) {
    // A field already named above is not named twice.
    const named = new Set(problems.map((p) => p.field));
    for (const issue of result.error.issues) {
      const problem = fromIssue(issue, line, input, timeText);
      if (!named.has(problem.field)) problems.push(problem);
    }
  }
  if (problems.length > 0 || !result.success || 'problem' in time) return { row: null, problems };
  const exported = exportedReport(fields, line, ctx);
  if ('problem' in exported) return { row: null, problems: [exported.problem] };
  return { row: { line, report: result.data, timeHasSeconds: time.seconds, exported: exported.report }, problems };
}

/**
 * The export's id, state and target of a row: the id and state each what the export writes
 * there, or the row is refused. The target is as written; whether it is the app's, the plan
 * decides (csv-import-plan.ts), and only for a row whose id is not in the outbox.
 */
function exportedReport(fields: readonly string[], line: number, ctx: RowContext): { report: ReadRow['exported'] } | { problem: CsvProblem } {
  const columns = ctx.exported;
  if (!columns) return { report: null };
  const at = (index: number | null): string => (index === null ? '' : unescapeFormula((fields[index] ?? '').trim()).trim());
  const id = at(columns.id);
  const state = at(columns.state);
  if (id === '') return { report: null }; // a new report: its state cell says nothing
  if (!isEventId(id)) return { problem: { code: 'exported_cell', line, field: EXPORTED_ID_COLUMN, value: id } };
  if (state !== '' && !isReportState(state)) return { problem: { code: 'exported_cell', line, field: EXPORTED_STATE_COLUMN, value: state } };
  const environment = at(columns.environment);
  const cid = at(columns.cid);
  return {
    report: {
      id: id.toLowerCase(),
      state: state === '' ? null : ReportState.parse(state),
      target: environment === '' || cid === '' ? null : { environment, cid },
    },
  };
}

/**
 * The time cell in the sent form. Whether that moment exists on this computer's clock (not
 * in a daylight-saving gap) and is past, the report rules judge next, as for the form.
 */
function readTime(text: string, line: number): { time: string; seconds: boolean } | { problem: CsvProblem } {
  // Not "now", as the form defaults: the same row imported tomorrow would be another report.
  if (text === '') return { problem: { code: 'time_missing', line, field: 'time' } };
  const parsed = parseLocaleTime(text);
  if (parsed.ok) return { time: parsed.time, seconds: parsed.seconds };
  const code = parsed.reason === 'slash_date' ? 'time_slash' : parsed.reason === 'not_a_date' ? 'time_not_real' : 'time_form';
  return { problem: { code, line, field: 'time', value: text } };
}

/**
 * `594294:1234 594295:1235` → pairs; commas and semicolons also separate pairs, as people
 * type lists that way. An invoice number may hold spaces, as the form takes `LASKU 594294`,
 * so a pair is read word by word: a word with a colon ends the pair, its job id after that
 * word's last colon, its invoice number everything before, back to the previous pair (with
 * the spaces as they were, so an exported row reads back unchanged). Words left over after
 * the last pair have no job id. But first, a part in E-notation is found while its decimal
 * comma is still whole.
 */
function splitInvoices(text: string, line: number): { items: { invoicenumber: string; jobid: string }[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  for (const token of text.split(/[\s;]+/)) {
    const colon = token.lastIndexOf(':');
    const parts = colon === -1 ? [['invoicenumber', token] as const] : [['invoicenumber', token.slice(0, colon)] as const, ['jobid', token.slice(colon + 1)] as const];
    for (const [part, value] of parts) {
      if (E_NOTATION.test(value)) problems.push({ code: 'excel_number', line, field: 'invoices', value, part });
    }
  }
  if (problems.length > 0) return { items: [], problems };
  const items: { invoicenumber: string; jobid: string }[] = [];
  const bad = (value: string, reason: 'no_colon' | 'no_invoicenumber' | 'jobid_not_number'): void => {
    problems.push({ code: 'invoice_pair', line, field: 'invoices', value, reason });
  };
  for (const list of text.split(/[,;]/)) {
    let from: number | null = null; // where the pair being read starts
    for (const word of list.matchAll(/\S+/g)) {
      from ??= word.index;
      const colon = word[0].lastIndexOf(':');
      if (colon === -1) continue;
      const invoicenumber = list.slice(from, word.index + colon).trim();
      const jobid = word[0].slice(colon + 1);
      const pair = list.slice(from, word.index + word[0].length);
      from = null;
      if (invoicenumber === '') bad(pair, 'no_invoicenumber');
      else if (!/^\d{1,15}$/.test(jobid)) bad(pair, 'jobid_not_number');
      else items.push({ invoicenumber, jobid });
    }
    if (from !== null) bad(list.slice(from).trim(), 'no_colon');
  }
  return { items, problems };
}

/** A rule of the shared report schema, as a problem code. */
function fromIssue(issue: z.core.$ZodIssue, line: number, input: Record<string, unknown>, timeText: string): CsvProblem {
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
  if (field === 'time' && issue.code === 'custom') {
    // The locale form was read (readTime); what is left is the moment itself.
    const future = (issue.params as { problem?: string } | undefined)?.problem === 'time_in_future';
    return { code: future ? 'time_future' : 'time_not_real', line, field, value: timeText };
  }
  if (field === 'status') {
    const value = String(input.status ?? '');
    return value === '' ? { code: 'required', line, field } : { code: 'status_unknown', line, field, value };
  }
  if (field === 'description' && issue.code === 'custom') return { code: 'description_required', line, field };
  if (issue.code === 'too_small' && field !== null) return { code: 'required', line, field };
  if (issue.code === 'too_big' && field === 'invoices' && issue.path.length === 1) {
    return { code: 'too_many_invoices', line, field, max: Number(issue.maximum) };
  }
  if (issue.code === 'too_big' && field !== null) return { code: 'too_long', line, field, max: Number(issue.maximum) };
  return { code: 'invalid', line, field, detail: issue.message };
}
