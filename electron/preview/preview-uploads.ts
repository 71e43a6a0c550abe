import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { MAX_IMPORT_BYTES } from '../../shared/csv-import-check.ts';

// The preview's stand-in for the app's open dialog: the page's bridge shows a file input, and
// sends the chosen file here (POST /__preview/uploads); the next `import:choose` then reads
// that file, as the app's main process reads the file its dialog returned. Files go into the
// preview's data folder, each under a name of its own folder; at most the import's limit is
// accepted.
//
// The upload is a request that changes something, so it passes the preview's loopback guard
// like every other one (application/json and this run's token): its body is JSON,
// {"fileName": "…", "base64": "…"}, the file's first UPLOAD_MAX_BYTES bytes.

export const UPLOADS_ROUTE = '/__preview/uploads';
/** One byte over the import's limit is enough for the import to refuse the file as too large. */
export const UPLOAD_MAX_BYTES = MAX_IMPORT_BYTES + 1;

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

  /** `body` is the request's JSON, already read (and bounded) by the server. */
  receive(body: string, res: ServerResponse): void {
    let upload: { fileName?: unknown; base64?: unknown };
    try {
      upload = JSON.parse(body) as typeof upload;
    } catch {
      upload = {};
    }
    if (typeof upload.fileName !== 'string' || typeof upload.base64 !== 'string') {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('The body must be JSON: {"fileName": …, "base64": …}.');
      return;
    }
    const bytes = Buffer.from(upload.base64, 'base64').subarray(0, UPLOAD_MAX_BYTES);
    const name = basename(upload.fileName.split(/[\\/]/).pop() ?? '') || 'upload.csv';
    // A folder per upload, so the file keeps its own name (the import shows it).
    const folder = join(this.#dir, String(++this.#count));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, name);
    writeFileSync(path, bytes);
    this.#chosen = path;
    res.writeHead(204).end();
  }
}
