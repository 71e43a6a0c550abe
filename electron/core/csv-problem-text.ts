import { HEADER_NAMES, IMPORT_COLUMNS } from '../../shared/csv-columns.ts';
import type { CsvEncoding, CsvProblem, CsvSeparator, CsvWarning } from '../../shared/csv-import-problems.ts';
import { ACCEPTED_CLOCK_FORMS, ACCEPTED_DATE_FORMS } from '../../shared/locale-time.ts';
import { ReportState } from '../../shared/outbox.ts';

// The CSV import's codes in English: the command line's words, and the message of an
// import error in the logs. The window says the same in the clerk's language from the
// codes themselves (shared/csv-import-problems.ts), never from these sentences.

const ENCODINGS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (Excel\'s "CSV UTF-8")',
  'utf-16le': 'UTF-16LE (Excel\'s "Unicode text")',
  'utf-16be': 'UTF-16BE',
  'windows-1252': "Windows-1252 (Excel's CSV)",
};

const SEPARATORS: Record<CsvSeparator, string> = { ';': 'semicolons', ',': 'commas', '\t': 'tabs' };
const SEPARATOR_NAMES: Record<CsvSeparator, string> = { ';': '";" (semicolon)', ',': '"," (comma)', '\t': 'tab' };

const FIELD_NAMES: Record<string, string> = {
  usageplacecode: 'usage place code', customernumber: 'customer number', contract_no: 'contract number',
  invoicenumber: 'invoice number', jobid: 'job ID',
};

const TIME_FORMS = `Write the date as ${list(ACCEPTED_DATE_FORMS)}, then the clock as ${list(ACCEPTED_CLOCK_FORMS)} ` +
  '(for example 4.1.2024 10.41 or 2024-01-04 10:41:40).';

const EXCEL_FIX = 'Excel does this to long numbers when it opens a CSV file. In Excel, format the column as Text ' +
  'before pasting the codes, or open the file through Data → From Text/CSV with the column as Text; then save it again.';

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** "Read as Windows-1252 (Excel's CSV), separated by semicolons." */
export function describeReading(encoding: CsvEncoding, separator: CsvSeparator | null): string {
  return `Read as ${ENCODINGS[encoding]}${separator ? `, separated by ${SEPARATORS[separator]}` : ''}.`;
}

/** "line 3, usageplacecode" */
export function describePlace(p: { line: number; field: string | null }): string {
  return p.field ? `line ${p.line}, ${p.field}` : `line ${p.line}`;
}

