import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { openDatabase, type Database } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { CsvImportError, importReportsCsv, parseReportsCsv, type CsvRowProblem } from '../../electron/core/csv-import.ts';
import { readCsvRecords } from '../../electron/core/csv-records.ts';
import { AppError } from '../../shared/errors.ts';

// Real SQLite files in a temp dir, a fixed clock, and files written as Excel would.

const dir = mkdtempSync(join(tmpdir(), 'upr-'));
const dbs: Database[] = [];
after(() => {
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date(2025, 4, 20, 12, 0, 0);
const now = () => NOW;
const target = { baseUrl: 'https://rc.ropo24.fi/rest', cid: '123456' };
let files = 0;

function newStore(): OutboxStore {
  const db = openDatabase(join(dir, `outbox-${++files}.sqlite`));
  dbs.push(db);
  return new OutboxStore(db);
}

function writeCsv(text: string | Uint8Array, name = `reports-${++files}.csv`): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const problemsOf = (text: string): CsvRowProblem[] => {
  const result = parseReportsCsv(bytes(text), now);
  assert.equal(result.ok, false, 'expected problems');
  return result.ok ? [] : result.problems;
};
const reportsOf = (text: string) => {
  const result = parseReportsCsv(bytes(text), now);
  assert.ok(result.ok, `expected no problems, got ${JSON.stringify(!result.ok && result.problems)}`);
  return result;
};
/** The store's entries in file (seq) order; `list()` gives newest first. */
const inOrder = (store: OutboxStore) => store.list().reverse();

describe('reading the file', () => {
  test('an Excel file saved in Finland: BOM, semicolons, CRLF', () => {
    const r = reportsOf('\uFEFFStatus;UsagePlaceCode;customernumber\r\ndisconnected;UP-1;C1\r\nconnected; UP-2 ;\r\n');
    assert.deepEqual(r.reports.map((x) => [x.status, x.usageplacecode, x.customernumber]), [
      ['disconnected', 'UP-1', 'C1'],
      ['connected', 'UP-2', undefined],
    ]);
    assert.deepEqual(r.lines, [2, 3]);
    assert.equal(r.reports[0]?.time, '2025-05-20 12:00:00', 'time defaults to now');
  });

  test('commas, quoted separators, doubled quotes', () => {
    const r = reportsOf('status,usageplacecode,description\nnotdisconnected,"UP,1","Dog said ""no"", gate, locked"\n');
    assert.equal(r.reports[0]?.usageplacecode, 'UP,1');
    assert.equal(r.reports[0]?.description, 'Dog said "no", gate, locked');
  });

  test('a quoted newline keeps the line numbers of later rows physical', () => {
    const text = 'status;usageplacecode;description\nnotdisconnected;UP-1;"first\nsecond\nthird"\nbogus;UP-2;\n';
    assert.deepEqual(problemsOf(text).map((p) => [p.line, p.field]), [[5, 'status']]);
    assert.equal(reportsOf(text.replace('bogus', 'connected')).reports[0]?.description, 'first\nsecond\nthird');
  });

  test('blank lines, separator-only rows and trailing empty lines are skipped', () => {
    const r = reportsOf('\nstatus;usageplacecode\n\ndisconnected;UP-1\n;\n  ;  \nconnected;UP-2\n\n\n');
    assert.deepEqual(r.lines, [4, 7]);
  });

  test('an empty file and a header-only file have no reports', () => {
    for (const text of ['', '\uFEFF', '\n\n', 'status;usageplacecode\r\n\r\n']) {
      const [p, ...rest] = problemsOf(text);
      assert.equal(rest.length, 0);
      assert.match(p?.message ?? '', /no reports in the file/i);
    }
  });

  test('text that is not UTF-8 is refused, naming the line', () => {
    const latin1 = Uint8Array.from([...bytes('status;usageplacecode\ndisconnected;UP-1\nnotdisconnected;K'), 0xe4, ...bytes('tt;x\n')]);
    const result = parseReportsCsv(latin1, now);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => [p.line, p.field]), [[3, '(file)']]);
    assert.match(result.problems[0]?.message ?? '', /UTF-8/);
  });

  test('agrees with csv-parse on well-formed files, line numbers included', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ';', ',', '"', '\n', 'ä') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const quote = (s: string) => (/[;"\n]|^\s|\s$/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);
        const text = rows.map((r) => r.map(quote).join(';')).join('\n') + '\n';
        const ours = readCsvRecords(text, ';');
        assert.deepEqual(ours.errors, []);
        const theirs = parse(text, { delimiter: ';', info: true, skip_records_with_empty_values: true }) as unknown as {
          record: string[];
          info: { lines: number };
        }[];
        assert.deepEqual(ours.records.map((r) => r.fields), theirs.map((t) => t.record));
        // csv-parse counts the line a record ends on; ours is where it starts.
        const ends = ours.records.map((r) => r.line + r.fields.join('').split('\n').length - 1);
        assert.deepEqual(ends, theirs.map((t) => t.info.lines));
      }),
      { numRuns: 300 },
    );
  });
});

