import { Worker } from 'node:worker_threads';
import type { Database } from './database.ts';

/** How soon to look again while the WAL keeps growing, and while it does not. */
const BUSY_MS = 200;
const IDLE_MS = 1000;

/** SQLite's own default: the WAL is checkpointed by a commit once it passes this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * While the thread runs, the committing connection still checkpoints past this many pages
 * (16 MB). The thread's PASSIVE checkpoints always end a little behind a busy writer, and the
 * WAL only starts over from its beginning after a checkpoint that caught up: without this
 * backstop it grew by ~100 MB in 8 s of small commits (measured). With the thread having
 * copied nearly everything already, this checkpoint is short.
 */
const BACKSTOP_AUTOCHECKPOINT = 4000;

// The thread's whole program. Plain CommonJS in a string (eval), so the bundled Electron main
// needs no second entry file. It opens its own connection to the same database file and runs
// PASSIVE checkpoints, which never block the writer.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { timeout: 1000 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let previousLog = -1;
let timer = null;
const step = () => {
  let next = workerData.idleMs;
  try {
    const r = checkpoint.get();
    if (r.log !== previousLog || r.checkpointed < r.log) next = workerData.busyMs;
    previousLog = r.log;
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
  timer = setTimeout(step, next);
};
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
step();
`;

/**
 * Copies the WAL into the database file on a thread of its own.
 *
 * By default SQLite checkpoints inside whichever commit pushes the WAL past 1,000 pages: the
 * delivery loop's commits on the JS thread, where copying the pages and the two disk flushes
 * it needs stopped everything about every 150 reports (most of a drain's database time). With
 * this running, the thread copies the WAL as it grows and the main connection only checkpoints
 * as a backstop (BACKSTOP_AUTOCHECKPOINT). If the thread cannot run, the main connection
 * checkpoints as before.
 */
export class Checkpointer {
  readonly #db: Database;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #stopped: Promise<void> | null = null;

  constructor(db: Database, file: string, onError: (message: string) => void) {
    this.#db = db;
    this.#worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, busyMs: BUSY_MS, idleMs: IDLE_MS } });
    this.#worker.on('message', (m: { error?: string }) => {
      if (m.error) onError(`Checkpoint failed: ${m.error}`);
    });
    this.#worker.on('error', (err) => {
      this.#mainCheckpoints();
      onError(`The checkpoint thread stopped: ${err.message}`);
    });
    this.#exited = new Promise((resolve) =>
      this.#worker.once('exit', (code) => {
        if (!this.#stopped) {
          this.#mainCheckpoints();
          onError(`The checkpoint thread stopped (exit code ${code}).`);
        }
        resolve();
      }),
    );
    // A checkpoint thread must never keep the process alive on its own.
    this.#worker.unref();
    this.#db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
  }

  /** Stops the thread; the main connection checkpoints by itself again. */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#mainCheckpoints();
      // Keep the process alive until the thread has closed its connection.
      this.#worker.ref();
      this.#worker.postMessage('stop');
      this.#stopped = this.#exited;
    }
    return this.#stopped;
  }

  #mainCheckpoints(): void {
    if (this.#db.isOpen) this.#db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}
