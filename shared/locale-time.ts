import { isCalendarDate, isClockTime } from './calendar.ts';

// Times as a spreadsheet writes them → Ropo One's `YYYY-MM-DD HH:mm:ss`. Once Excel has
// opened a file it saves times as the locale shows them: `4.1.2024 10.41` in Finland,
// `05.01.2024 08:15` in Norway, `2024-01-04 10:41` in Sweden. Pure text rules: whether
// the moment exists on this computer's clock (a daylight-saving gap) and whether it is in
// the future are the report rules' to judge (shared/report-input.ts).

/** The forms accepted, as a person would read them (for messages). */
export const ACCEPTED_DATE_FORMS = ['D.M.YYYY', 'DD.MM.YYYY', 'YYYY-MM-DD'] as const;
export const ACCEPTED_CLOCK_FORMS = ['H.mm', 'H:mm', 'H.mm.ss', 'H:mm:ss'] as const;

export type LocaleTimeResult =
  /**
   * `seconds`: whether the text gave them. Excel leaves them out once it has reformatted a
   * time (`4.1.2024 10.41`), so such a time says the minute, not the second.
   */
  | { ok: true; time: string; seconds: boolean }
  /**
   * slash_date: `1/4/2024` is the 1st of April in one locale and the 4th of January in
   * another, so it is never guessed. not_a_date: the form fits but the calendar does not
   * (31.4.2024, 24.00). unknown_form: none of the accepted forms.
   */
  | { ok: false; reason: 'slash_date' | 'not_a_date' | 'unknown_form' };

const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// The same separator throughout: `10.41:30` is no locale's form.
const CLOCK = /^(\d{1,2})([.:])(\d{2})(?:\2(\d{2}))?$/;
const SLASH_DATE = /^\d{1,4}\/\d{1,2}\/\d{1,4}/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `4.1.2024 10.41` → `2024-01-04 10:41:00`. Surrounding spaces are ignored; seconds default to :00. */
export function parseLocaleTime(text: string): LocaleTimeResult {
  const trimmed = text.trim();
  if (SLASH_DATE.test(trimmed)) return { ok: false, reason: 'slash_date' };
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 2) return { ok: false, reason: 'unknown_form' };
  const [datePart, clockPart] = parts as [string, string];
  const dotted = DOTTED_DATE.exec(datePart);
  const iso = ISO_DATE.exec(datePart);
  const clock = CLOCK.exec(clockPart);
  if ((!dotted && !iso) || !clock) return { ok: false, reason: 'unknown_form' };
  const [year, month, day] = dotted
    ? [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])]
    : [Number(iso![1]), Number(iso![2]), Number(iso![3])];
  const [hour, minute, second] = [Number(clock[1]), Number(clock[3]), Number(clock[4] ?? 0)];
  if (!isCalendarDate(year, month, day) || !isClockTime(hour, minute, second)) return { ok: false, reason: 'not_a_date' };
  const time = `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
  return { ok: true, time, seconds: clock[4] !== undefined };
}
