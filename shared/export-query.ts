import { z } from 'zod';
import { CsvSeparator } from './csv-import-problems.ts';
import { ReportState } from './outbox.ts';
import { isIsoDate } from './iso-date.ts';

// Which reports a CSV export holds: the same filter for the command line and the window.

/** A calendar day, `YYYY-MM-DD` (bounded first, as every string a request carries). */
export const IsoDate = z.string().max(10).refine(isIsoDate, 'A day as YYYY-MM-DD, for example 2024-01-31.');

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
