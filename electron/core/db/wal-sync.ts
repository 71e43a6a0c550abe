import { open, type FileHandle } from 'node:fs/promises';

/**
 * Makes commits durable without stopping the JavaScript thread for the disk.
 *
 * node:sqlite runs on the one JS thread, so a `synchronous=FULL` commit holds everything
 * (the HTTP answers waiting to be read included) for the whole disk flush. A transaction
 * committed with `synchronous=NORMAL` is in the WAL file but only in the OS's cache; an
 * fdatasync of that file afterwards puts it (and everything written to the WAL before it)
 * on disk, exactly what FULL would have done at commit. This class runs that flush on
 * libuv's thread pool, and lets every commit that happened while one flush was running
 * share the next one (group commit without waiting on the main thread).
 *
 * Only the WAL file needs the flush: in WAL mode a commit writes nothing else, and SQLite
 * syncs the WAL itself before a checkpoint copies it into the database file.
 */
/**
 * A flush waits this long for more commits to join it. Nothing waits for a flush but the
 * news of an outcome (lanes move on at commit), so a few milliseconds cost nothing, and they
 * turn thousands of flushes a second during a drain into a few hundred.
 */
const GATHER_MS = 4;

export class WalSync {
  readonly #walFile: string;
  #handle: Promise<FileHandle> | null = null;
  /** The flush on disk now, and the one planned after it (shared by every commit meanwhile). */
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #closed = false;

  readonly #gatherMs: number;

  constructor(databaseFile: string, options: { gatherMs?: number } = {}) {
    this.#walFile = `${databaseFile}-wal`;
    this.#gatherMs = options.gatherMs ?? GATHER_MS;
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The outbox database is closed.'));
    // A flush already running may have started before the caller's commit: it needs the next one.
    if (this.#next) return this.#next;
    if (!this.#running) return this.#begin();
    const after = (): Promise<void> => {
      this.#next = null;
      return this.#begin();
    };
    this.#next = this.#running.then(after, after);
    return this.#next;
  }

  #begin(): Promise<void> {
    const flush: Promise<void> = this.#flush().finally(() => {
      if (this.#running === flush) this.#running = null;
    });
    this.#running = flush;
    return flush;
  }

  async #flush(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.#gatherMs));
    // 'r+': Windows flushes a file (FlushFileBuffers) only through a handle that may write.
    this.#handle ??= open(this.#walFile, 'r+');
    let handle: FileHandle;
    try {
      handle = await this.#handle;
    } catch (err) {
      this.#handle = null;
      throw err;
    }
    await handle.datasync();
  }

  /** Waits for the flushes under way, then lets go of the file (before the database closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([this.#running, this.#next]);
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await (await handle.catch(() => null))?.close();
  }
}
