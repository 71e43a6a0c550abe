import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reportInputSchema, toUsageplaceEvent, type ReportInput } from '../../shared/report-input.ts';
import { UsageplaceEvent } from '../../shared/usageplace-event.ts';
import { LOCAL_TIME_PATTERN, formatLocalTime, parseLocalTime } from '../../shared/local-time.ts';
import { ApiBaseUrl, Endpoint, parseEndpointName } from '../../shared/endpoint.ts';
import { parseReportsCsv } from '../../electron/core/csv-parse-reports.ts';
import { describeCsvProblem, describeCsvWarning } from '../../electron/core/csv-problem-text.ts';
import { CsvProblem, CsvWarning } from '../../shared/csv-import-problems.ts';

// Property-based fuzzing of the rules every report passes (form, CSV, CLI): whatever comes
// in, the schema answers instead of throwing, and what it accepts is a valid wire event.

const NOW = new Date(2025, 4, 20, 12, 0, 0);
const schema = reportInputSchema(() => NOW);
const LIMIT = NOW.getTime() + 60_000;
const RUNS = { numRuns: 400 };

const STATUSES = ['disconnected', 'connected', 'notdisconnected'] as const;
const FIELDS = ['status', 'usageplacecode', 'customernumber', 'contract_no', 'invoices', 'time', 'description'];
const blank = fc.stringMatching(/^\s*$/);
/** Text as a clerk or a spreadsheet gives it: padded, blank, unicode, sometimes long. */
const text = fc.oneof(
  fc.string(),
  blank,
  fc.string({ unit: fc.constantFrom(' ', '\t', 'a', 'Ö', '7', '-') }),
  fc.string({ minLength: 190, maxLength: 210, unit: fc.constantFrom('x', ' ') }),
);
const dates = fc.date({ min: new Date(2000, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true });
const time = fc.oneof(dates.map(formatLocalTime), dates.map((d) => ` ${formatLocalTime(d)}\t`), fc.string(), fc.constant(''));
const jobid = fc.oneof(
  fc.integer({ min: -3, max: 2 ** 53 }),
  fc.double(),
  fc.stringMatching(/^\s?\d{1,17}\s?$/),
  fc.string(),
);
const reportish = fc.record(
  {
    status: fc.oneof(fc.constantFrom(...STATUSES), fc.string()),
    usageplacecode: text,
    customernumber: text,
    contract_no: text,
    invoices: fc.array(fc.record({ invoicenumber: text, jobid }), { maxLength: 3 }),
    time,
    description: text,
  },
  { requiredKeys: ['status', 'usageplacecode'] },
);
const anything = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...FIELDS), fc.anything()));

const isTrimmedNonEmpty = (s: unknown) => typeof s === 'string' && s.length > 0 && s === s.trim();

function checkEvent(report: ReportInput): void {
  const event = toUsageplaceEvent('11111111-2222-4333-8444-555555555555', report);
  assert.ok(UsageplaceEvent.safeParse(event).success, JSON.stringify(event));
  assert.match(event.time, LOCAL_TIME_PATTERN);
  const at = parseLocalTime(event.time);
  assert.ok(at && at.getTime() <= LIMIT, `time ${event.time} is after now + 60 s`);
  assert.equal(formatLocalTime(at), event.time, 'the time round-trips');
  for (const key of ['usageplacecode', 'customernumber', 'contract_no', 'description'] as const) {
    if (key in event) assert.ok(isTrimmedNonEmpty(event[key]), `${key}: ${JSON.stringify(event[key])}`);
  }
  for (const inv of event.invoices ?? []) {
    assert.ok(Number.isSafeInteger(inv.jobid) && inv.jobid >= 0, `jobid ${inv.jobid}`);
    assert.ok(isTrimmedNonEmpty(inv.invoicenumber));
  }
  if (event.status === 'notdisconnected') assert.ok(isTrimmedNonEmpty(event.description));
}

