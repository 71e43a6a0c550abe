import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { openDatabase, type Database } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { CsvImportError, importReportsCsv, parseReportsCsv } from '../../electron/core/csv-import.ts';
import { readCsvRecords } from '../../electron/core/csv-records.ts';
import { importAsTheOldVersionDid } from '../helpers/legacy-import.ts';
import { describeCsvProblem } from '../../electron/core/csv-problem-text.ts';
import { v5 as uuidPackageV5 } from 'uuid';
import { IMPORT_ID_NAMESPACE, importEventId, importRowKey } from '../../electron/core/import-event-id.ts';
import { uuidV5 } from '../../electron/core/uuid-v5.ts';
import type { CsvProblem } from '../../shared/csv-import-problems.ts';
import { settleReport } from '../helpers/settle-report.ts';

// Real SQLite files in a temp dir, a fixed clock, and files written as Excel would.

const dir = mkdtempSync(join(tmpdir(), 'upr-'));
const dbs: Database[] = [];
after(() => {
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date(2025, 4, 20, 12, 0, 0);
/** Worked out once and kept: if they change, every file imported before would be queued again. */
const GOLDEN_ID = '0aa3db23-7fc7-516b-a6d6-905c335143a0';
const GOLDEN_ID_INVOICES = 'd20da120-4e63-5b33-912d-a054de861176';
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
const problemsOf = (text: string): CsvProblem[] => {
  const result = parseReportsCsv(bytes(text), target, now);
  assert.equal(result.ok, false, 'expected problems');
  return result.ok ? [] : result.problems;
};
const reportsOf = (text: string) => {
  const result = parseReportsCsv(bytes(text), target, now);
  assert.ok(result.ok, `expected no problems, got ${JSON.stringify(!result.ok && result.problems)}`);
  return { ...result, reports: result.rows.map((r) => r.report), lines: result.rows.map((r) => r.line) };
};
const messageOf = (p: CsvProblem | undefined): string => (p ? describeCsvProblem(p) : '');
/** The store's entries in file (seq) order; `list()` gives newest first. */
const inOrder = (store: OutboxStore) => store.list().reverse();

describe('reading the file', () => {
  test('an Excel file saved in Finland: BOM, semicolons, CRLF', () => {
    const r = reportsOf('\uFEFFStatus;UsagePlaceCode;customernumber;Aika\r\ndisconnected;UP-1;C1;4.1.2024 10.41\r\nconnected; UP-2 ;;4.1.2024 10.42\r\n');
    assert.deepEqual(r.reports.map((x) => [x.status, x.usageplacecode, x.customernumber]), [
      ['disconnected', 'UP-1', 'C1'],
      ['connected', 'UP-2', undefined],
    ]);
    assert.deepEqual(r.lines, [2, 3]);
    assert.equal(r.reports[0]?.time, '2024-01-04 10:41:00');
  });

  test('commas, quoted separators, doubled quotes', () => {
    const r = reportsOf('status,usageplacecode,description,time\nnotdisconnected,"UP,1","Dog said ""no"", gate, locked",4.1.2024 10.41\n');
    assert.equal(r.reports[0]?.usageplacecode, 'UP,1');
    assert.equal(r.reports[0]?.description, 'Dog said "no", gate, locked');
  });

  test('a quoted newline keeps the line numbers of later rows physical', () => {
    const text = 'status;usageplacecode;description;time\nnotdisconnected;UP-1;"first\nsecond\nthird";4.1.2024 10.41\nbogus;UP-2;;4.1.2024 10.42\n';
    assert.deepEqual(problemsOf(text).map((p) => [p.line, p.field]), [[5, 'status']]);
    assert.equal(reportsOf(text.replace('bogus', 'connected')).reports[0]?.description, 'first\nsecond\nthird');
  });

  test('blank lines, separator-only rows and trailing empty lines are skipped', () => {
    const r = reportsOf('\nstatus;usageplacecode;time\n\ndisconnected;UP-1;4.1.2024 10.41\n;\n  ;  \nconnected;UP-2;4.1.2024 10.42\n\n\n');
    assert.deepEqual(r.lines, [4, 7]);
  });

  test('an empty file and a header-only file have no reports', () => {
    for (const text of ['', '\uFEFF', '\n\n', 'status;usageplacecode;time\r\n\r\n']) {
      const [p, ...rest] = problemsOf(text);
      assert.equal(rest.length, 0);
      assert.match(p?.code ?? '', /^(empty_file|no_rows)$/);
      assert.match(messageOf(p), /no reports in the file/i);
    }
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
  test('duplicate and missing columns are named', () => {
    const [twice] = problemsOf('status;usageplacecode;Status;time\n');
    assert.deepEqual(twice, { code: 'duplicate_column', line: 1, field: 'status', names: ['status', 'Status'] });
    assert.deepEqual(problemsOf('\n\nusageplacecode;time\nUP-1;\n').map((p) => [p.line, p.code, p.field]), [[3, 'missing_column', 'status']]);
    assert.deepEqual(problemsOf('status;usageplacecode\nconnected;UP-1\n').map((p) => [p.line, p.code, p.field]), [[1, 'missing_column', 'time']]);
  });

  test('several bad rows: each reported with its line and field, nothing queued', async () => {
    const text = [
      'status;usageplacecode;time;description;invoices',
      'disconnected;UP-1;2025-05-20 11:00:00;;594294:1234',
      'notdisconnected;UP-2;4.1.2024 10.41;   ;',
      'disconnected;UP-3;2025-05-20 12:05:00;;',
      'connected;;20/5/2025 10:00;;',
      'connected;UP-5;4.1.2024 10.41;;1:2 594294 7:x 594295',
      'connected;UP-6;;;;note',
      'disconnected;"UP-7"x;;;',
      'connected;UP-8;;;',
    ].join('\n');
    const expected = [
      [3, 'description_required', 'description'], [4, 'time_future', 'time'], [5, 'time_slash', 'time'],
      [5, 'required', 'usageplacecode'], [6, 'invoice_pair', 'invoices'], [6, 'invoice_pair', 'invoices'],
      [7, 'field_count', null], [8, 'csv_syntax', null], [9, 'csv_syntax', null],
    ];
    assert.deepEqual(problemsOf(text).map((p) => [p.line, p.code, p.field]), expected);

    const store = newStore();
    const err = await importReportsCsv(writeCsv(text, 'bad.csv'), { store, target, now }).catch((e: unknown) => e);
    assert.ok(err instanceof CsvImportError);
    assert.equal(err.code, 'validation_failed');
    assert.match(err.message, /^7 lines have problems in bad\.csv/);
    assert.deepEqual(err.csvProblems.map((p) => [p.line, p.code, p.field]), expected);
    assert.equal(err.problems?.[0]?.field, 'line 3, description');
    assert.deepEqual(store.list(), []);
  });

  test('invoices: several pairs become wire invoices; a bad pair is quoted', () => {
    const r = reportsOf('status,usageplacecode,invoices,time\ndisconnected,UP-1,594294:1234  594295:1235,4.1.2024 10.41\nconnected,UP-2,,4.1.2024 10.41\n');
    assert.deepEqual(r.reports[0]?.invoices, [{ invoicenumber: '594294', jobid: 1234 }, { invoicenumber: '594295', jobid: 1235 }]);
    assert.deepEqual(r.reports[1]?.invoices, []);
    const problems = problemsOf('status;usageplacecode;invoices;time\ndisconnected;UP-1;594294:1234 594296:12a 594295;4.1.2024 10.41\n');
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[2, 'invoices'], [2, 'invoices']]);
    assert.deepEqual(problems.map((p) => p.code === 'invoice_pair' && [p.value, p.reason]), [['594296:12a', 'jobid_not_number'], ['594295', 'no_colon']]);
    assert.match(messageOf(problems[0]), /"594296:12a"/);
    assert.match(messageOf(problems[1]), /"594295"/);
  });

  test('an invoice number may hold spaces, as the form takes it; what is left over is named', () => {
    const r = reportsOf('status;usageplacecode;invoices;time\n' +
      'disconnected;UP-1;LASKU 594294:1234 594295:1235;4.1.2024 10.41\n' +
      'disconnected;UP-2;"LASKU  594294:1, Lasku 2:2;1:2:3";4.1.2024 10.41\n');
    assert.deepEqual(r.reports[0]?.invoices, [{ invoicenumber: 'LASKU 594294', jobid: 1234 }, { invoicenumber: '594295', jobid: 1235 }]);
    assert.deepEqual(r.reports[1]?.invoices, [
      { invoicenumber: 'LASKU  594294', jobid: 1 }, { invoicenumber: 'Lasku 2', jobid: 2 }, { invoicenumber: '1:2', jobid: 3 },
    ], 'spaces as they were; the job id after the last colon');
    const problems = problemsOf('status;usageplacecode;invoices;time\ndisconnected;UP-1;"LASKU 594294:12a 7:8 :9 LASKU 594295, 10:11 x";4.1.2024 10.41\n');
    assert.deepEqual(problems.map((p) => p.code === 'invoice_pair' && [p.value, p.reason]), [
      ['LASKU 594294:12a', 'jobid_not_number'], [':9', 'no_invoicenumber'], ['LASKU 594295', 'no_colon'], ['x', 'no_colon'],
    ]);
  });

  test('time: the form YYYY-MM-DD HH:mm:ss, not in the future', () => {
    const [future] = problemsOf('status;usageplacecode;time\ndisconnected;UP-1;2025-05-21 08:00:00\n');
    assert.deepEqual([future?.line, future?.field], [2, 'time']);
    assert.equal(future?.code, 'time_future');
    assert.match(messageOf(future), /future/);
    assert.equal(reportsOf('status;usageplacecode;time\ndisconnected;UP-1;2025-05-20 12:00:30\n').reports[0]?.time, '2025-05-20 12:00:30');
  });

  test('the report rules, each as a code: unknown status, too long, too many invoices', () => {
    const long = 'x'.repeat(201);
    const invoices = Array.from({ length: 101 }, (_, i) => `${i}:${i}`).join(' ');
    const t = '4.1.2024 10.41';
    const text = `status;usageplacecode;customernumber;invoices;time\nexploded;UP-1;;;${t}\nconnected;UP-2;${long};;${t}\nconnected;UP-3;;${invoices};${t}\n;UP-4;;;${t}\n`;
    assert.deepEqual(problemsOf(text), [
      { code: 'status_unknown', line: 2, field: 'status', value: 'exploded' },
      { code: 'too_long', line: 3, field: 'customernumber', max: 200 },
      { code: 'too_many_invoices', line: 4, field: 'invoices', max: 100 },
      { code: 'required', line: 5, field: 'status' },
    ]);
  });

  test('notdisconnected needs a description', () => {
    const problems = problemsOf('status,usageplacecode,time\nnotdisconnected,UP-1,4.1.2024 10.41\n');
    assert.deepEqual(problems.map((p) => [p.line, p.field]), [[2, 'description']]);
  });
});

describe('importing into the outbox', () => {
  const file = 'status;usageplacecode;customernumber;invoices;time\nconnected;UP-9;C9;;2025-05-19 08:00\n' +
    'disconnected;UP-1;C1;594294:1234;2025-05-19 08:01\nconnected;UP-1;;;2025-05-19 09:00\ndisconnected;UP-2;;;2025-05-19 10:00\n';

  test('every row is queued in file order, with its target and an id made from the row', async () => {
    const store = newStore();
    const { queued, skipped } = await importReportsCsv(writeCsv(file), { store, target, now });
    assert.equal(skipped.length, 0);
    const stored = inOrder(store);
    assert.deepEqual(queued.map((e) => e.id), stored.map((e) => e.id));
    assert.deepEqual(stored.map((e) => [e.usageplacecode, e.status]), [
      ['UP-9', 'connected'], ['UP-1', 'disconnected'], ['UP-1', 'connected'], ['UP-2', 'disconnected'],
    ]);
    assert.ok(stored.every((e, i) => i === 0 || e.seq > (stored[i - 1]?.seq ?? Infinity)));
    const id = stored[1]!.id;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUID v5');
    assert.deepEqual(stored[1]?.event, {
      id, usageplacecode: 'UP-1', customernumber: 'C1', time: '2025-05-19 08:01:00', status: 'disconnected',
      invoices: [{ invoicenumber: '594294', jobid: 1234 }],
    });
    assert.deepEqual(stored[0]?.target, target);
  });

  test('importing again queues only the rows not in the outbox, whatever became of the others', async () => {
    const store = newStore();
    const first = await importReportsCsv(writeCsv(file, 'monday.csv'), { store, target, now });
    const [a, b, c] = first.queued;
    settleReport(store, a!.id, NOW.getTime(), { kind: 'sent', httpStatus: 200 });
    store.discard(b!.id, NOW.getTime(), 'cli');
    settleReport(store, c!.id, NOW.getTime(), { kind: 'failed', error: { code: 'rejected', message: 'no', httpStatus: 400, problem: null } });
    // Saved again by another editor (BOM, CRLF), with one row added at the end.
    const again = `\uFEFF${file}connected;UP-2;;;2025-05-21 07:00\n`.replaceAll('\n', '\r\n');
    const later = () => new Date(2025, 4, 22, 9, 0, 0);
    const second = await importReportsCsv(writeCsv(again, 'tuesday.csv'), { store, target, now: later });
    assert.deepEqual(second.skipped.map((x) => [x.line, x.state]), [[2, 'sent'], [3, 'discarded'], [4, 'failed'], [5, 'queued']]);
    assert.deepEqual(second.queued.map((e) => [e.usageplacecode, e.status]), [['UP-2', 'connected']]);
    assert.equal(store.list().length, 5);
    assert.equal(store.get(b!.id)?.state, 'discarded', 'a discarded report stays discarded');
    const third = await importReportsCsv(writeCsv(again), { store, target, now: later });
    assert.deepEqual([third.queued.length, third.skipped.length], [0, 5]);
  });

  test('a report replaced by a correction is not queued again from its old row', async () => {
    const store = newStore();
    const { queued } = await importReportsCsv(writeCsv(file), { store, target, now });
    const wrong = queued[3]!;
    settleReport(store, wrong.id, NOW.getTime(), { kind: 'failed', error: { code: 'rejected', message: 'no', httpStatus: 400, problem: null } });
    store.supersede(wrong.id, { event: { ...wrong.event, id: 'corrected-1', customernumber: 'C2' }, target }, NOW.getTime());
    const again = await importReportsCsv(writeCsv(file), { store, target, now });
    assert.equal(again.queued.length, 0);
    assert.deepEqual(again.skipped.at(-1), { line: 5, id: wrong.id, state: 'superseded', reason: 'in_outbox' });
  });

  test('the same rows get the same ids in a fresh outbox (another PC), and other ids for another target', async () => {
    const here = await importReportsCsv(writeCsv(file), { store: newStore(), target, now });
    const elsewhere = await importReportsCsv(writeCsv(file), { store: newStore(), target, now: () => new Date(2025, 5, 1) });
    assert.deepEqual(elsewhere.queued.map((e) => e.id), here.queued.map((e) => e.id));
    const production = await importReportsCsv(writeCsv(file), { store: newStore(), target: { ...target, baseUrl: 'https://ropo24.fi/rest' }, now });
    assert.ok(production.queued.every((e, i) => e.id !== here.queued[i]?.id));
  });

  test('a row without its time is refused: it could not be told from a new report of that usage place', async () => {
    const store = newStore();
    const monday = 'status;usageplacecode;time\ndisconnected;UP-1;2025-05-19 08:00\n';
    const [made] = (await importReportsCsv(writeCsv(monday), { store, target, now })).queued;
    assert.equal(made?.event.time, '2025-05-19 08:00:00');
    // The same usage place disconnected again on another day, the time left out.
    const err = await importReportsCsv(writeCsv('status;usageplacecode;time\ndisconnected;UP-1;\n'), { store, target, now }).catch((e: unknown) => e);
    assert.ok(err instanceof CsvImportError);
    assert.deepEqual(err.csvProblems, [{ code: 'time_missing', line: 2, field: 'time' }]);
    assert.match(messageOf(err.csvProblems[0]), /^Write when it happened, for example 4\.1\.2024 10\.41\. An imported row needs its time/);
    assert.deepEqual(store.list().map((e) => e.id), [made?.id]);
  });

  test('a file the version before imported (known by its content hash) is all in the outbox: nothing queued, whatever its rows say now', async () => {
    const store = newStore();
    // That version took rows without a time (the import's time), which are refused now.
    const text = '\uFEFFstatus;usageplacecode;time\r\ndisconnected;OLD-1;\r\nconnected;OLD-2;2025-05-19 08:00:00\r\n';
    const { ids } = importAsTheOldVersionDid(dbs.at(-1)!, target, 'monday.csv', text, [
      { status: 'disconnected', usageplacecode: 'OLD-1', time: '2025-05-18 09:00:00' },
      { status: 'connected', usageplacecode: 'OLD-2', time: '2025-05-19 08:00:00' },
    ], NOW.getTime() - 86_400_000);
    settleReport(store, ids[0]!, NOW.getTime(), { kind: 'sent', httpStatus: 200 });
    // The same content saved again with LF line ends and no BOM is the same file to that version.
    for (const again of [text, text.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n')]) {
      const result = await importReportsCsv(writeCsv(again, 'tuesday.csv'), { store, target, now });
      assert.deepEqual(result.importedBefore, { fileName: 'monday.csv', importedAt: NOW.getTime() - 86_400_000 });
      assert.deepEqual(result.queued, []);
      assert.deepEqual(result.skipped, [
        { line: null, id: ids[0], state: 'sent', reason: 'imported_before' },
        { line: null, id: ids[1], state: 'queued', reason: 'imported_before' },
      ]);
    }
    // A file that is not that one is read as any other.
    const other = await importReportsCsv(writeCsv(`${text}connected;OLD-3;2025-05-19 09:00:00\r\n`), { store, target, now }).catch((e: unknown) => e);
    assert.ok(other instanceof CsvImportError);
    assert.deepEqual(other.csvProblems, [{ code: 'time_missing', line: 2, field: 'time' }]);
    assert.equal(store.list().length, 2);
  });

  test('ids never change between versions: a fixed row and target give this id', () => {
    const report = reportsOf('status;usageplacecode;customernumber;invoices;time;description\n' +
      'disconnected;643007572062443672;A123456;594294:1234;2024-01-04 10:41:40;käytävässä\n').rows[0]!;
    const key = importRowKey(report.report);
    assert.equal(key, '["disconnected","643007572062443672","A123456","",[["594294",1234]],"2024-01-04 10:41:40","käytävässä"]');
    assert.equal(importEventId(target, key), GOLDEN_ID);
  });

  test("the event id is the uuid package's v5 of the target and the row", () => {
    fc.assert(fc.property(fc.string({ unit: fc.oneof(fc.string(), fc.constantFrom('ä', '€', '👍', '"')) }), (name) => {
      assert.equal(uuidV5(name, IMPORT_ID_NAMESPACE), uuidPackageV5(name, IMPORT_ID_NAMESPACE));
    }), { numRuns: 500 });
    // The form's ids from its idempotency key use the same function, in a namespace of their own.
    fc.assert(fc.property(fc.uuid(), fc.string(), (namespace, name) => {
      assert.equal(uuidV5(name, namespace), uuidPackageV5(name, namespace));
    }), { numRuns: 200 });
    assert.equal(importEventId(target, 'k'), uuidPackageV5(JSON.stringify([target.baseUrl, target.cid, 'k']), IMPORT_ID_NAMESPACE));
  });

  test('the order of the invoices does not change the id', () => {
    const ids = ['594295:1235 594294:1234 594295:17', '594294:1234 594295:17 594295:1235', '"594295:17;594294:1234,594295:1235"'].map((invoices) => {
      const row = reportsOf('status;usageplacecode;customernumber;invoices;time;description\n' +
        `disconnected;643007572062443672;A123456;${invoices};2024-01-04 10:41:40;käytävässä\n`).rows[0]!;
      return importEventId(target, importRowKey(row.report));
    });
    assert.deepEqual(ids, [GOLDEN_ID_INVOICES, GOLDEN_ID_INVOICES, GOLDEN_ID_INVOICES]);
    // So two rows that list the same invoices in another order are the same report.
    const twice = 'status;usageplacecode;invoices;time\nconnected;UP-1;1:2 3:4;2024-01-04 10:41\nconnected;UP-1;3:4 1:2;2024-01-04 10:41\n';
    assert.deepEqual(problemsOf(twice), [{ code: 'duplicate_row', line: 3, field: null, sameAsLine: 2 }]);
  });

  test('two rows that are the same report are a row error naming the first', async () => {
    const text = [
      'status;usageplacecode;time;description',
      'disconnected;UP-1;4.1.2024 10.41;Gate',
      'connected;UP-1;4.1.2024 10.41;Gate',
      ' disconnected ; UP-1 ;2024-01-04 10:41:00; Gate ',
      'disconnected;UP-1;4.1.2024 10.42;Gate',
      'connected;UP-1;4.1.2024 10:41:00;Gate',
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      { code: 'duplicate_row', line: 4, field: null, sameAsLine: 2 },
      { code: 'duplicate_row', line: 6, field: null, sameAsLine: 3 },
    ]);
    assert.match(messageOf(problemsOf(text)[0]), /^Same as line 2/);
    const store = newStore();
    await assert.rejects(importReportsCsv(writeCsv(text), { store, target, now }), CsvImportError);
    assert.deepEqual(store.list(), []);
  });

  test("a column is the export's id column only by its exact name and UUIDs; duplicates are found by the ids the rows get", () => {
    const row = 'connected;UP-1;4.1.2024 10.41';
    // A clerk's own "ID" of row numbers, and an "id" that holds no UUIDs: columns like others.
    for (const [header, cells] of [['ID', ['1', '2']], ['id', ['1', '2']], ['Id', [randomUUID(), randomUUID()]], [' id', ['7', '8']]] as const) {
      const text = `status;usageplacecode;time;${header}\n${row};${cells[0]}\n${row};${cells[1]}\n`;
      const result = parseReportsCsv(bytes(text), target, now);
      assert.ok(!result.ok);
      assert.deepEqual(result.problems, [{ code: 'duplicate_row', line: 3, field: null, sameAsLine: 2 }], header);
      assert.deepEqual(result.warnings, [{ code: 'ignored_columns', line: 1, field: null, names: [header.trim()] }], header);
    }
    // The export's: each row is the report its id names; two reports alike are two reports.
    const [a, b] = [randomUUID(), randomUUID().toUpperCase()];
    const exported = reportsOf(`status;usageplacecode;time;id;state\n${row};${a};sent\n${row};${b};\n${row};;queued\n`);
    assert.deepEqual(exported.rows.map((r) => [r.id, r.exported]), [
      [a, { id: a, state: 'sent', target: null }], [b.toLowerCase(), { id: b.toLowerCase(), state: null, target: null }], [importEventId(target, importRowKey(exported.rows[2]!.report)), null],
    ]);
    assert.deepEqual(exported.warnings, []);
    // One id twice: a row copied with its id cell; a copy whose id cell was cleared of a row imported before.
    assert.deepEqual(problemsOf(`status;usageplacecode;time;id\n${row};${a}\n${row.replace('connected', 'disconnected')};${a}\n`),
      [{ code: 'duplicate_row', line: 3, field: null, sameAsLine: 2 }]);
    const derived = exported.rows[2]!.id;
    assert.deepEqual(problemsOf(`status;usageplacecode;time;id\n${row};${derived}\n${row};\n`), [{ code: 'duplicate_row', line: 3, field: null, sameAsLine: 2 }]);
    // A state column that holds no states is not the export's.
    assert.deepEqual(reportsOf(`status;usageplacecode;time;id;state\n${row};${a};done\n`).warnings, [{ code: 'ignored_columns', line: 1, field: null, names: ['state'] }]);
    // The export's columns with a cell edited: that row cannot be told to be its report, so it is refused
    // (ignoring the column would queue every report of the file again under a new id).
    const edited = problemsOf(`status;usageplacecode;time;id;state\n${row};${a};sent\n${row};x;sent\n${row};${randomUUID()};done\n${row};;done\n`);
    assert.deepEqual(edited, [
      { code: 'exported_cell', line: 3, field: 'id', value: 'x' }, { code: 'exported_cell', line: 4, field: 'state', value: 'done' },
    ]);
    assert.match(messageOf(edited[0]), /^"x" is not an event id as the export writes it \(a UUID\).*clear the cell to send the row as a new report\.$/);
    assert.match(messageOf(edited[1]), /^"done" is not a state as the export writes it \(queued, sending, sent, failed, held, discarded or superseded\)/);
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

  test('10,007 rows: every row is read whole, at its own line, under an id of its own', () => {
    // Past many of the parse's steps of 250 rows (and not a multiple of them), each row with a
    // quoted separator in its description and an invoice pair. No time limit: how fast the
    // import is, is measured as a ratio in npm run bench, never by a test's wall clock.
    const count = 10_007;
    const rows = Array.from({ length: count }, (_, i) => `disconnected;UP-${i};C${i};2025-05-20 10:00:00;"note; ${i}";${i}:${i + 1}`);
    const text = `status;usageplacecode;customernumber;time;description;invoices\n${rows.join('\n')}\n`;
    const r = reportsOf(text);
    assert.equal(r.reports.length, count);
    assert.deepEqual(r.lines, Array.from({ length: count }, (_, i) => i + 2));
    for (const [i, report] of r.reports.entries()) {
      assert.deepEqual(
        [report.usageplacecode, report.customernumber, report.description, report.invoices, report.time],
        [`UP-${i}`, `C${i}`, `note; ${i}`, [{ invoicenumber: String(i), jobid: i + 1 }], '2025-05-20 10:00:00'],
      );
    }
    assert.equal(new Set(r.rows.map((row) => row.id)).size, count);
    assert.equal(r.rows.at(-1)?.id, importEventId(target, importRowKey(r.reports.at(-1)!)));
  });
});
