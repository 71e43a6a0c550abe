import { z } from 'zod';
import { Target } from './endpoint.ts';
import { IsoDate } from './export-query.ts';
import { ReportState } from './outbox.ts';
import { EventStatus } from './usageplace-event.ts';

// What the window prints or saves as PDF: one report's receipt, or the day sheet of the
// reports queued on one day. Both are pages of the window; the main process only turns the
// page into a PDF (webContents.printToPDF) at a path from its save dialog.

export const PrintDocument = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receipt'), id: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('daySheet'), day: IsoDate }),
]);
export type PrintDocument = z.infer<typeof PrintDocument>;

/** The most reports one day sheet lists; a busier day says how many it leaves out. */
export const DAY_SHEET_MAX = 2000;

/** One line of a day sheet. */
export const DaySheetRow = z.object({
  seq: z.int(),
  id: z.string(),
  state: ReportState,
  status: EventStatus,
  usageplacecode: z.string(),
  customernumber: z.string().nullable(),
  /** The report's own time (when it happened), as sent. */
  time: z.string(),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
  target: Target,
});
export type DaySheetRow = z.infer<typeof DaySheetRow>;

export const DaySheet = z.object({
  day: IsoDate,
  /** How many reports were queued that day (the list holds at most DAY_SHEET_MAX of them). */
  total: z.int(),
  reports: z.array(DaySheetRow),
});
export type DaySheet = z.infer<typeof DaySheet>;

/** Midnight to midnight of a calendar day in this computer's time zone (23 or 25 hours on a daylight-saving day). */
export function localDayBounds(day: string): { from: number; to: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { from: new Date(year, month - 1, date).getTime(), to: new Date(year, month - 1, date + 1).getTime() };
}
