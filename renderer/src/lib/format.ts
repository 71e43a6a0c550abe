// Small, pure formatting of times for the window. Text around the values lives in strings.ts.
import { formatLocalTime } from '../../../shared/local-time.ts';
import { strings } from './strings.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A Date for epoch milliseconds (kept here so state files hold no mutable Date). */
export const dateAt = (ms: number): Date => new Date(ms);

/** "14:05" in local time. */
export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "today 14:05", or "2024-01-04 14:05" on another day. */
export function when(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return strings.time.never;
  const d = new Date(ms);
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? strings.time.today(hhmm(ms)) : strings.time.at(formatLocalTime(d).slice(0, 10), hhmm(ms));
}

/** "14:05" today, "2024-01-04 14:05" on another day. */
export function shortWhen(ms: number, now: number = Date.now()): string {
  const text = when(ms, now);
  return text === strings.time.today(hhmm(ms)) ? hhmm(ms) : text;
}

/** "YYYY-MM-DD HH:mm:ss" in local time, as Ropo One's `time` is written. */
export function localTime(ms: number | null): string {
  return ms === null ? strings.time.never : formatLocalTime(new Date(ms));
}

/** A countdown: "0:07", "4:30", "1:02:03". Never negative. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
