import { app, dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { mainTexts } from './main-texts.ts';

/** "Save diagnostics": the OS save dialog, in Downloads by default; the file's name, or null when cancelled. */
export async function saveWithDialog(win: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  const options = {
    title: mainTexts.diagnostics.saveTitle,
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: [{ name: mainTexts.diagnostics.filterName, extensions: ['zip'] }],
  };
  const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return null;
  await writeFile(filePath, bytes);
  return basename(filePath);
}
