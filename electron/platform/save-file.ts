import { app, dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Locale } from '../../shared/i18n/locale.ts';
import { diagnosticsDialogTexts } from '../ipc/main-texts.ts';

/** "Save diagnostics": the OS save dialog, in Downloads by default; the file's name, or null when cancelled. */
export async function saveWithDialog(win: BrowserWindow | null, suggestedName: string, bytes: Uint8Array, locale: Locale): Promise<string | null> {
  const texts = diagnosticsDialogTexts(locale);
  const options = {
    title: texts.title,
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: [{ name: texts.filterName, extensions: ['zip'] }],
  };
  const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return null;
  await writeFile(filePath, bytes);
  return basename(filePath);
}
