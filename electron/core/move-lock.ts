import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

// One mover at a time. Two starts at once (the app from the Start menu and at login, or the
// app and a CLI script) would otherwise both try the one-time move of the outbox, and the
// loser could be told to stay in the old folder just before the winner deletes it.
//
// The lock is an OS file lock, taken through SQLite on an empty file in the new data folder
// (`BEGIN EXCLUSIVE`: fcntl on Linux and macOS, LockFileEx on Windows). The OS drops it when
// its process ends in any way, SIGKILL and power-off included, so there is never a stale
// lock to recognise or break: a lock file with a pid in it could outlive its process, and
// telling a dead holder from a reused pid, then breaking the lock without a race between
// two breakers, needs a lock of this kind anyway. The file stays (deleting it while another
// process waits on it would let a third lock a new file beside it).

export const MOVE_LOCK_FILE = 'move.lock';

/**
 * Runs `work` while holding the move lock of `dataDir`, waiting up to `waitMs` for it.
 * Returns `{ ran: false }` when another process held it all that time.
 */
export function withMoveLock<T>(dataDir: string, waitMs: number, work: () => T): { ran: true; value: T } | { ran: false } {
  mkdirSync(dataDir, { recursive: true });
  const lock = new DatabaseSync(join(dataDir, MOVE_LOCK_FILE), { timeout: Math.max(0, waitMs) });
  try {
    try {
      lock.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      if (/locked|busy/i.test((err as Error).message)) return { ran: false };
      throw err;
    }
    try {
      return { ran: true, value: work() };
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
