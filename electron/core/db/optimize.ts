import type { Database } from './database.ts';

/** How long the optimize waits for another process's write (the usual wait is 5 s: see openDatabase). */
const BUSY_WAIT_MS = 250;

/**
 * Lets SQLite refresh the query planner's statistics where they are missing or stale, the
 * way SQLite recommends instead of running ANALYZE: `PRAGMA optimize` before a connection
 * closes, and after a change that adds many rows at once (a large import). SQLite itself
 * picks the tables (those whose indexes this connection's queries used, and only when they
 * were never analyzed or have grown a lot since) and bounds the work (since 3.46 it sets a
 * temporary analysis_limit), so it is quick and usually does nothing at all.
 *
 * The statistics are only an aid: when another process is writing (the app and the CLI
 * share the file) or the disk is full, the work is skipped, never an error, and closing
 * the app never waits for it more than a moment.
 */
export function optimizeDatabase(db: Database): boolean {
  if (!db.isOpen || db.isTransaction) return false;
  const { timeout } = db.prepare('PRAGMA busy_timeout').get() as { timeout: number };
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_WAIT_MS}`);
    db.exec('PRAGMA optimize');
    return true;
  } catch {
    return false;
  } finally {
    db.exec(`PRAGMA busy_timeout = ${timeout}`);
  }
}
