import type { BrowserWindow } from 'electron';

/**
 * The window's page as Chromium prints it: its print stylesheet (no header, navigation or
 * status bar) on A4 portrait, with the page's own @page margins. The page shows the receipt
 * or the day sheet when the clerk asks for the PDF.
 */
export async function printWindowToPdf(window: BrowserWindow | null): Promise<Uint8Array> {
  if (!window || window.isDestroyed()) throw new Error('The window is gone.');
  return window.webContents.printToPDF({ pageSize: 'A4', landscape: false, printBackground: true, preferCSSPageSize: true });
}
