import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_IMPORT_BYTES } from '../../shared/csv-import-check.ts';

// The preview's stand-in for the app's open dialog: the page's bridge shows a file input, and
// sends the chosen file here (POST /__preview/uploads, the bytes as they are, its name in
// x-file-name); the next `import:choose` then reads that file, as the app's main process reads
// the file its dialog returned. Files go into the preview's data folder, each under a name of
// its own folder; at most the import's limit is accepted.

export const UPLOADS_ROUTE = '/__preview/uploads';

export class PreviewUploads {
  readonly #dir: string;
  #count = 0;
  #chosen: string | null = null;
  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'uploads');
  }

  /** The file uploaded last, once: what the dialog "returned". Null when nothing was uploaded. */
  readonly choose = async (): Promise<string | null> => {
    const path = this.#chosen;
    this.#chosen = null;
    return path;
  };

  async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      // One byte over the limit is enough for the import to refuse the file as too large.
      if (size > MAX_IMPORT_BYTES + 1) break;
      chunks.push(chunk);
    }
    const name = basename(decodeURIComponent(String(req.headers['x-file-name'] ?? 'upload.csv'))) || 'upload.csv';
    // A folder per upload, so the file keeps its own name (the import shows it).
    const folder = join(this.#dir, String(++this.#count));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, name);
    writeFileSync(path, Buffer.concat(chunks));
    this.#chosen = path;
    res.writeHead(204).end();
  }
}
