import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';

/** The OS save dialog for a PDF, in the Documents folder under the suggested name; null when cancelled. */
export async function choosePdfSavePath(window: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/**
 * The window's page as Chromium prints it: its print stylesheet (no header, navigation or
 * status bar) on A4 portrait, with the page's own @page margins. The page shows the receipt
 * or the day sheet when the clerk asks for the PDF.
 */
export async function printWindowToPdf(window: BrowserWindow | null): Promise<Uint8Array> {
  if (!window || window.isDestroyed()) throw new Error('The window is gone.');
  return window.webContents.printToPDF({ pageSize: 'A4', landscape: false, printBackground: true, preferCSSPageSize: true });
}
