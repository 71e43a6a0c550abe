import { isCalendarDate } from './calendar.ts';

// A calendar day written YYYY-MM-DD, checked without zod: the window's addresses (route.ts)
// need only this, and zod's schemas would come along into the window's first chunk. Which
// days exist is calendar.ts's rule, the one the report's time and the import ask too.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a day that exists: 2024-02-29 yes, 2023-02-29 and 2024-13-01 no. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
