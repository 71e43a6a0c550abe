// Times and numbers for the window, in the clerk's locale (Intl). Text around the values is
// in the catalogues. The Time field and the API keep Ropo One's YYYY-MM-DD HH:mm:ss.
import { formatLocalTime, parseLocalTime } from '../../../shared/local-time.ts';
import type { Locale } from '../../../shared/i18n/locale.ts';
import { language } from './i18n/language.svelte.ts';
import { m } from './i18n/messages.ts';

/**
 * The Intl locale for each language. English is British: the clerks are in the Nordics, and
 * they read 24-hour times and day-before-month dates; Bokmål is Norway's.
 */
const INTL: Record<Locale, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE', nb: 'nb-NO' };

/** Intl formatters are slow to build and the log makes many: one of each kind per locale. */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(kind: 'time' | 'timeSeconds' | 'dateTime' | 'dateTimeSeconds'): Intl.DateTimeFormat {
  const locale = language.locale;
  const key = `${locale}:${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: '2-digit', minute: '2-digit' }
      : kind === 'timeSeconds' ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : kind === 'dateTime' ? { dateStyle: 'short', timeStyle: 'short' }
      : { dateStyle: 'short', timeStyle: 'medium' };
    f = new Intl.DateTimeFormat(INTL[locale], options);
    cache.set(key, f);
  }
  return f;
}

/** A count as the clerk's locale writes it ("1 234" in Finnish). */
export function formatNumber(n: number): string {
  const key = `${language.locale}:number`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(INTL[language.locale]);
    cache.set(key, f);
  }
  return f.format(n);
}

/** A Date for epoch milliseconds (kept here so state files hold no mutable Date). */
export const dateAt = (ms: number): Date => new Date(ms);

/** A calendar day (YYYY-MM-DD) written out: "Thursday 4 January 2024", "torstai 4. tammikuuta 2024". */
export function longDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(INTL[language.locale], { dateStyle: 'full' }).format(new Date(year, month - 1, date));
}

/** "14:05" in local time. */
export function hhmm(ms: number): string {
  return dateFormat('time').format(ms);
}

/** "14:05:07" in local time: for what happens every few seconds. */
export function hhmmss(ms: number): string {
  return dateFormat('timeSeconds').format(ms);
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "today 14:05", or the date and time on another day. */
export function when(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return '—';
  return sameDay(new Date(ms), new Date(now)) ? m.time_today({ time: hhmm(ms) }) : dateFormat('dateTime').format(ms);
}

/** "14:05" today, the date and time on another day. */
export function shortWhen(ms: number, now: number = Date.now()): string {
  return sameDay(new Date(ms), new Date(now)) ? hhmm(ms) : dateFormat('dateTime').format(ms);
}

/** A moment with seconds, for the details and the history. */
export function dateTime(ms: number | null): string {
  return ms === null ? '—' : dateFormat('dateTimeSeconds').format(ms);
}

/**
 * A report's `time` (Ropo One's YYYY-MM-DD HH:mm:ss, local) in the clerk's format, with
 * seconds or (the log's narrow column) without; as written if it does not parse.
 */
export function eventTime(time: string, seconds = true): string {
  const date = parseLocalTime(time);
  return date ? dateFormat(seconds ? 'dateTimeSeconds' : 'dateTime').format(date) : time;
}

/** "YYYY-MM-DD HH:mm:ss" in local time, as Ropo One's `time` is written (the Time field). */
export function localTime(ms: number): string {
  return formatLocalTime(new Date(ms));
}

/** A countdown: "0:07", "4:30", "1:02:03". Never negative. */
export function countdown(ms: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(min)}:${pad(s)}` : `${min}:${pad(s)}`;
}
