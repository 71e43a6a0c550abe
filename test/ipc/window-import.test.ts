import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { WindowImports, readImportFile } from '../../electron/core/csv-import-check.ts';
import { AppError } from '../../shared/errors.ts';
import { MAX_IMPORT_BASE64, MAX_IMPORT_BYTES } from '../../shared/csv-import-check.ts';
import type { ImportProgress } from '../../shared/csv-import-check.ts';
import { CsvImportError, importReportsCsv } from '../../electron/core/csv-import.ts';
import { writeReportsCsv } from '../../electron/core/csv-export.ts';
import type { Database } from '../../electron/core/db/database.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';
import { cp1252, excelResaved, utf8 } from '../helpers/excel-bytes.ts';
import { FAST_BACKOFF, tempDir, until } from '../helpers/harness.ts';
import { importAsTheOldVersionDid } from '../helpers/legacy-import.ts';
import { settleReport } from '../helpers/settle-report.ts';
import { ipcHarness, type IpcHarness } from './ipc-harness.ts';

// The window's CSV import (issue 11): the command line's parser and rules, checked first and
// shown, then queued all or none; idempotent as the command line's import.

const NOW = new Date(2025, 4, 20, 12, 0, 0).getTime();
const target = { baseUrl: 'https://rc.ropo24.fi/rest', cid: '123456' };
const THREE = cp1252([
  'Tila;Käyttöpaikka;Asiakasnumero;Laskut;Aika;Kuvaus',
  'disconnected;643007572062443672;A1;594294:1234;4.1.2024 10.41;',
  'connected;643007572062443673;A2;;4.1.2024 11.02;',
  'notdisconnected;643007572062443674;A3;;5.1.2024 8.15;Mittarikaappi lukossa',
].join('\r\n'));

