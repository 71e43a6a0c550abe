import { z } from 'zod';
import { isCalendarDate } from './calendar.ts';
import { CsvSeparator } from './csv-import-problems.ts';
import { ReportState } from './outbox.ts';

// Which reports a CSV export holds: the same filter for the command line and the window.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day, `YYYY-MM-DD`. */
export const IsoDate = z.string().refine((text) => {
  const m = ISO_DATE.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}, 'A day as YYYY-MM-DD, for example 2024-01-31.');

export const ExportQuery = z
  .object({
    state: ReportState.optional(),
    /** The log's search box: usage place code, customer number or invoice number. */
    search: z.string().max(200).optional(),
    /** First and last day of the reports' own `time` (when it happened), both included. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'The last day comes before the first.' });
export type ExportQuery = z.infer<typeof ExportQuery>;

/** `;` unless asked: what Excel in Finland, Sweden and Norway reads and the import expects. */
export const DEFAULT_EXPORT_SEPARATOR: CsvSeparator = ';';