describe('rules of the header and the rows', () => {
  test('unknown, duplicate and missing columns are named', () => {
    assert.deepEqual(problemsOf('status;usageplacecode;colour\ndisconnected;UP-1;red\n').map((p) => [p.line, p.field]), [[1, 'colour']]);
    assert.match(problemsOf('status;usageplacecode;colour\n')[0]?.message ?? '', /Unknown column "colour"/);
    assert.deepEqual(problemsOf('status;usageplacecode;Status\n').map((p) => p.field), ['status']);
    assert.deepEqual(problemsOf('\n\nusageplacecode;time\nUP-1;\n').map((p) => [p.line, p.field]), [[3, 'status']]);
  });

  test('several bad rows: each reported with its line and field, nothing queued', async () => {
    const text = [
      'status;usageplacecode;time;description;invoices',
      'disconnected;UP-1;2025-05-20 11:00:00;;594294:1234',
      'notdisconnected;UP-2;;   ;',
      'disconnected;UP-3;2025-05-20 12:05:00;;',
      'connected;;20.5.2025 10:00;;',
      'connected;UP-5;;;1:2 594294 7:x',
      'connected;UP-6;;',
      'disconnected;"UP-7"x;;;',
      'connected;UP-8;;;',
    ].join('\n');
    const expected = [
      [3, 'description'], [4, 'time'], [5, 'usageplacecode'], [5, 'time'], [6, 'invoices'], [6, 'invoices'],
      [7, '(row)'], [8, '(row)'], [9, '(row)'],
    ];
    assert.deepEqual(problemsOf(text).map((p) => [p.line, p.field]), expected);

    const store = newStore();
    const err = await importReportsCsv(writeCsv(text, 'bad.csv'), { store, target, now }).catch((e: unknown) => e);
    assert.ok(err instanceof CsvImportError);
    assert.equal(err.code, 'validation_failed');
    assert.match(err.message, /^7 rows have problems in bad\.csv/);
    assert.deepEqual(err.rows.map((p) => [p.line, p.field]), expected);
    assert.equal(err.problems?.[0]?.field, 'line 3: description');
    assert.deepEqual(store.list(), []);
    assert.equal(store.hasImport('x'), undefined);
  });

  test('invoices: several pairs become wire invoices; a bad pair is quoted', () => {
    const r = reportsOf('status,usageplacecode,invoices\ndisconnected,UP-1,594294:1234  594295:1235\nconnected,UP-2,\n');
    assert.deepEqual(r.reports[0]?.invoices, [{ invoicenumber: '594294', jobid: 1234 }, { invoicenumber: '594295', jobid: 1235 }]);
    assert.deepEqual(r.reports[1]?.invoices, []);
    const problems = problemsOf('status;usageplacecode;invoices\ndisconnected;UP-1;594294:1234 594295 594296:12a\n');
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[2, 'invoices'], [2, 'invoices']]);
    assert.match(problems[0]?.message ?? '', /"594295"/);
    assert.match(problems[1]?.message ?? '', /"594296:12a"/);
  });

  test('time: the form YYYY-MM-DD HH:mm:ss, not in the future', () => {
    const [future] = problemsOf('status;usageplacecode;time\ndisconnected;UP-1;2025-05-21 08:00:00\n');
    assert.deepEqual([future?.line, future?.field], [2, 'time']);
    assert.match(future?.message ?? '', /future/);
    assert.equal(reportsOf('status;usageplacecode;time\ndisconnected;UP-1;2025-05-20 12:00:30\n').reports[0]?.time, '2025-05-20 12:00:30');
  });

  test('notdisconnected needs a description', () => {
    const problems = problemsOf('status,usageplacecode\nnotdisconnected,UP-1\n');
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[2, 'description']]);
  });
});

