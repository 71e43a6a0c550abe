import { isCalendarDate, isClockTime } from './calendar.ts';

// Ropo One's `time` field is local wall-clock time written as `YYYY-MM-DD HH:mm:ss`.
// These helpers are pure (no Node, no DOM) so the form and the core agree on it.

export const LOCAL_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats a Date as local time in Ropo One's `YYYY-MM-DD HH:mm:ss`. */
export function formatLocalTime(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * Parses `YYYY-MM-DD HH:mm:ss` as local time. Returns null for anything that is not a real
 * calendar moment (2024-02-30, 25:00:00), because Date would silently roll those over.
 */
export function parseLocalTime(text: string): Date | null {
  const m = LOCAL_TIME_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number, number, number, number, number, number,
  ];
  if (!isCalendarDate(year, month, day) || !isClockTime(hour, minute, second)) return null;
  const date = new Date(year, month - 1, day, hour, minute, second);
  // What the calendar has, this computer's clock may not: a time in the hour a spring
  // daylight-saving change skips reads back as another (as does a year Date takes for 19xx).
  const onThisClock =
    date.getFullYear() === year &&
    date.getMonth() === month - 1 &&
    date.getDate() === day &&
    date.getHours() === hour &&
    date.getMinutes() === minute &&
    date.getSeconds() === second;
  return onThisClock ? date : null;
}
