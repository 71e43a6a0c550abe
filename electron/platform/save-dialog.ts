import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';

/**
 * The OS save dialog for an export, in the Documents folder under the suggested name; the
 * path chosen, or null when cancelled. No title of our own: the OS names it in the
 * clerk's language ("Tallenna nimellä", "Spara som", …).
 */
export async function chooseCsvSavePath(window: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
