import { app, dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

/**
 * The OS open dialog for a CSV file to import, from the Documents folder: the path chosen, or
 * null when cancelled. The main process reads the file itself; the page never names a path
 * (it is untrusted, and a path it named could be any file of the clerk's). No title of our
 * own: the OS names the dialog in the clerk's language.
 */
export async function chooseCsvOpenPath(window: BrowserWindow | null): Promise<string | null> {
  const options: OpenDialogOptions = {
    defaultPath: app.getPath('documents'),
    filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }],
    properties: ['openFile'],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
