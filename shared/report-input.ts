import { z } from 'zod';
import { EventStatus, type UsageplaceEvent } from './usageplace-event.ts';
import { formatLocalTime, parseLocalTime } from './local-time.ts';

// What a clerk (or a CSV row, or the command line) gives us for one report. The rules live
// here once, so the form, the CSV importer and the CLI all reject the same things with the
// same field names. Messages are English (the CLI shows them); the window words each problem
// from its code (field-problems.ts), so a rule without a built-in check names its code.

const MAX_TEXT = 200;
const MAX_DESCRIPTION = 2000;

/**
 * Text in the one form every report is stored in: LF line ends (a description given on the
 * command line may carry CRLF) and composed accents (NFC: a Mac may write "ä" as a + ¨).
 * The same words are then the same report, whichever keyboard, PC or file they came from,
 * and an exported report imports again as itself.
 */
export function normaliseText(text: string): string {
  // Printable ASCII is in that form already; most codes are, and NFC is slow to say so.
  return /^[\x20-\x7E]*$/.test(text) ? text : text.replace(/\r\n?/g, '\n').normalize('NFC');
}

const trimmed = (max: number) => z.string().overwrite(normaliseText).trim().max(max, `At most ${max} characters.`);
const optionalText = (max: number) =>
  trimmed(max)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));

/** A job id is a whole number; forms and CSV files give it as text, so digits are accepted. */
export const JobId = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : v),
  z.int({ error: 'A job ID is a whole number, like 1234.' }).nonnegative('A job ID cannot be negative.').max(Number.MAX_SAFE_INTEGER),
);

export const InvoiceInput = z.object({
  invoicenumber: trimmed(MAX_TEXT).min(1, 'Invoice number is required.'),
  jobid: JobId,
});
export type InvoiceInput = z.input<typeof InvoiceInput>;

/** Clock used by the "not in the future" rule; a parameter so tests can fix it. */
export type Clock = () => Date;

/** Small allowance so a time typed as "now" on a slightly fast clock is not refused. */
const FUTURE_TOLERANCE_MS = 60_000;

function isFutureTime(time: Date, now: Clock): boolean {
  return time.getTime() > now().getTime() + FUTURE_TOLERANCE_MS;
}

export function reportInputSchema(now: Clock = () => new Date()) {
  return z
    .object({
      status: z.enum(EventStatus.options, { error: 'Choose disconnected, connected or notdisconnected.' }),
      usageplacecode: trimmed(MAX_TEXT).min(1, 'Usage place code is required.'),
      customernumber: optionalText(MAX_TEXT),
      contract_no: optionalText(MAX_TEXT),
      invoices: z.array(InvoiceInput).max(100).default([]),
      time: z
        .string()
        .trim()
        .optional()
        .transform((v, ctx) => {
          if (v === undefined || v === '') return formatLocalTime(now());
          const parsed = parseLocalTime(v);
          if (!parsed) {
            ctx.addIssue({ code: 'custom', message: 'Use the form YYYY-MM-DD HH:mm:ss.', params: { problem: 'time_format' } });
            return z.NEVER;
          }
          if (isFutureTime(parsed, now)) {
            ctx.addIssue({ code: 'custom', message: 'The time cannot be in the future.', params: { problem: 'time_in_future' } });
            return z.NEVER;
          }
          return v;
        }),
      description: optionalText(MAX_DESCRIPTION),
    })
    .refine((r) => r.status !== 'notdisconnected' || Boolean(r.description), {
      path: ['description'],
      message: 'Say why the usage place could not be disconnected.',
      params: { problem: 'description_required' },
      // Also when another field is wrong, so the clerk sees every problem at once.
      when: (payload) => {
        const v = payload.value as { status?: unknown; description?: unknown } | undefined;
        return typeof v === 'object' && v !== null;
      },
    });
}

export const ReportInput = reportInputSchema();
/** What callers may pass (strings for job ids, time optional). */
export type ReportInputDraft = z.input<typeof ReportInput>;
/** What the rules produce: trimmed, defaulted, job ids as numbers. */
export type ReportInput = z.output<typeof ReportInput>;

/** The wire event for a validated report and its stable id. */
export function toUsageplaceEvent(id: string, report: ReportInput): UsageplaceEvent {
  const event: UsageplaceEvent = {
    id,
    usageplacecode: report.usageplacecode,
    time: report.time,
    status: report.status,
  };
  if (report.customernumber) event.customernumber = report.customernumber;
  if (report.contract_no) event.contract_no = report.contract_no;
  if (report.invoices.length > 0) {
    event.invoices = report.invoices.map((i) => ({ invoicenumber: i.invoicenumber, jobid: i.jobid }));
  }
  if (report.description) event.description = report.description;
  return event;
}