export function describeCsvProblem(p: CsvProblem): string {
  switch (p.code) {
    case 'not_text':
      return `This is not text in any encoding the import reads (UTF-8, UTF-16 with a byte order mark, or Windows-1252): ` +
        `read as ${ENCODINGS[p.encoding]}, this line has a control character or bytes that are no character. ` +
        'In Excel, save the file as "CSV UTF-8 (Comma delimited)".';
    case 'mixed_encoding':
      return `${p.otherLine === p.line ? 'This line mixes UTF-8 text with bytes that are not UTF-8' : `This line is UTF-8 text, but line ${p.otherLine} is not`}: ` +
        'the file mixes two encodings (rows pasted together from files saved in different ways), and read either way some ' +
        'letters would come out wrong ("ä" as "Ã¤"). Save the whole file again in one encoding: in Excel, as "CSV UTF-8 (Comma delimited)".';
    case 'empty_file':
      return 'No reports in the file: it is empty.';
    case 'no_rows':
      return 'No reports in the file: it has a header but no rows.';
    case 'separator_tie':
      return `The header row has as many ${list(p.separators.map((s) => SEPARATOR_NAMES[s]))} (${p.count} each), so which ` +
        'one separates the columns cannot be told. Separate the column names with one of them only.';
    case 'csv_syntax': {
      const text = {
        quote_not_closed: 'A quoted value is never closed (a " is missing); the rest of the file cannot be read.',
        text_after_quote: 'Text follows a closing quote. Inside a quoted value write a quote as "".',
        unreadable: 'This line cannot be read as CSV.',
      }[p.reason];
      return p.after === null ? text : `${text} (It may only be misread because of the broken line ${p.after}.)`;
    }
    case 'duplicate_column':
      return `The columns "${p.names[0]}" and "${p.names[1]}" both name ${p.field}: keep one.`;
    case 'missing_column':
      return `The header has no ${p.field} column. Its names: ${columnNames(p.field)}.`;
    case 'field_count':
      return `This row has ${p.found} values but the header has ${p.expected} columns. ` +
        `A value containing ${SEPARATOR_NAMES[p.separator]} must be in double quotes.`;
    case 'required':
      return p.field === 'status' ? 'Choose disconnected, connected or notdisconnected.' : `The ${fieldName(p.field)} is required.`;
    case 'status_unknown':
      return `"${p.value}" is not a status: use disconnected, connected or notdisconnected.`;
    case 'too_long':
      return `At most ${p.max} characters.`;
    case 'too_many_invoices':
      return `At most ${p.max} invoices per report.`;
    case 'invoice_pair':
      return {
        no_colon: `"${p.value}" is not invoicenumber:jobid (for example 594294:1234).`,
        no_invoicenumber: `"${p.value}" has no invoice number before the colon.`,
        jobid_not_number: `"${p.value}": the job ID after the colon must be a whole number.`,
      }[p.reason];
    case 'excel_number':
      return `"${p.value}" is a number Excel wrote in E-notation: the ${fieldName(p.part ?? p.field)}'s last digits are lost. ${EXCEL_FIX}`;
    case 'time_missing':
      return 'Write when it happened, for example 4.1.2024 10.41. An imported row needs its time: a file may be ' +
        'imported again, and without the time the same row could not be told from a new report of this usage place.';
    case 'time_form':
      return `"${p.value}" is not a time in a form the import reads. ${TIME_FORMS}`;
    case 'time_slash':
      return `"${p.value}" has a date with slashes, which locales read differently (1/4/2024 is 1 April or 4 January). ${TIME_FORMS}`;
    case 'time_not_real':
      return `"${p.value}" is no real date and time (or falls in the hour a daylight-saving change skips).`;
    case 'time_future':
      return `"${p.value}": the time cannot be in the future.`;
    case 'description_required':
      return 'Say why the usage place could not be disconnected.';
    case 'duplicate_row':
      return `Same as line ${p.sameAsLine}: the same report twice.`;
    case 'changed_since_export':
      return `Changed since the export: the ${list(p.fields.map(fieldName))} ${p.fields.length === 1 && p.fields[0] !== 'invoices' ? 'differs' : 'differ'} ` +
        `from report ${p.id} in the outbox, whose id this row has; clear the id cell to send it as a new report.`;
    case 'exported_cell':
      return p.field === 'state'
        ? `"${p.value}" is not a state as the export writes it (${list(ReportState.options)}): put back what the export wrote.`
        : `"${p.value}" is not an event id as the export writes it (a UUID), so which report this row is cannot be told: ` +
          'put back the id the export wrote, or clear the cell to send the row as a new report.';
    case 'exported_other_target':
      return p.source === 'outbox'
        ? `This row's id is report ${p.id} of ${p.environment} (cid ${p.cid}) in this outbox, not of the environment ` +
          'the app is set to now; clear the id cell to send it here as a new report.'
        : `This row is report ${p.id}, which the export lists for ${p.environment} (cid ${p.cid}), not for the environment ` +
          'and cid the app is set to now, so it is not sent here; import the file where the app is set to that environment, ' +
          'or clear the id cell to send it here as a new report.';
    case 'exported_target_unknown':
      return `This row is report ${p.id}, which is not in this outbox, and the file does not say which environment and cid ` +
        "it was exported for (the export's environment and cid columns are missing or empty), so it is not sent anywhere; " +
        'put back those columns as the export wrote them, or clear the id cell to send it here as a new report.';
    case 'invalid':
      return p.detail;
  }
}

export function describeCsvWarning(w: CsvWarning): string {
  switch (w.code) {
    case 'ignored_columns':
      return `Not imported, as the import does not know these columns: ${w.names.join(', ')}.`;
    case 'unnamed_columns':
      return `${w.columns.length === 1 ? 'Column' : 'Columns'} ${list(w.columns.map(String))} ${w.columns.length === 1 ? 'has' : 'have'} ` +
        'values but no name in the header: not imported.';
    case 'trailing_zeros':
      return `"${w.value}" ends in zeros past its 15th digit, as a code does once Excel has stored it as a number ` +
        '(it keeps 15 digits). Check it; if it is wrong, format the column as Text in Excel and paste the codes again.';
    case 'trailing_zeros_column':
      return `All ${w.count} long usage place codes of the file end in zeros past their 15th digit (the first: "${w.value}"), ` +
        'as codes do once Excel has stored them as numbers (it keeps 15 digits). Check that your codes really end so; ' +
        'if they do not, format the column as Text in Excel and paste the codes again.';
  }
}

function fieldName(field: string | null): string {
  return field ? (FIELD_NAMES[field] ?? field) : 'value';
}

function columnNames(field: string | null): string {
  const column = IMPORT_COLUMNS.find((c) => c === field);
  if (!column) return String(field);
  return [...new Set(Object.values(HEADER_NAMES[column]).map((names) => names[0]))].join(', ');
}
