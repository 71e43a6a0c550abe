import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { WindowImports, readImportFile } from '../../electron/core/csv-import-check.ts';
import { AppError } from '../../shared/errors.ts';
import { MAX_IMPORT_BASE64, MAX_IMPORT_BYTES } from '../../shared/csv-import-check.ts';
import type { ImportProgress } from '../../shared/csv-import-check.ts';
import { cp1252 } from '../helpers/excel-bytes.ts';
import { FAST_BACKOFF, tempDir, until } from '../helpers/harness.ts';
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
