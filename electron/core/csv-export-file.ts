import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { AppError } from '../../shared/errors.ts';
import type { ExportQuery } from '../../shared/export-query.ts';
import { writeReportsCsv, type ExportOptions, type ExportSink } from './csv-export.ts';
import type { OutboxStore } from './outbox-store.ts';

// Where the export writer's text goes: a file the clerk chose, or a stream (standard
// output, an HTTP answer).

/**
 * Writes the export to `path`. It goes to `path.part` first and takes the chosen name only
 * when complete, so a failed export never leaves a file that looks whole (or half of an
 * older one that was being replaced).
 */
export async function exportReportsToFile(store: OutboxStore, query: ExportQuery, path: string, options: ExportOptions = {}): Promise<{ count: number }> {
  const partial = `${path}.part`;
  try {
    const file = await open(partial, 'w');
    let result: { count: number };
    try {
      result = await writeReportsCsv(store, query, async (chunk) => {
        await file.write(chunk);
      }, options);
    } finally {
      await file.close();
    }
    await rename(partial, path);
    return result;
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined);
    if (err instanceof AppError || !(err instanceof Error) || !('syscall' in err)) throw err;
    // EACCES, ENOSPC, and EBUSY/EPERM on Windows when Excel has the file open.
    throw new AppError('file_unwritable', `Cannot write ${path}: ${err.message}`);
  }
}

/** A sink into a Node stream that waits while the stream's buffer is full. */
export function streamSink(stream: NodeJS.WritableStream): ExportSink {
  return async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}