describe('checking and queueing', () => {
  const tmp = tempDir();
  const db = openDatabase(join(tmp.dir, 'outbox.sqlite'));
  const store = new OutboxStore(db);
  let queuedCalls = 0;
  let currentTarget = target;
  const imports = new WindowImports({ store, target: () => currentTarget, now: () => NOW, onQueued: () => queuedCalls++ });
  after(() => {
    db.close();
    tmp.remove();
  });

  test('every row is checked and shown first, each time as it will be sent; nothing is queued', async () => {
    const check = await imports.check('lista.csv', THREE);
    assert.equal(check.ok, true);
    assert.equal(check.encoding, 'windows-1252');
    assert.equal(check.separator, ';');
    assert.equal(check.rowCount, 3);
    assert.equal(check.alreadyInOutbox, 0);
    assert.equal(check.toQueue, 3);
    assert.ok(check.firstRows.every((r) => r.leftOut === null));
    assert.deepEqual(check.firstRows.map((r) => [r.line, r.usageplacecode, r.time]), [
      [2, '643007572062443672', '2024-01-04 10:41:00'],
      [3, '643007572062443673', '2024-01-04 11:02:00'],
      [4, '643007572062443674', '2024-01-05 08:15:00'],
    ]);
    assert.equal(check.firstRows[2]!.description, 'Mittarikaappi lukossa');
    assert.deepEqual(check.firstRows[0]!.invoices, [{ invoicenumber: '594294', jobid: 1234 }]);
    assert.equal(store.count(), 0);
  });

  test('"Queue 3 reports" queues the rows checked, once; the same file again finds them all in the outbox', async () => {
    const check = await imports.check('lista.csv', THREE);
    const done = imports.commit(check.checkId);
    assert.deepEqual(done, { fileName: 'lista.csv', queued: 3, alreadyInOutbox: 0, exportedSettled: 0 });
    assert.equal(store.count(), 3);
    assert.equal(queuedCalls, 1);
    assert.throws(() => imports.commit(check.checkId), (e: unknown) => e instanceof AppError && e.code === 'not_found', 'a check is queued once');
    const again = await imports.check('lista.csv', THREE);
    assert.equal(again.alreadyInOutbox, 3);
    assert.equal(again.toQueue, 0);
    assert.deepEqual(again.firstRows.map((r) => r.leftOut), ['in_outbox', 'in_outbox', 'in_outbox']);
    assert.deepEqual(imports.commit(again.checkId), { fileName: 'lista.csv', queued: 0, alreadyInOutbox: 3, exportedSettled: 0 });
    assert.equal(store.count(), 3);
  });

  test('bad rows: every one named with line, field and code; none can be queued', async () => {
    const check = await imports.check('bad.csv', new TextEncoder().encode([
      'status;usageplacecode;time',
      'disconnected;P1;4.1.2024 10.41',
      'disconected;6,43008E+17;4.1.2024 10.42',
      'connected;P3;1/4/2024 10.00',
    ].join('\n')));
    assert.equal(check.ok, false);
    assert.equal(check.rowCount, 3);
    assert.equal(check.badLineCount, 2);
    assert.deepEqual(check.problems.map((p) => [p.line, p.field, p.code]), [
      [3, 'usageplacecode', 'excel_number'], [3, 'status', 'status_unknown'], [4, 'time', 'time_slash'],
    ]);
    assert.deepEqual(check.firstRows, []);
    assert.throws(() => imports.commit(check.checkId), (e: unknown) => e instanceof AppError && e.code === 'not_found');
    assert.equal(store.count(), 3);
  });

  test('the environment changed between the check and the queueing: check again, nothing queued', async () => {
    const check = await imports.check('other.csv', new TextEncoder().encode('status;usageplacecode;time\nconnected;T-9;4.1.2024 10.41\n'));
    currentTarget = { baseUrl: 'https://ropo24.fi/rest', cid: '123456' };
    try {
      assert.throws(() => imports.commit(check.checkId), (e: unknown) => e instanceof AppError && e.code === 'invalid_state');
    } finally {
      currentTarget = target;
    }
    assert.equal(store.count(), 3);
  });

  test('10,000 rows: progress every 250 rows up to all of them, and the event loop keeps turning', async (t) => {
    const lines = ['status;usageplacecode;time'];
    for (let i = 0; i < 10_000; i++) lines.push(`disconnected;BIG-${i};4.1.2024 10.41`);
    const progress: ImportProgress[] = [];
    // A timer standing in for delivery and IPC: how long it is kept waiting at most.
    let last = performance.now();
    let longestWait = 0;
    const ticker = setInterval(() => {
      const t = performance.now();
      longestWait = Math.max(longestWait, t - last);
      last = t;
    }, 1);
    const started = performance.now();
    try {
      const check = await imports.check('big.csv', new TextEncoder().encode(lines.join('\n')), (p) => progress.push(p));
      assert.equal(check.rowCount, 10_000);
      assert.equal(check.firstRows.length, 10);
      assert.ok(progress.length >= 40, `${progress.length} progress steps`);
      assert.ok(progress.every((p, i) => p.phase === 'checking' && p.total === 10_000 && (i === 0 || p.done >= progress[i - 1]!.done)));
      assert.deepEqual(progress.at(-1), { phase: 'checking', done: 10_000, total: 10_000 });
      const queueing: ImportProgress[] = [];
      assert.equal(imports.commit(check.checkId, (p) => queueing.push(p)).queued, 10_000);
      assert.deepEqual(queueing, [{ phase: 'queueing', done: 0, total: 10_000 }, { phase: 'queueing', done: 10_000, total: 10_000 }]);
    } finally {
      clearInterval(ticker);
    }
    t.diagnostic(`check and queueing ${Math.round(performance.now() - started)} ms; the event loop waited ${Math.round(longestWait)} ms at most`);
    // Measured here: a step of 250 rows takes a few milliseconds; the whole check, hundreds.
    assert.ok(longestWait < 250, `the event loop waited ${Math.round(longestWait)} ms at most during the check`);
  });

  test('a file over 10 MB is refused before it is read; a missing one is unreadable', async () => {
    const big = join(tmp.dir, 'big.csv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, MAX_IMPORT_BYTES + 1);
    closeSync(fd);
    await assert.rejects(readImportFile(big), (e: unknown) => e instanceof AppError && e.code === 'file_too_large');
    await assert.rejects(readImportFile(join(tmp.dir, 'gone.csv')), (e: unknown) => e instanceof AppError && e.code === 'file_unreadable');
    const small = join(tmp.dir, 'small.csv');
    writeFileSync(small, THREE);
    assert.deepEqual(Buffer.from(await readImportFile(small)), Buffer.from(THREE));
  });
});

describe("the command line's rules, decided the same in the window", () => {
  const tmp = tempDir();
  const opened: Database[] = [];
  let n = 0;
  function newStore(): { db: Database; store: OutboxStore } {
    const db = openDatabase(join(tmp.dir, `outbox-${++n}.sqlite`));
    opened.push(db);
    return { db, store: new OutboxStore(db) };
  }
  after(() => {
    for (const db of opened) db.close();
    tmp.remove();
  });
  const windowOf = (store: OutboxStore) => new WindowImports({ store, target: () => target, now: () => NOW });
  /** What `usageplace import` says of the same bytes in the same outbox: its problems, or what it queued and skipped. */
  async function cliSays(store: OutboxStore, bytes: Uint8Array) {
    const file = join(tmp.dir, `cli-${++n}.csv`);
    writeFileSync(file, bytes);
    try {
      return await importReportsCsv(file, { store, target, now: () => new Date(NOW) });
    } catch (err) {
      if (err instanceof CsvImportError) return err.csvProblems;
      throw err;
    }
  }
  async function exportOf(store: OutboxStore): Promise<string> {
    let text = '';
    await writeReportsCsv(store, {}, async (chunk) => {
      text += chunk;
    });
    return text;
  }
  const event = (usageplacecode: string, time: string): UsageplaceEvent => ({ id: randomUUID(), status: 'disconnected', usageplacecode, time });

  test('a row without its time, and a file of two encodings, are refused with the codes the command line gives', async () => {
    const { store } = newStore();
    const timeless = utf8('status;usageplacecode;time\nconnected;T-1;4.1.2024 10.41\ndisconnected;T-2;\n');
    const check = await windowOf(store).check('x.csv', timeless);
    assert.equal(check.ok, false);
    assert.deepEqual(check.problems, [{ code: 'time_missing', line: 3, field: 'time' }]);
    const mixed = Uint8Array.from([
      ...utf8('status;usageplacecode;time;description\r\nnotdisconnected;T-1;4.1.2024 10.41;Mittari käytävässä\r\n'),
      ...cp1252('notdisconnected;T-2;4.1.2024 10.42;Ovi lukossa, avain hävinnyt\r\n'),
    ]);
    const twoEncodings = await windowOf(store).check('y.csv', mixed);
    assert.deepEqual(twoEncodings.problems, [{ code: 'mixed_encoding', line: 2, field: null, otherLine: 3 }]);
    for (const [bytes, seen] of [[timeless, check], [mixed, twoEncodings]] as const) assert.deepEqual(await cliSays(store, bytes), seen.problems);
    assert.equal(store.count(), 0);
  });

  test("an export: its rows in this outbox are counted, after Excel saved it too; a changed row or another environment's is refused", async () => {
    const { store } = newStore();
    store.enqueue([event('EX-1', '2024-01-04 10:41:00'), event('EX-2', '2024-01-04 10:42:00')].map((e) => ({ event: e, target })), NOW);
    const other = { baseUrl: 'https://ropo24.fi/rest', cid: '123456' };
    store.enqueue([{ event: event('EX-3', '2024-01-04 10:43:00'), target: other }], NOW);
    const text = await exportOf(store);
    const ours = text.split('\r\n').filter((line) => !line.includes('EX-3')).join('\r\n');

    for (const bytes of [utf8(ours), excelResaved(ours)]) {
      const check = await windowOf(store).check('export.csv', bytes);
      assert.deepEqual([check.ok, check.rowCount, check.alreadyInOutbox, check.toQueue], [true, 2, 2, 0]);
    }
    const changed = await windowOf(store).check('changed.csv', utf8(ours.replace('EX-2', 'EX-20')));
    assert.deepEqual(changed.problems.map((p) => [p.line, p.code, p.code === 'changed_since_export' && p.fields]), [[3, 'changed_since_export', ['usageplacecode']]]);
    const elsewhere = await windowOf(store).check('other.csv', utf8(text));
    assert.deepEqual(elsewhere.problems.map((p) => [p.code, p.code === 'exported_other_target' && p.environment]), [['exported_other_target', other.baseUrl]]);
    for (const [bytes, seen] of [[utf8(ours.replace('EX-2', 'EX-20')), changed], [utf8(text), elsewhere]] as const) {
      assert.deepEqual(await cliSays(store, bytes), seen.problems);
    }
    assert.equal(store.count(), 3);
  });

  test('an export imported after the outbox was lost: what it lists as settled is left out and counted by state; the rest is queued under its ids', async () => {
    const { store } = newStore();
    const made = store.enqueue(['LO-1', 'LO-2', 'LO-3', 'LO-4'].map((code, i) => ({ event: event(code, `2024-01-04 10:4${i}:00`), target })), NOW);
    const [sent, discarded, failed, queued] = made.map((e) => e.id) as [string, string, string, string];
    settleReport(store, sent, NOW, { kind: 'sent', httpStatus: 200 });
    store.discard(discarded, NOW, 'cli');
    settleReport(store, failed, NOW, { kind: 'failed', error: { code: 'rejected', message: 'no', httpStatus: 400, problem: null } });
    const correction = store.supersede(failed, { event: event('LO-3', '2024-01-04 11:00:00'), target }, NOW);
    const file = utf8(await exportOf(store));

    const fresh = newStore().store;
    const imports = windowOf(fresh);
    const check = await imports.check('before-the-loss.csv', file);
    assert.deepEqual(
      [check.ok, check.rowCount, check.alreadyInOutbox, check.exportedSettled, check.toQueue],
      [true, 5, 0, { sent: 1, discarded: 1, superseded: 1 }, 2],
    );
    assert.deepEqual(check.firstRows.map((r) => [r.usageplacecode, r.leftOut]), [['LO-1', 'sent'], ['LO-2', 'discarded'], ['LO-3', 'superseded'], ['LO-4', null], ['LO-3', null]]);
    assert.deepEqual(imports.commit(check.checkId), { fileName: 'before-the-loss.csv', queued: 2, alreadyInOutbox: 0, exportedSettled: 3 });
    assert.deepEqual(fresh.list().map((e) => e.id).sort(), [queued, correction.id].sort());
    // The same file again: all of it is decided as before, now with two rows in the outbox.
    const again = await imports.check('before-the-loss.csv', file);
    assert.deepEqual([again.alreadyInOutbox, again.exportedSettled, again.toQueue], [2, { sent: 1, discarded: 1, superseded: 1 }, 0]);
    assert.deepEqual(again.firstRows.map((r) => r.leftOut), ['sent', 'discarded', 'superseded', 'in_outbox', 'in_outbox']);
    const cli = await cliSays(newStore().store, file);
    assert.ok(!Array.isArray(cli));
    assert.deepEqual([cli.queued.length, cli.skipped.filter((s) => s.reason === 'exported_state').length], [2, 3]);
  });

  test('a file the previous version imported is recognised by its hash: nothing of it read, nothing queued', async () => {
    const { db, store } = newStore();
    const text = '\uFEFFstatus;usageplacecode;time\r\ndisconnected;OLD-1;\r\nconnected;OLD-2;2025-05-19 08:00:00\r\n';
    const at = NOW - 86_400_000;
    importAsTheOldVersionDid(db, target, 'maanantai.csv', text, [
      { status: 'disconnected', usageplacecode: 'OLD-1', time: '2025-05-18 09:00:00' },
      { status: 'connected', usageplacecode: 'OLD-2', time: '2025-05-19 08:00:00' },
    ], at);
    const imports = windowOf(store);
    const check = await imports.check('tiistai.csv', utf8(text));
    assert.deepEqual(
      [check.ok, check.importedBefore, check.toQueue, check.problems, check.firstRows],
      [true, { fileName: 'maanantai.csv', importedAt: at, reports: 2 }, 0, [], []],
    );
    assert.deepEqual(imports.commit(check.checkId), { fileName: 'tiistai.csv', queued: 0, alreadyInOutbox: 2, exportedSettled: 0 });
    assert.equal(store.count(), 2);
  });
});

describe('over IPC', () => {
  let h: IpcHarness;
  let chosen: string | null = null;
  before(async () => {
    h = await ipcHarness({ chooseImportFile: async () => chosen });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
  });
  after(async () => {
    await h.close();
  });

  test('a dropped file\'s bytes are checked, then queued and delivered', async () => {
    const check = await h.ok('import:check', { fileName: 'C:\\Users\\clerk\\lista.csv', base64: Buffer.from(THREE).toString('base64') });
    assert.equal(check.fileName, 'lista.csv', 'a name, never a path');
    assert.equal(check.rowCount, 3);
    assert.deepEqual(await h.ok('import:commit', { checkId: check.checkId }), { fileName: 'lista.csv', queued: 3, alreadyInOutbox: 0, exportedSettled: 0 });
    await until(() => h.sim.record().accepted.length === 3, 'the three reports delivered');
  });

  test('Import CSV: main reads the file its own dialog chose; cancelling is no error', async () => {
    assert.deepEqual(await h.ok('import:choose', undefined), { kind: 'cancelled' });
    const tmp = tempDir();
    try {
      chosen = join(tmp.dir, 'päivä.csv');
      writeFileSync(chosen, THREE);
      const answer = await h.ok('import:choose', undefined);
      assert.equal(answer.kind, 'checked');
      assert.equal(answer.kind === 'checked' && answer.check.fileName, 'päivä.csv');
      assert.equal(answer.kind === 'checked' && answer.check.alreadyInOutbox, 3);
    } finally {
      chosen = null;
      tmp.remove();
    }
  });

  test('what crosses is bounded: more than 10 MB of base64 is refused by the schema', async () => {
    const tooBig = await h.call('import:check', { fileName: 'x.csv', base64: 'A'.repeat(MAX_IMPORT_BASE64 + 4) });
    assert.equal(!tooBig.ok && tooBig.error.code, 'validation_failed');
    const unknown = await h.call('import:commit', { checkId: 'no-such-check' });
    assert.equal(!unknown.ok && unknown.error.code, 'not_found');
  });
});
