// The CSV import's codes (shared/csv-import-problems.ts) in the clerk's language: the same
// problems the command line names in English (electron/core/csv-problem-text.ts), worded from
// the codes and their values. Each table is typed against its code, so a new code without a
// sentence does not compile. The import dialog's alone, so in its chunk.
import type { ImportColumn } from '../../../../shared/csv-columns.ts';
import { EXPORTED_STATE_COLUMN, HEADER_NAMES } from '../../../../shared/csv-columns.ts';
import type { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from '../../../../shared/csv-import-problems.ts';
import type { Locale } from '../../../../shared/i18n/locale.ts';
import { environmentOf } from '../../lib/environment-name.ts';
import { formatNumber } from '../../lib/format.ts';
import { language } from '../../lib/i18n/language.svelte.ts';
import { m, stateLabel } from '../../lib/i18n/messages.ts';

type Text = () => string;

export const encodingName: Record<CsvEncoding, Text> = {
  'utf-8': m.csv_encoding_utf8,
  'utf-8-bom': m.csv_encoding_utf8_bom,
  'utf-16le': m.csv_encoding_utf16le,
  'utf-16be': m.csv_encoding_utf16be,
  'windows-1252': m.csv_encoding_windows1252,
};

export const separatorName: Record<CsvSeparator, Text> = {
  ';': m.csv_separator_semicolon,
  ',': m.csv_separator_comma,
  '\t': m.csv_separator_tab,
};

/** The form's own words for the file's columns. */
const COLUMN: Record<ImportColumn, Text> = {
  status: m.form_status,
  usageplacecode: m.form_usageplacecode,
  customernumber: m.form_customernumber,
  contract_no: m.form_contract_no,
  invoices: m.form_invoices_legend,
  time: m.form_time,
  description: m.form_description,
};

const isColumn = (field: string): field is ImportColumn => field in COLUMN;

/** "Read as Windows-1252 (Excel's CSV); separator: semicolon (;)." */
export function readingSentence(encoding: CsvEncoding, separator: CsvSeparator | null): string {
  return separator === null
    ? m.csv_read_as_only({ encoding: encodingName[encoding]() })
    : m.csv_read_as({ encoding: encodingName[encoding](), separator: separatorName[separator]() });
}

/** "Line 3, Usage place code", or "Line 3" for the whole row. */
export function placeOf(p: { line: number; field: string | null }): string {
  const line = formatNumber(p.line);
  if (p.field === null) return m.csv_place_line({ line });
  return m.csv_place_field({ line, field: isColumn(p.field) ? COLUMN[p.field]() : p.field });
}

const INTL: Record<Locale, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE', nb: 'nb-NO' };
const list = (items: readonly string[], type: 'conjunction' | 'disjunction') =>
  new Intl.ListFormat(INTL[language.locale], { type }).format(items);
const quoted = (text: string) => m.csv_quoted({ text });

/** A column's header names a clerk may use: in the window's language first, then the API's. */
function headerNames(field: string | null): string {
  if (field === null || !isColumn(field)) return String(field);
  const locale = language.locale;
  const own = locale === 'en' ? [] : HEADER_NAMES[field][locale].slice(0, 1);
  return list([...own, ...HEADER_NAMES[field].api].map(quoted), 'disjunction');
}

type ProblemTexts = { [C in CsvProblem['code']]: (p: Extract<CsvProblem, { code: C }>) => string };

const PROBLEM: ProblemTexts = {
  not_text: (p) => m.csv_problem_not_text({ encoding: encodingName[p.encoding]() }),
  mixed_encoding: (p) => (p.otherLine === p.line ? m.csv_problem_mixed_encoding_line() : m.csv_problem_mixed_encoding({ other: formatNumber(p.otherLine) })),
  empty_file: () => m.csv_problem_empty_file(),
  no_rows: () => m.csv_problem_no_rows(),
  separator_tie: (p) =>
    m.csv_problem_separator_tie({ separators: list(p.separators.map((s) => separatorName[s]()), 'conjunction'), count: formatNumber(p.count) }),
  csv_syntax: (p) => {
    const text = { quote_not_closed: m.csv_problem_quote_not_closed, text_after_quote: m.csv_problem_text_after_quote, unreadable: m.csv_problem_unreadable }[p.reason]();
    return p.after === null ? text : `${text} ${m.csv_problem_after_broken({ line: formatNumber(p.after) })}`;
  },
  duplicate_column: (p) => m.csv_problem_duplicate_column({ first: p.names[0] ?? '', second: p.names[1] ?? '' }),
  missing_column: (p) => m.csv_problem_missing_column({ names: headerNames(p.field) }),
  field_count: (p) => m.csv_problem_field_count({ found: p.found, expected: formatNumber(p.expected), separator: separatorName[p.separator]() }),
  required: (p) => (p.field === 'status' ? m.csv_problem_status_required() : m.problem_required()),
  status_unknown: (p) => m.csv_problem_status_unknown({ value: p.value }),
  too_long: (p) => m.problem_too_long({ max: formatNumber(p.max) }),
  too_many_invoices: (p) => m.problem_too_many({ max: formatNumber(p.max) }),
  invoice_pair: (p) => ({ no_colon: m.csv_problem_invoice_no_colon, no_invoicenumber: m.csv_problem_invoice_no_number, jobid_not_number: m.csv_problem_invoice_jobid })[p.reason]({ value: p.value }),
  excel_number: (p) => m.csv_problem_excel_number({ value: p.value }),
  time_missing: () => m.csv_problem_time_missing(),
  time_form: (p) => m.csv_problem_time_form({ value: p.value }),
  time_slash: (p) => m.csv_problem_time_slash({ value: p.value }),
  time_not_real: (p) => m.csv_problem_time_not_real({ value: p.value }),
  time_future: (p) => m.csv_problem_time_future({ value: p.value }),
  description_required: () => m.problem_description_required(),
  duplicate_row: (p) => m.csv_problem_duplicate_row({ line: formatNumber(p.sameAsLine) }),
  changed_since_export: (p) => m.csv_problem_changed_since_export({ fields: list(p.fields.map((f) => quoted(COLUMN[f]())), 'conjunction'), id: p.id }),
  // The export writes a state as its code (queued, sent, …), whatever the window's language.
  exported_cell: (p) =>
    p.field === EXPORTED_STATE_COLUMN
      ? m.csv_problem_exported_cell_state({ value: p.value, states: list(Object.keys(stateLabel), 'disjunction') })
      : m.csv_problem_exported_cell_id({ value: p.value }),
  exported_other_target: (p) => (p.source === 'outbox' ? m.csv_problem_exported_other_target : m.csv_problem_exported_other_target_export)(
    { id: p.id, environment: environmentOf(p.environment), cid: p.cid },
  ),
  exported_target_unknown: (p) => m.csv_problem_exported_target_unknown({ id: p.id }),
  // A rule without a code of its own: its `detail` is English, so the window says it generally.
  invalid: () => m.problem_invalid(),
};

type WarningTexts = { [C in CsvWarning['code']]: (w: Extract<CsvWarning, { code: C }>) => string };

const WARNING: WarningTexts = {
  ignored_columns: (w) => m.csv_warning_ignored_columns({ names: list(w.names.map(quoted), 'conjunction') }),
  unnamed_columns: (w) => m.csv_warning_unnamed_columns({ count: w.columns.length, columns: list(w.columns.map(formatNumber), 'conjunction') }),
  trailing_zeros: (w) => m.csv_warning_trailing_zeros({ value: w.value }),
  trailing_zeros_column: (w) => m.csv_warning_trailing_zeros_column({ count: w.count, value: w.value }),
};

export function problemText(p: CsvProblem): string {
  return (PROBLEM[p.code] as (p: CsvProblem) => string)(p);
}

export function warningText(w: CsvWarning): string {
  return (WARNING[w.code] as (w: CsvWarning) => string)(w);
}