describe('reportInputSchema', () => {
  test('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.oneof(anything, reportish), (input) => void schema.safeParse(input)), RUNS);
  });

  test('every accepted report is a valid wire event', () => {
    let accepted = 0;
    fc.assert(
      fc.property(reportish, (input) => {
        const result = schema.safeParse(input);
        if (!result.success) return;
        accepted++;
        checkEvent(result.data);
      }),
      { numRuns: 1000 },
    );
    assert.ok(accepted > 50, `only ${accepted} reports were accepted: the generator tests too little`);
  });

  test('a well-formed time is accepted exactly when it is not after now + 60 s, unchanged', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const t = formatLocalTime(date);
        const result = schema.safeParse({ status: 'connected', usageplacecode: 'UP-1', time: t });
        const parsed = parseLocalTime(t);
        assert.ok(parsed, t);
        assert.equal(result.success, parsed.getTime() <= LIMIT, t);
        if (result.success) assert.equal(result.data.time, t);
      }),
      RUNS,
    );
  });

  test('text is stored in one form: accents composed (NFC), line ends LF', () => {
    const result = schema.parse({
      status: 'notdisconnected', usageplacecode: ' Ka\u0308ytto\u0308paikka-1 ', customernumber: 'A\u030A1',
      invoices: [{ invoicenumber: 'LASKU o\u0308 1', jobid: '7' }], description: 'Mittari ka\u0308yta\u0308va\u0308ssa\u0308\r\novi lukossa\rkyllä',
    });
    assert.deepEqual(
      [result.usageplacecode, result.customernumber, result.invoices[0]?.invoicenumber, result.description],
      ['Käyttöpaikka-1', 'Å1', 'LASKU ö 1', 'Mittari käytävässä\novi lukossa\nkyllä'],
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\u0308', 'o', '\u030A', '\r', '\n', ' ', 'x') }), (description) => {
        const parsed = schema.safeParse({ status: 'connected', usageplacecode: 'UP-1', description });
        assert.ok(parsed.success);
        const stored = parsed.data.description ?? '';
        assert.equal(stored, stored.normalize('NFC'));
        assert.doesNotMatch(stored, /\r/);
      }),
      RUNS,
    );
  });

  test('no time means now', () => {
    const result = schema.safeParse({ status: 'connected', usageplacecode: 'UP-1' });
    assert.ok(result.success);
    assert.equal(result.data.time, formatLocalTime(NOW));
  });

  test('notdisconnected with a blank description is always refused, on the description', () => {
    fc.assert(
      fc.property(fc.option(blank, { nil: undefined }), text.filter((s) => s.trim() !== ''), (description, code) => {
        const result = schema.safeParse({ status: 'notdisconnected', usageplacecode: code.slice(0, 200), description });
        assert.ok(!result.success);
        assert.ok(result.error.issues.some((i) => i.path.join('.') === 'description'), JSON.stringify(result.error.issues));
      }),
      RUNS,
    );
  });
});

describe('endpoints', () => {
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
  const path = fc.constantFrom('', '/', '/rest', '/rest/', '/proxy/ropo');
  const withPort = (host: string, p: number | undefined) => (p === undefined ? host : `${host}:${p}`);

  test('https base URLs are accepted and end in /rest', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.ipV4()), port, path, (host, p, tail) => {
        // Ropo One's own domains are the presets' (test/shared/endpoint.test.ts).
        fc.pre(!/(^|\.)ropo24\.(fi|se|no)$/i.test(host));
        const result = ApiBaseUrl.safeParse(`https://${withPort(host, p)}${tail}`);
        assert.ok(result.success, `${host} ${JSON.stringify(result.error?.issues)}`);
        assert.match(result.data, /^https:\/\/.+\/rest$/);
        assert.ok(Endpoint.safeParse({ kind: 'custom', baseUrl: `https://${host}` }).success);
      }),
      RUNS,
    );
  });

  test('plain http is refused unless the host is this computer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.ipV4()), port, (host, p) => {
        const url = `http://${withPort(host, p)}`;
        const loopback = /^127\./.test(host);
        assert.equal(ApiBaseUrl.safeParse(url).success, loopback, url);
        assert.equal(Endpoint.safeParse({ kind: 'custom', baseUrl: url }).success, loopback, url);
      }),
      RUNS,
    );
    for (const url of ['http://[::1]:9', 'http://127.0.0.1', 'http://127.255.0.9:8080']) assert.ok(ApiBaseUrl.safeParse(url).success, url);
  });

  test('the six presets by their short names', () => {
    const expected = [
      ['fi', 'fi', 'production'], ['fi-test', 'fi', 'test'], ['se', 'se', 'production'],
      ['se-test', 'se', 'test'], ['no', 'no', 'production'], ['no-test', 'no', 'test'],
    ] as const;
    for (const [name, country, stage] of expected) {
      assert.deepEqual(parseEndpointName(` ${name} `), { kind: 'preset', country, stage });
    }
  });
});

describe('parseReportsCsv', () => {
  const answers = (bytes: Uint8Array) => {
    const result = parseReportsCsv(bytes, { baseUrl: 'https://rc.ropo24.fi/rest', cid: '123456' }, () => NOW);
    if (result.ok) {
      for (const row of result.rows) checkEvent(row.report);
    } else {
      assert.ok(result.problems.length > 0);
      // Each problem is a code the contract knows, at a line, with an English sentence.
      assert.ok(result.problems.every((p) => CsvProblem.safeParse(p).success && p.line >= 1 && describeCsvProblem(p)));
    }
    assert.ok(result.warnings.every((w) => CsvWarning.safeParse(w).success && describeCsvWarning(w)));
  };

  test('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => answers(bytes)), RUNS);
  });

  test('never throws on CSV-like text, and what it accepts is valid', () => {
    const unit = fc.constantFrom(
      ';', ',', '\t', '"', "'", '=', '\n', '\r', ' ', ':', '.', '/', 'E+', 'a', 'ä', '1', '0', 'connected', 'notdisconnected',
      '2025-05-20 10:00:00', '4.1.2024 10.41', '643007572062443000', '6,43008E+17',
    );
    const header = fc.constantFrom(
      'status;usageplacecode;description;invoices;time\n', 'status,usageplacecode\n', '\uFEFFStatus;UsagePlaceCode\r\n', '',
      'Tila;Käyttöpaikka;Aika;Kuvaus;Laskut;id\n', 'status\tusageplacecode\ttime\n', 'status;usageplacecode,time\n',
    );
    fc.assert(
      fc.property(header, fc.string({ unit, maxLength: 60 }), (head, body) => answers(new TextEncoder().encode(head + body))),
      RUNS,
    );
  });
});
