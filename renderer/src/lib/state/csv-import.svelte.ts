// The window's CSV import: a file chosen through the main process's open dialog (Import CSV)
// or dropped on the window is checked first, row by row, and shown; "Queue N reports" then
// queues every row or none. The main process keeps the checked rows; the window holds what
// it shows and how far a long check has got.
import type { AppErrorData } from '../../../../shared/errors.ts';
import { MAX_IMPORT_BYTES } from '../../../../shared/csv-import-limits.ts';
import * as api from '../api.ts';
import type { ImportCheck, ImportDone, ImportProgress } from '../api.ts';

export type ImportStage =
  | { kind: 'closed' }
  /** Reading and checking the file (progress follows). */
  | { kind: 'checking'; fileName: string | null }
  | { kind: 'checked'; check: ImportCheck }
  | { kind: 'queueing'; check: ImportCheck }
  | { kind: 'done'; check: ImportCheck; done: ImportDone }
  | { kind: 'failed'; error: AppErrorData; check: ImportCheck | null };

/** Bytes → base64 in slices (a spread of 10 MB at once would overflow the call stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export class CsvImport {
  #stage = $state<ImportStage>({ kind: 'closed' });
  #progress = $state<ImportProgress | null>(null);
  /** The open dialog is showing (Import CSV was pressed, no answer yet). */
  #choosing = $state(false);

  get stage(): ImportStage {
    return this.#stage;
  }

  get progress(): ImportProgress | null {
    return this.#progress;
  }

  get choosing(): boolean {
    return this.#choosing;
  }

  get open(): boolean {
    return this.#stage.kind !== 'closed';
  }

  start(): () => void {
    return api.onImportProgress((p) => {
      this.#progress = p;
      // A large file chosen in the open dialog: the window opens with the progress.
      if (this.#choosing && this.#stage.kind === 'closed') this.#stage = { kind: 'checking', fileName: null };
    });
  }

  /** Import CSV: the main process asks which file, reads it and checks it. */
  async choose(): Promise<void> {
    if (this.#choosing || this.open) return;
    this.#choosing = true;
    this.#progress = null;
    const result = await api.chooseImportFile();
    this.#choosing = false;
    if (!result.ok) this.#stage = { kind: 'failed', error: result.error, check: null };
    else if (result.value.kind === 'checked') this.#checked(result.value.check);
    else this.#stage = { kind: 'closed' };
  }

  /** A file dropped on the window: its bytes go to the main process to be checked. */
  async checkFile(file: File): Promise<void> {
    if (this.#stage.kind === 'checking' || this.#stage.kind === 'queueing') return;
    this.#progress = null;
    this.#stage = { kind: 'checking', fileName: file.name };
    if (file.size > MAX_IMPORT_BYTES) {
      this.#stage = { kind: 'failed', error: { code: 'file_too_large', message: `${file.name}: ${file.size} bytes.` }, check: null };
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (err) {
      this.#stage = { kind: 'failed', error: { code: 'file_unreadable', message: String(err) }, check: null };
      return;
    }
    const result = await api.checkImportBytes(file.name, toBase64(bytes));
    if (result.ok) this.#checked(result.value);
    else this.#stage = { kind: 'failed', error: result.error, check: null };
  }

  /** "Queue N reports": all the checked rows, or none. */
  async commit(): Promise<void> {
    const stage = this.#stage;
    if (stage.kind !== 'checked' || !stage.check.ok) return;
    this.#progress = null;
    this.#stage = { kind: 'queueing', check: stage.check };
    const result = await api.commitImport(stage.check.checkId);
    if (!result.ok) {
      this.#stage = { kind: 'failed', error: result.error, check: stage.check };
      return;
    }
    this.#stage = { kind: 'done', check: stage.check, done: result.value };
  }

  /** Not while the main process is checking or queueing: its answer would open the dialog again. */
  close(): void {
    if (this.#stage.kind === 'checking' || this.#stage.kind === 'queueing') return;
    this.#stage = { kind: 'closed' };
    this.#progress = null;
  }

  #checked(check: ImportCheck): void {
    this.#stage = { kind: 'checked', check };
  }
}

export const csvImport = new CsvImport();
