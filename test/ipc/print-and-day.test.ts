import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeFileName } from '../../electron/core/pdf-file.ts';
import { localDayBounds } from '../../shared/print-documents.ts';
import { formatLocalTime } from '../../shared/local-time.ts';
import { FAST_BACKOFF, tempDir, until } from '../helpers/harness.ts';
import { ipcHarness, type IpcHarness } from './ipc-harness.ts';

// Receipts and the day sheet (issue 11) from the main process's side: the day's reports, and
// Save as PDF, where the shell gives the save dialog and Chromium's printToPDF and the rest
// (the suggested name in the clerk's language, writing the file whole) runs here.

const PDF = new TextEncoder().encode('%PDF-1.4\n% a page\n%%EOF\n');

describe('Save as PDF and the day sheet', () => {
  let h: IpcHarness;
  const out = tempDir();
  const asked: string[] = [];
  let answer: string | null = null;
  let rendered = 0;
  before(async () => {
    h = await ipcHarness({
      systemLanguages: () => ['fi-FI'],
      pdf: {
        choosePath: async (name) => {
          asked.push(name);
          return answer;
        },
        render: async () => {
          rendered += 1;
          return PDF;
        },
      },
    });
    h.core.startDelivery({ backoff: FAST_BACKOFF });
  });
  after(async () => {
    await h.close();
    out.remove();
  });

  test('a receipt: the save dialog suggests a name in the clerk\'s language, and the PDF is written whole', async () => {
    const { entry } = await h.ok('reports:create', { idempotencyKey: randomUUID(), draft: { status: 'disconnected', usageplacecode: '643007572062443672' } });
    const day = formatLocalTime(new Date(entry.createdAt)).slice(0, 10);
    answer = null;
    assert.deepEqual(await h.ok('print:savePdf', { document: { kind: 'receipt', id: entry.id } }), { kind: 'cancelled' });
    assert.equal(asked.at(-1), `kuitti 643007572062443672 ${day}.pdf`, 'Finnish, as the computer is');
    assert.equal(rendered, 0, 'nothing printed when the clerk cancelled');
    answer = join(out.dir, 'kuitti.pdf');
    assert.deepEqual(await h.ok('print:savePdf', { document: { kind: 'receipt', id: entry.id } }), { kind: 'saved', fileName: 'kuitti.pdf' });
    assert.deepEqual(readFileSync(answer), Buffer.from(PDF));
    assert.deepEqual(readdirSync(out.dir), ['kuitti.pdf'], 'no .part left behind');
    await h.ok('language:set', { choice: 'sv' });
    await h.ok('print:savePdf', { document: { kind: 'daySheet', day: '2024-01-04' } });
    assert.equal(asked.at(-1), 'dagsöversikt 2024-01-04.pdf');
    await h.ok('language:set', { choice: 'system' });
  });

  test('a folder that cannot be written: file_unwritable, and no file', async () => {
    answer = join(out.dir, 'no-such-folder', 'x.pdf');
    const result = await h.call('print:savePdf', { document: { kind: 'daySheet', day: '2024-01-04' } });
    assert.equal(!result.ok && result.error.code, 'file_unwritable');
    assert.equal(existsSync(answer), false);
  });

  test('a receipt of no report: not_found; a day that does not exist is refused', async () => {
    const missing = await h.call('print:savePdf', { document: { kind: 'receipt', id: 'nope' } });
    assert.equal(!missing.ok && missing.error.code, 'not_found');
    const badDay = await h.call('reports:day', { day: '2023-02-29' });
    assert.equal(!badDay.ok && badDay.error.code, 'validation_failed');
  });

  test('the day sheet: the reports queued that day (this computer\'s day), oldest first, with state and event id', async () => {
    const { entry } = await h.ok('reports:create', { idempotencyKey: randomUUID(), draft: { status: 'connected', usageplacecode: '643007572062443673', customernumber: 'A2' } });
    await until(() => h.core.store.get(entry.id)?.state === 'sent', 'delivered');
    const today = formatLocalTime(new Date(entry.createdAt)).slice(0, 10);
    const sheet = await h.ok('reports:day', { day: today });
    assert.equal(sheet.total, 2);
    assert.deepEqual(sheet.reports.map((r) => r.usageplacecode), ['643007572062443672', '643007572062443673']);
    const last = sheet.reports[1]!;
    assert.equal(last.id, entry.id);
    assert.equal(last.state, 'sent');
    assert.equal(last.customernumber, 'A2');
    assert.ok(last.sentAt !== null && last.sentAt >= last.createdAt);
    assert.equal((await h.ok('reports:day', { day: '2020-02-29' })).total, 0);
  });

  test('a day runs midnight to midnight here, 23 or 25 hours when the clocks change', () => {
    const { from, to } = localDayBounds('2024-01-04');
    assert.equal(new Date(from).getHours(), 0);
    assert.equal(new Date(to).getDate(), 5);
    assert.ok([23, 24, 25].includes((to - from) / 3_600_000));
  });
});

test('suggested file names keep to what every file system takes', () => {
  assert.equal(safeFileName('kuitti 643007572062443672 2024-01-04', 'pdf'), 'kuitti 643007572062443672 2024-01-04.pdf');
  assert.equal(safeFileName('receipt A/B:C*? "x" <y>|z 2024-01-04', 'pdf'), 'receipt A-B-C- -x- -y-z 2024-01-04.pdf');
  assert.equal(safeFileName('receipt ..', 'pdf'), 'receipt.pdf');
  assert.equal(safeFileName('', 'pdf'), 'document.pdf');
  assert.equal(safeFileName('x'.repeat(300), 'pdf').length, 124);
});
