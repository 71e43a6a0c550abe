import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locale } from '../../shared/i18n/locale.ts';
import { chooseSavePath, type SaveDialogHost, type SaveOptions } from '../../electron/platform/save-dialog.ts';

// The one save dialog (electron/platform/save-dialog.ts) for the CSV export, the PDFs and the
// diagnostics zip, with Electron's dialog and app.getPath played by a stand-in.

function host(answer: { canceled: boolean; filePath?: string }, locale: Locale = 'en') {
  const asked: SaveOptions[] = [];
  const h: SaveDialogHost = {
    show: async (options) => {
      asked.push(options);
      return answer;
    },
    folder: (name) => join('/home/clerk', name === 'documents' ? 'Documents' : 'Downloads'),
    locale: () => locale,
  };
  return { h, asked };
}

test('an export and a PDF start in Documents under their suggested names, filtered by their format, with the OS\'s own title', async () => {
  const csv = host({ canceled: false, filePath: '/home/clerk/Documents/outbox.csv' });
  assert.equal(await chooseSavePath(csv.h, 'csv', 'outbox.csv'), '/home/clerk/Documents/outbox.csv');
  assert.deepEqual(csv.asked, [{
    defaultPath: join('/home/clerk/Documents', 'outbox.csv'),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }]);
  const pdf = host({ canceled: false, filePath: '/tmp/kuitti.pdf' });
  assert.equal(await chooseSavePath(pdf.h, 'pdf', 'kuitti.pdf'), '/tmp/kuitti.pdf');
  assert.equal(pdf.asked[0]!.defaultPath, join('/home/clerk/Documents', 'kuitti.pdf'));
  assert.deepEqual(pdf.asked[0]!.filters, [{ name: 'PDF', extensions: ['pdf'] }]);
  assert.equal(pdf.asked[0]!.title, undefined);
});

test('diagnostics start in Downloads, with a title and a file type in the clerk\'s language', async () => {
  const fi = host({ canceled: false, filePath: '/home/clerk/Downloads/diag.zip' }, 'fi');
  assert.equal(await chooseSavePath(fi.h, 'diagnostics', 'diag.zip'), '/home/clerk/Downloads/diag.zip');
  const options = fi.asked[0]!;
  assert.equal(options.defaultPath, join('/home/clerk/Downloads', 'diag.zip'));
  assert.deepEqual(options.filters[0]!.extensions, ['zip']);
  const en = host({ canceled: true }, 'en');
  await chooseSavePath(en.h, 'diagnostics', 'diag.zip');
  assert.ok(options.title && options.title !== en.asked[0]!.title, 'the title follows the language');
  assert.notEqual(options.filters[0]!.name, en.asked[0]!.filters[0]!.name);
});

test('cancelled, or closed without a path: null, and nothing is written by the dialog', async () => {
  assert.equal(await chooseSavePath(host({ canceled: true }).h, 'csv', 'a.csv'), null);
  assert.equal(await chooseSavePath(host({ canceled: false }).h, 'pdf', 'a.pdf'), null);
  assert.equal(await chooseSavePath(host({ canceled: false, filePath: '' }).h, 'diagnostics', 'a.zip'), null);
});
