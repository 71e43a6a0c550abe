import { rename, rm, writeFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors.ts';

// A PDF the window saved (a receipt, a day sheet): its suggested name, and writing it.

/** Characters Windows, macOS or a USB stick's FAT do not allow in a file name. */
const NOT_IN_NAMES = /[<>:"/\\|?*\u0000-\u001F\u007F]+/g;

/**
 * A file name from words of the clerk's language and values from a report (a usage place
 * code is free text): what no file system takes is replaced, and the name kept short.
 */
export function safeFileName(stem: string, extension: string): string {
  const clean = stem.normalize('NFC').replace(NOT_IN_NAMES, '-').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '').slice(0, 120);
  return `${clean || 'document'}.${extension}`;
}

/** Writes to `path.part` and renames, so a failed save never leaves a file that looks whole. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.part`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw new AppError('file_unwritable', `Cannot write ${path}: ${(err as Error).message}`);
  }
}
