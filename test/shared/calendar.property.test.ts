import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCalendarDate, isClockTime } from '../../shared/calendar.ts';
import { IsoDate } from '../../shared/export-query.ts';
import { parseLocaleTime } from '../../shared/locale-time.ts';
import { parseLocalTime } from '../../shared/local-time.ts';

// One calendar rule for the three places that ask it: the report's time, the import's
// locale times and the export's days agree on every day, and with Date's own calendar.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

test('a day is a day for the calendar, Date, the export filter, the import and the report rules alike', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
      const utc = new Date(Date.UTC(year, month - 1, day));
      const byDate = month >= 1 && day >= 1 && utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
      const iso = `${year}-${pad(month)}-${pad(day)}`;
      assert.equal(isCalendarDate(year, month, day), byDate, iso);
      assert.equal(IsoDate.safeParse(iso).success, byDate, iso);
      assert.equal(parseLocaleTime(`${day}.${month}.${year} 12.00`).ok, byDate, iso);
      // Noon: never in a daylight-saving gap.
      assert.equal(parseLocalTime(`${iso} 12:00:00`) !== null, byDate, iso);
    }),
    { numRuns: 2000 },
  );
  for (const [y, m, d, real] of [[1900, 2, 29, false], [2000, 2, 29, true], [2024, 2, 29, true], [2023, 2, 29, false], [2024, 4, 31, false], [0, 1, 1, false]] as const) {
    assert.equal(isCalendarDate(y, m, d), real, `${y}-${m}-${d}`);
  }
});

test('a clock reading runs from 0:00:00 to 23:59:59', () => {
  assert.ok(isClockTime(0, 0, 0) && isClockTime(23, 59, 59));
  for (const [h, m, s] of [[24, 0, 0], [10, 60, 0], [23, 59, 60], [-1, 0, 0], [1.5, 0, 0]] as const) assert.ok(!isClockTime(h, m, s), `${h}:${m}:${s}`);
});
