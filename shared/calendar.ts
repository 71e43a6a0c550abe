// Which dates and clock readings exist, by the Gregorian calendar alone: no time zone and no
// daylight saving (whether a moment exists on this computer's clock is parseLocalTime's
// question). The one place this is decided: the form's and the CLI's time, the import's
// locale times and the export's days all ask here, so they cannot disagree about 29.2.

/** Days in `month` (1-12) of `year`: February has 29 in leap years. */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 2024-02-29 is a date; 2023-02-29, 2024-04-31 and month 13 are not. Year 0 and before are not. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return [year, month, day].every(Number.isInteger) && year >= 1 &&
    month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** 23:59:59 is a clock reading; 24:00, 10:60 and a leap second's 23:59:60 are not. */
export function isClockTime(hour: number, minute: number, second: number): boolean {
  return [hour, minute, second].every(Number.isInteger) &&
    hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}