describe('importing into the outbox', () => {
  const file = 'status;usageplacecode;customernumber;invoices\nconnected;UP-9;C9;\ndisconnected;UP-1;C1;594294:1234\nconnected;UP-1;;\ndisconnected;UP-2;;\n';

  test('every row is queued in file order, with its target and new ids', async () => {
    const store = newStore();
    let n = 0;
    const { imported } = await importReportsCsv(writeCsv(file), { store, target, now, newId: () => `id-${++n}` });
    assert.deepEqual(imported.map((e) => e.id), ['id-1', 'id-2', 'id-3', 'id-4']);
    const stored = inOrder(store);
    assert.deepEqual(stored.map((e) => [e.id, e.usageplacecode, e.status]), [
      ['id-1', 'UP-9', 'connected'], ['id-2', 'UP-1', 'disconnected'], ['id-3', 'UP-1', 'connected'], ['id-4', 'UP-2', 'disconnected'],
    ]);
    assert.ok(stored.every((e, i) => i === 0 || e.seq > (stored[i - 1]?.seq ?? Infinity)));
    assert.deepEqual(stored[1]?.event, {
      id: 'id-2', usageplacecode: 'UP-1', customernumber: 'C1', time: '2025-05-20 12:00:00', status: 'disconnected',
      invoices: [{ invoicenumber: '594294', jobid: 1234 }],
    });
    assert.deepEqual(stored[0]?.target, target);
  });

  test('the same file twice is refused, naming the first import; nothing is queued again', async () => {
    const store = newStore();
    await importReportsCsv(writeCsv(file, 'monday.csv'), { store, target, now });
    const later = () => new Date(2025, 4, 22, 9, 0, 0);
    const err = await importReportsCsv(writeCsv(file, 'tuesday.csv'), { store, target, now: later }).catch((e: unknown) => e);
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'duplicate_import');
    assert.match(err.message, /tuesday\.csv was imported before: as monday\.csv on 2025-05-20 12:00:00 \(4 reports\)/);
    assert.equal(store.list().length, 4);
  });

  test('the same content with CRLF and a BOM counts as the same file', async () => {
    const store = newStore();
    await importReportsCsv(writeCsv(file), { store, target, now });
    const resaved = writeCsv(`\uFEFF${file.replaceAll('\n', '\r\n')}`);
    await assert.rejects(importReportsCsv(resaved, { store, target, now }), { code: 'duplicate_import' });
    assert.equal(store.list().length, 4);
  });

  test('an empty file is refused with "no reports"', async () => {
    const store = newStore();
    await assert.rejects(importReportsCsv(writeCsv(''), { store, target, now }), (e: unknown) => {
      assert.ok(e instanceof CsvImportError);
      assert.match(e.message, /No reports in the file/);
      return true;
    });
    assert.deepEqual(store.list(), []);
  });

  test('100,000 rows parse and validate in a few seconds', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `disconnected;UP-${i};C${i};2025-05-20 10:00:00;"note; ${i}";${i}:${i + 1}`);
    const text = `status;usageplacecode;customernumber;time;description;invoices\n${rows.join('\n')}\n`;
    const started = performance.now();
    const r = reportsOf(text);
    const ms = performance.now() - started;
    assert.equal(r.reports.length, 100_000);
    assert.equal(r.lines.at(-1), 100_001);
    assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
  });
});
