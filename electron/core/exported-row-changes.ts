import type { ImportColumn } from '../../shared/csv-columns.ts';
import type { CsvEncoding } from '../../shared/csv-import-problems.ts';
import { normaliseText, type ReportInput } from '../../shared/report-input.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';

// Whether an exported row still says what the report its id names says, allowing for what
// Excel does to a file it opens and saves again, which no one meant as an edit:
// - times as the locale shows them, to the minute (`4.1.2024 10.41` for 10:41:40), cut or
//   rounded;
// - a code of digits only stored as a number: leading zeros gone (`007` → `7`), and past
//   15 digits zeros (`643007572062443672` → `643007572062443000`, or rounded);
// - saved as plain "CSV" (Windows-1252), each character that has no place there written as
//   something else ("?", or a look-alike).
// Anything else that differs is a real change.

/** The fields (API names) in which `row` says something else than `stored`; none: it is that report. */
export function changedFields(row: { report: ReportInput; timeHasSeconds: boolean }, stored: UsageplaceEvent, encoding: CsvEncoding): ImportColumn[] {
  const { report } = row;
  const sameText = (a: string | undefined, b: string | undefined): boolean => textMatches(a ?? '', b ?? '', encoding);
  const sameCode = (a: string | undefined, b: string | undefined): boolean => sameText(a, b) || excelNumberForms(b ?? '').includes(a ?? '');
  const checks: [ImportColumn, boolean][] = [
    ['status', report.status === stored.status],
    ['usageplacecode', sameCode(report.usageplacecode, stored.usageplacecode)],
    ['customernumber', sameCode(report.customernumber, stored.customernumber)],
    ['contract_no', sameCode(report.contract_no, stored.contract_no)],
    ['invoices', sameInvoices(report.invoices, stored.invoices ?? [], sameCode)],
    ['time', timeMatches(report.time, stored.time, row.timeHasSeconds)],
    ['description', sameText(report.description, stored.description)],
  ];
  return checks.filter(([, same]) => !same).map(([field]) => field);
}

/** Every character Windows-1252 can hold (each of its bytes, decoded). */
const WINDOWS_1252 = new Set(new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 256 }, (_, i) => i)));

/**
 * The row's text (already NFC and LF) against the stored one in that form too (a report
 * stored before the rules normalised it). From a Windows-1252 file, a character of the
 * stored text that Windows-1252 cannot hold may read as any one character.
 */
function textMatches(row: string, stored: string, encoding: CsvEncoding): boolean {
  const expected = normaliseText(stored);
  if (row === expected) return true;
  if (encoding !== 'windows-1252' || row.length !== expected.length) return false;
  for (let i = 0; i < row.length; i++) {
    if (row[i] !== expected[i] && WINDOWS_1252.has(expected[i]!)) return false;
  }
  return true;
}

/** What Excel makes of a code of digits when it stores it as a number (none for other codes). */
function excelNumberForms(code: string): string[] {
  if (!/^\d+$/.test(code)) return [];
  const digits = code.replace(/^0+(?=\d)/, '');
  if (digits.length <= 15) return [digits];
  // Excel keeps 15 significant digits.
  const n = BigInt(digits);
  const scale = 10n ** BigInt(digits.length - 15);
  return [String((n / scale) * scale), String(((n + scale / 2n) / scale) * scale)];
}

function sameInvoices(
  row: readonly { invoicenumber: string; jobid: number }[],
  stored: readonly { invoicenumber: string; jobid: number }[],
  sameCode: (a: string, b: string) => boolean,
): boolean {
  if (row.length !== stored.length) return false;
  // In any order, as the event id takes them (import-event-id.ts).
  const left = [...stored];
  return row.every((r) => {
    const i = left.findIndex((s) => s.jobid === r.jobid && sameCode(r.invoicenumber, s.invoicenumber));
    if (i === -1) return false;
    left.splice(i, 1);
    return true;
  });
}

/**
 * `YYYY-MM-DD HH:mm:ss` both. A row time without seconds says the minute: the stored time
 * cut to it, or rounded to it (the minute after, from :30 on).
 */
function timeMatches(row: string, stored: string, rowHasSeconds: boolean): boolean {
  if (row === stored) return true;
  if (rowHasSeconds) return false;
  if (row.slice(0, 16) === stored.slice(0, 16)) return true;
  const [date, clock] = stored.split(' ') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = clock.split(':').map(Number) as [number, number, number];
  if (s < 30) return false;
  // The next minute by the calendar alone (UTC: no daylight saving in between).
  const next = new Date(Date.UTC(y, mo - 1, d, h, mi + 1)).toISOString();
  return row.slice(0, 16) === `${next.slice(0, 10)} ${next.slice(11, 16)}`;
}
