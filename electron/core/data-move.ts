import { DatabaseSync } from 'node:sqlite';
import {
  closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { databaseFile, logDir } from './data-paths.ts';
import { DeliveryLease } from './delivery-lease.ts';
import { withMoveLock } from './move-lock.ts';

// The one-time move of the outbox from the old (roaming) folder to the machine-local one.
//
// Which copy is the outbox is decided by two facts, each changed by one atomic step:
//   - a `moved_to` row in the OLD database (committed in one SQLite transaction), and
//   - the NEW database existing under its real name (one rename of a verified staging copy).
// The marker is committed before the new file gets its name, and a marked database is
// refused by every process (open-core.ts), so at no moment can both copies deliver:
//
//   no marker, no new file  → the old folder is the outbox; a staging file is debris
//   marker, no new file     → cut short after the commit: finish the rename (or, if the
//                             staging copy is damaged, take the marker back)
//   new file                → the new folder is the outbox; a marked old copy is removed
//
// The copy is taken while this process holds the delivery lease, with the WAL checkpointed
// into the main file and the database switched out of WAL mode (which SQLite allows only
// when no other connection has it open) under an exclusive lock this connection keeps
// (`locking_mode = EXCLUSIVE`) until the marker is committed: nothing can change it, or be
// reading it, from the copy to the marker. SQLite makes the copy itself (`VACUUM INTO`),
// through the connection that holds the lock: a raw byte copy would have to read the file
// through a second handle, which Windows refuses for files over 1 GiB (SQLite's lock byte
// sits there). node:sqlite's backup() would do too, but it is asynchronous, and the app
// resolves its data folder before Electron is ready, synchronously.
//
// Only one process moves at a time (move-lock.ts), and every step also holds when another
// process got there first: a rename that finds its staging copy gone, or a marker whose
// copy has already become the new outbox, means the move is done.

export type MoveStep =
  | 'old-opened' | 'lease' | 'single-file' | 'copying' | 'copied' | 'copy-ready' | 'marked' | 'marker-committed' | 'finishing'
  | 'renamed' | 'old-removed';

export interface MoveOptions {
  now?: () => number;
  /** How long to wait for a live deliverer of the old outbox (or a program that has it open) before using it as it is this time. */
  leaseWaitMs?: number;
  /** How long to wait while another process is in the middle of this move. */
  moveWaitMs?: number;
  /** Called after each step; the crash tests kill the process here, the race tests play the other mover. */
  onStep?: (step: MoveStep) => void;
}

export type MoveResult =
  | { kind: 'nothing' }
  | { kind: 'already-moved' }
  | { kind: 'moved'; reports: number; finished: boolean }
  | { kind: 'deferred'; reason: string };

export const MOVED_KEY = 'moved_to';
export const MovedTo = z.object({ dir: z.string(), at: z.number() });
const NOTE_FILE = 'MOVED.txt';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const isLocked = (err: unknown) => /locked|busy/i.test(err instanceof Error ? err.message : String(err));

const hasTable = (db: DatabaseSync, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** The marker a moved outbox keeps: it is no longer the outbox, `dir` is. */
export function readMovedTo(db: DatabaseSync): z.infer<typeof MovedTo> | null {
  if (!hasTable(db, 'meta')) return null;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(MOVED_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    return MovedTo.parse(JSON.parse(row.value));
  } catch {
    return null;
  }
}

/**
 * Moves the outbox in `from` to `to` once, if there is one to move; safe to call at every
 * start and from several processes at once (they take turns: move-lock.ts), and safe to
 * kill at any point. `notes` get one line per thing done, for the log.
 */
export function moveOutbox(from: string, to: string, notes: string[], options: MoveOptions = {}): MoveResult {
  // No old folder at all: nothing to move, no lock taken, no file made.
  if (!existsSync(from)) return existsSync(databaseFile(to)) ? { kind: 'already-moved' } : { kind: 'nothing' };
  const waitMs = options.moveWaitMs ?? 30_000;
  const locked = withMoveLock(to, waitMs, () => moveLocked(from, to, notes, options));
  if (locked.ran) return locked.value;
  return { kind: 'deferred', reason: `another start has been moving the outbox for ${Math.round(waitMs / 1000)} s` };
}

function moveLocked(from: string, to: string, notes: string[], options: MoveOptions): MoveResult {
  const step = options.onStep ?? (() => undefined);
  const oldFile = databaseFile(from);
  const newFile = databaseFile(to);
  const staging = `${newFile}.moving`;
  const deadline = Date.now() + (options.moveWaitMs ?? 30_000);
  const leaseDeadline = Date.now() + (options.leaseWaitMs ?? 3_000);

  for (;;) {
    if (existsSync(newFile)) {
      removeMarkedOld(from, to, notes);
      return { kind: 'already-moved' };
    }
    if (!existsSync(oldFile)) {
      removeStaging(staging);
      return { kind: 'nothing' };
    }
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(oldFile, { timeout: 2000 });
      readMovedTo(db); // a read: fails while a mover holds its EXCLUSIVE lock
    } catch (err) {
      if (isLocked(err) && Date.now() < deadline) {
        sleep(100);
        continue;
      }
      return { kind: 'deferred', reason: `the old outbox cannot be read (${(err as Error).message})` };
    }
    try {
      step('old-opened');
      const outcome = moveOpen(db, { from, to, oldFile, newFile, staging }, notes, options, step);
      if (outcome === 'wait' || outcome === 'open-elsewhere') {
        // Someone delivers from it, or has it open: look again (at the new file too) until the wait is up.
        if (Date.now() < leaseDeadline) {
          db.close();
          sleep(200);
          continue;
        }
        return {
          kind: 'deferred',
          reason: outcome === 'wait' ? 'another program is delivering from the old folder' : 'another program has the old outbox open',
        };
      }
      return outcome;
    } finally {
      if (db.isOpen) db.close();
    }
  }
}

interface Files { from: string; to: string; oldFile: string; newFile: string; staging: string }

function moveOpen(
  db: DatabaseSync, f: Files, notes: string[], options: MoveOptions, step: (s: MoveStep) => void,
): MoveResult | 'wait' | 'open-elsewhere' {
  const now = options.now ?? Date.now;
  if (!hasTable(db, 'reports') || !hasTable(db, 'lease')) {
    notes.push(`[data] ${f.oldFile} is not an outbox (no reports table); nothing to move`);
    return { kind: 'nothing' };
  }
  const marker = readMovedTo(db);
  if (marker) {
    // Cut short after the commit: the staging copy is the outbox, if it is whole.
    if (existsSync(f.staging) && stagingIsWhole(f.staging)) {
      step('finishing');
      const finished = commitStaging(f, step);
      db.close();
      removeMarkedOld(f.from, f.to, notes);
      if (!finished) return { kind: 'already-moved' };
      notes.push(`[data] finished moving the outbox from ${f.from} to ${f.to} (the last move was cut short)`);
      return { kind: 'moved', reports: countReports(f.newFile), finished: true };
    }
    // Its copy has already become the new outbox (another process renamed it a moment ago):
    // the marker is true, and taking it back would leave two outboxes that both deliver.
    if (existsSync(f.newFile)) {
      db.close();
      removeMarkedOld(f.from, f.to, notes);
      return { kind: 'already-moved' };
    }
    db.prepare('DELETE FROM meta WHERE key = ?').run(MOVED_KEY);
    notes.push('[data] the last move was cut short before its copy was whole; the outbox stays in the old folder and moves again');
  }

  const lease = new DeliveryLease(db, { now });
  let held = false;
  try {
    held = lease.acquire().held;
  } catch (err) {
    if (!isLocked(err)) throw err;
  }
  if (!held) return 'wait';
  step('lease');

  try {
    db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
    // From here on this connection keeps the file locked between statements: nobody else
    // reads or writes the old outbox until the marker is committed and the connection closes.
    db.prepare('PRAGMA locking_mode = EXCLUSIVE').get();
    const mode = (db.prepare('PRAGMA journal_mode = DELETE').get() as { journal_mode: string }).journal_mode;
    if (mode !== 'delete') throw new Error('busy');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.prepare('PRAGMA locking_mode = NORMAL').get();
    lease.release();
    if (!isLocked(err) && (err as Error).message !== 'busy') throw err;
    return 'open-elsewhere';
  }
  step('single-file');

  let reports: number;
  try {
    reports = (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    db.exec('COMMIT'); // the lock stays (locking_mode = EXCLUSIVE); VACUUM cannot run inside a transaction
    mkdirSync(f.to, { recursive: true });
    removeStaging(f.staging);
    step('copying');
    db.prepare('VACUUM INTO ?').run(f.staging);
    step('copied');
    prepareStaging(f.staging, reports);
    step('copy-ready');
    db.exec('BEGIN');
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(MOVED_KEY, JSON.stringify({ dir: f.to, at: now() }));
    step('marked');
    db.exec('COMMIT');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    removeStaging(f.staging);
    lease.release();
    return { kind: 'deferred', reason: `the copy could not be made (${(err as Error).message})` };
  }
  step('marker-committed');
  commitStaging(f, step);
  db.close();
  notes.push(`[data] moved the outbox (${reports} reports) from ${f.from} to ${f.to}`);
  removeMarkedOld(f.from, f.to, notes);
  step('old-removed');
  return { kind: 'moved', reports, finished: false };
}

/** A staging copy and whatever SQLite kept beside it: the debris of a move that was cut short. */
function removeStaging(staging: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${staging}${suffix}`, { force: true });
}

/** The copy must open, pass integrity_check and hold every report; its lease row is ours, so it goes. */
function prepareStaging(staging: string, reports: number): void {
  const copy = new DatabaseSync(staging);
  try {
    const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    if (check.integrity_check !== 'ok') throw new Error(`the copy fails integrity_check: ${check.integrity_check}`);
    const n = (copy.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    if (n !== reports) throw new Error(`the copy holds ${n} reports, the outbox ${reports}`);
    copy.exec('DELETE FROM lease');
  } finally {
    copy.close();
  }
  const fd = openSync(staging, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function stagingIsWhole(staging: string): boolean {
  try {
    const copy = new DatabaseSync(staging, { readOnly: true });
    try {
      const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
      return check.integrity_check === 'ok' && readMovedTo(copy) === null;
    } finally {
      copy.close();
    }
  } catch {
    return false;
  }
}

/** The staging copy becomes the new outbox. False when another process renamed it first (then the move is done). */
function commitStaging(f: Files, step: (s: MoveStep) => void): boolean {
  try {
    renameSync(f.staging, f.newFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(f.newFile)) return false;
    throw err;
  }
  syncDir(f.to);
  step('renamed');
  return true;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder to flush it; NTFS journals the rename itself.
  }
}

function countReports(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * After the move: the old database goes (only if it is marked as moved to `to`: an unmarked
 * one was made later by something else, and is left for a person), its logs join the new
 * ones, and a note says where everything went. Failures here only cost disk space.
 */
function removeMarkedOld(from: string, to: string, notes: string[]): void {
  const oldFile = databaseFile(from);
  if (existsSync(oldFile)) {
    let marked: z.infer<typeof MovedTo> | null = null;
    try {
      const db = new DatabaseSync(oldFile, { readOnly: true, timeout: 1000 });
      try {
        marked = readMovedTo(db);
      } finally {
        db.close();
      }
    } catch {
      marked = null;
    }
    if (!marked || marked.dir !== to) {
      notes.push(`[data] an outbox in the old folder ${from} was made after the move; it is left alone`);
      return;
    }
    try {
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${oldFile}${suffix}`, { force: true });
    } catch (err) {
      notes.push(`[data] could not remove the old copy (it is marked as moved and will not be used): ${(err as Error).message}`);
      return;
    }
  }
  moveLogs(from, to, notes);
  if (!existsSync(join(from, NOTE_FILE)) && existsSync(from)) {
    try {
      writeFileSync(join(from, NOTE_FILE),
        `The reports of Usage Place Reporter moved to\n${to}\n\nWhat is left here (Chromium's cache of older versions) can be deleted.\n`);
    } catch {
      // Only a courtesy.
    }
  }
}

function moveLogs(from: string, to: string, notes: string[]): void {
  const oldLogs = logDir(from);
  if (!existsSync(oldLogs)) return;
  const newLogs = logDir(to);
  try {
    mkdirSync(newLogs, { recursive: true });
    for (const name of readdirSync(oldLogs)) {
      const src = join(oldLogs, name);
      if (!statSync(src).isFile()) continue;
      // Kept apart from the new folder's own logs of the same name.
      const dest = join(newLogs, existsSync(join(newLogs, name)) ? `before-move-${name}` : name);
      copyFileSync(src, dest);
      rmSync(src, { force: true });
    }
    rmSync(oldLogs, { recursive: true, force: true });
    notes.push(`[data] moved the old logs to ${newLogs}`);
  } catch (err) {
    notes.push(`[data] the old logs stay in ${oldLogs}: ${(err as Error).message}`);
  }
}
