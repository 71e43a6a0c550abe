import { join } from 'node:path';
import type { Locale } from '../../shared/i18n/locale.ts';
import { diagnosticsDialogTexts } from '../ipc/main-texts.ts';

// The OS save dialog, for everything the app saves: a CSV export, a receipt or day sheet as
// PDF, the diagnostics zip. It asks where, and answers the path (or null when cancelled);
// writing the file is the caller's. No 'electron' import: main.ts passes Electron's
// dialog and app.getPath in (with the window as the dialog's parent), the tests pass fakes.

export type SaveKind = 'csv' | 'pdf' | 'diagnostics';

/** The part of Electron's SaveDialogOptions the app uses. */
export interface SaveOptions {
  /** Only where the OS has no better words: exports and PDFs get the OS's own ("Save as"). */
  title?: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface SaveDialogHost {
  /** dialog.showSaveDialog, with the main window as its parent when there is one. */
  show(options: SaveOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** app.getPath. */
  folder(name: 'documents' | 'downloads'): string;
  /** The clerk's language, for the diagnostics dialog's title and file type. */
  locale(): Locale;
}

/**
 * Where each kind starts and what it is called: exports and PDFs in Documents, named by
 * their format; diagnostics in Downloads (a file to send on, not to keep), with a title.
 */
export function saveOptions(kind: SaveKind, suggestedName: string, host: Pick<SaveDialogHost, 'folder' | 'locale'>): SaveOptions {
  const properties: SaveOptions['properties'] = ['createDirectory', 'showOverwriteConfirmation'];
  switch (kind) {
    case 'csv':
      return { defaultPath: join(host.folder('documents'), suggestedName), filters: [{ name: 'CSV', extensions: ['csv'] }], properties };
    case 'pdf':
      return { defaultPath: join(host.folder('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }], properties };
    case 'diagnostics': {
      const texts = diagnosticsDialogTexts(host.locale());
      return { title: texts.title, defaultPath: join(host.folder('downloads'), suggestedName), filters: [{ name: texts.filterName, extensions: ['zip'] }], properties };
    }
  }
}

/** Asks where to save; the chosen path, or null when the clerk cancelled. */
export async function chooseSavePath(host: SaveDialogHost, kind: SaveKind, suggestedName: string): Promise<string | null> {
  const { canceled, filePath } = await host.show(saveOptions(kind, suggestedName, host));
  return canceled || !filePath ? null : filePath;
}
