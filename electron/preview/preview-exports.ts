import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

// The preview's stand-in for the app's save dialog: an export is written (by the same
// handler and writer as in the app) into a folder of the preview's data directory, and the
// page's bridge then downloads it from GET /__preview/exports/<name>. Only files this
// preview wrote are served, by their bare name.

export const EXPORTS_ROUTE = '/__preview/exports/';

export class PreviewExports {
  readonly #dir: string;
  readonly #written = new Set<string>();
  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'exports');
  }

  /** A new file for each export, named as the app's dialog would suggest (plus -2, -3, … when taken). */
  readonly choose = async (suggestedName: string): Promise<string> => {
    mkdirSync(this.#dir, { recursive: true });
    const stem = basename(suggestedName, extname(suggestedName));
    let name = basename(suggestedName);
    for (let n = 2; existsSync(join(this.#dir, name)) || this.#written.has(name); n++) name = `${stem}-${n}${extname(suggestedName)}`;
    this.#written.add(name);
    return join(this.#dir, name);
  };

  /** Answers GET /__preview/exports/<name> with the file as a download; 404 for any other name. */
  serve(pathname: string, res: ServerResponse): void {
    const name = decodeURIComponent(pathname.slice(EXPORTS_ROUTE.length));
    if (!this.#written.has(name) || !existsSync(join(this.#dir, name))) {
      res.writeHead(404).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
    createReadStream(join(this.#dir, name)).pipe(res);
  }
}
