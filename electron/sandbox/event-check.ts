// Judges an event body the way the simulator answers it: first the published OpenAPI
// schema, then the project's stricter wire schema (required fields, status enum, time
// format), so a 400's `detail` always names the field at fault.
import type { z } from 'zod';
import { UsageplaceEvent } from '../../shared/usageplace-event.ts';
import { LOCAL_TIME_PATTERN } from '../../shared/local-time.ts';
import { validateAgainstOpenApi } from './openapi-validator.ts';

export type EventCheck =
  | { ok: true; event: UsageplaceEvent; openApiValid: true }
  | { ok: false; detail: string; openApiValid: boolean };

const TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

// Checked as UTC on purpose: the simulator's own time zone must not turn a wall-clock time
// in a daylight-saving gap into an error that Ropo One would not give.
function isCalendarMoment(time: string): boolean {
  const m = LOCAL_TIME_PATTERN.exec(time);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d &&
    date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s
  );
}

function field(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// zod's own messages ("Invalid option: expected one of ...") are written for developers;
// these read well in a clerk-facing error log and always lead with the field.
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const name = field(issue.path);
  switch (issue.code) {
    case 'invalid_value':
      return [`${name}: must be one of ${issue.values.map(String).join(', ')}`];
    case 'invalid_format':
      return name === 'time' ? [`time: must be in format ${TIME_FORMAT}`] : [`${name}: has an invalid format`];
    case 'too_small':
      return [`${name}: must not be empty`];
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${field([...issue.path, key])}: is not a field of UsageplaceEvent`);
    case 'invalid_type': {
      if (issue.input === undefined) return [`${name}: is required`];
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      return [`${name}: must be ${expected}, not ${typeName(issue.input)}`];
    }
    default:
      return [`${name}: ${issue.message}`];
  }
}

export function checkEvent(body: unknown): EventCheck {
  const openApi = validateAgainstOpenApi('event', body);
  if (!openApi.valid) return { ok: false, detail: openApi.errors.join('; '), openApiValid: false };

  const parsed = UsageplaceEvent.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const lines = [...new Set(parsed.error.issues.flatMap(describeIssue))];
    return { ok: false, detail: lines.join('; '), openApiValid: true };
  }
  // The pattern lets 2024-02-30 or 25:00:00 through; a real calendar moment is required.
  if (!isCalendarMoment(parsed.data.time)) {
    return { ok: false, detail: `time: is not a real date and time (${TIME_FORMAT})`, openApiValid: true };
  }
  return { ok: true, event: parsed.data, openApiValid: true };
}
