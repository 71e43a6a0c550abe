import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLocaleTime } from '../../shared/locale-time.ts';

// The time forms a spreadsheet writes, fuzzed: every accepted form of a calendar moment
// reads as that moment in Ropo One's form, and nothing else is guessed.

const RUNS = { numRuns: 1000 };
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A calendar moment, as numbers (no Date: no time zone, no daylight saving in the way). */
const moment = fc
  .record({
    year: fc.integer({ min: 1900, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map((m) => ({ ...m, day: Math.min(m.day, daysIn(m.year, m.month)) }));
type Moment = typeof moment extends fc.Arbitrary<infer T> ? T : never;

const dateForms = {
  'D.M.YYYY': (m: Moment) => `${m.day}.${m.month}.${m.year}`,
  'DD.MM.YYYY': (m: Moment) => `${pad(m.day)}.${pad(m.month)}.${m.year}`,
  'YYYY-MM-DD': (m: Moment) => `${m.year}-${pad(m.month)}-${pad(m.day)}`,
};
const clockForms = {
  'H.mm': (m: Moment) => `${m.hour}.${pad(m.minute)}`,
  'H:mm': (m: Moment) => `${m.hour}:${pad(m.minute)}`,
  'H.mm.ss': (m: Moment) => `${m.hour}.${pad(m.minute)}.${pad(m.second)}`,
  'H:mm:ss': (m: Moment) => `${m.hour}:${pad(m.minute)}:${pad(m.second)}`,
  'HH:mm:ss': (m: Moment) => `${pad(m.hour)}:${pad(m.minute)}:${pad(m.second)}`,
};
const withSeconds = (clock: string) => clock.endsWith('ss');

describe('times as the locale writes them', () => {
  test('every accepted form of a moment is sent as YYYY-MM-DD HH:mm:ss, seconds :00 when left out', () => {
    fc.assert(
      fc.property(
        moment, fc.constantFrom(...Object.keys(dateForms)), fc.constantFrom(...Object.keys(clockForms)),
        fc.constantFrom(' ', '  ', '\t'), fc.constantFrom('', ' '),
        (m, date, clock, gap, pad_) => {
          const written = `${pad_}${dateForms[date as keyof typeof dateForms](m)}${gap}${clockForms[clock as keyof typeof clockForms](m)}${pad_}`;
          const second = withSeconds(clock) ? m.second : 0;
          const expected = `${m.year}-${pad(m.month)}-${pad(m.day)} ${pad(m.hour)}:${pad(m.minute)}:${pad(second)}`;
          assert.deepEqual(parseLocaleTime(written), { ok: true, time: expected, seconds: withSeconds(clock) }, written);
        },
      ),
      RUNS,
    );
  });

  test('the examples of the issue', () => {
    assert.deepEqual(parseLocaleTime('4.1.2024 10.41'), { ok: true, time: '2024-01-04 10:41:00', seconds: false });
    assert.deepEqual(parseLocaleTime('05.01.2024 08:15'), { ok: true, time: '2024-01-05 08:15:00', seconds: false });
    assert.deepEqual(parseLocaleTime('2024-01-04 10:41:40'), { ok: true, time: '2024-01-04 10:41:40', seconds: true });
  });

  test('a slash date is never guessed, whatever follows it', () => {
    fc.assert(
      fc.property(moment, fc.constantFrom('', ' 10:41', ' 10.41.00', 'x'), (m, rest) => {
        for (const date of [`${m.day}/${m.month}/${m.year}`, `${m.month}/${m.day}/${m.year}`, `${m.year}/${m.month}/${m.day}`]) {
          assert.deepEqual(parseLocaleTime(`${date}${rest}`), { ok: false, reason: 'slash_date' }, date);
        }
      }),
      RUNS,
    );
  });

  test('a date the calendar does not have, or a clock past 23:59:59, is not a date', () => {
    for (const text of ['31.4.2024 10.00', '29.2.2023 10:00', '2024-02-30 10:00', '1.13.2024 10:00', '1.1.2024 24.00', '1.1.2024 10.60', '1.1.2024 10:00:60', '0.1.2024 10:00']) {
      assert.deepEqual(parseLocaleTime(text), { ok: false, reason: 'not_a_date' }, text);
    }
    assert.deepEqual(parseLocaleTime('29.2.2024 10.00'), { ok: true, time: '2024-02-29 10:00:00', seconds: false });
  });

  test('other forms are refused, not guessed', () => {
    for (const text of [
      '', '2024-01-04', '4.1.2024', '10:41', '4.1.24 10.41', '2024-1-4 10:41', '4.1.2024 10.41:30', '4.1.2024 10:4',
      '4.1.2024T10:41', '2024-01-04T10:41:40', '4.1.2024 10.41 AM', '45295,44583', 'tomorrow', '4-1-2024 10:41',
    ]) {
      assert.deepEqual(parseLocaleTime(text), { ok: false, reason: 'unknown_form' }, text);
    }
  });

  test('never throws, and what it accepts is always in the sent form', () => {
    const unit = fc.constantFrom('0', '1', '2', '9', '.', ':', '-', '/', ' ', '\t', 'T', 'a');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit, maxLength: 24 })), (text) => {
        const result = parseLocaleTime(text);
        if (result.ok) assert.match(result.time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      }),
      RUNS,
    );
  });
});
