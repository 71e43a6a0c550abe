import { DatabaseSync } from 'node:sqlite';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { OutboxMissingError } from '../outbox-elsewhere.ts';

export type Database = DatabaseSync;

const SQLITE_CANTOPEN = 14;

/**
 * Opens (creating if needed) the outbox database with the durability DESIGN.md asks for:
 * WAL so readers never block the writer, synchronous=FULL so a committed report survives
 * a power cut, and a busy timeout because the app and the CLI may share the file.
 *
 * `mustExist`: open only a database that is there (SQLite's `mode=rw`, which cannot create
 * one), else OutboxMissingError. For the old folder of a move that waits: a fresh database
 * there would take reports that no later start ever looks for.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, options: { mustExist?: boolean } = {}): Database {
  const db = options.mustExist ? openExisting(file) : openOrCreate(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
  } catch (err) {
    db.close();
    throw new AppError('database_error', `Cannot open the outbox database ${file}: ${(err as Error).message}`);
  }
  migrate(db, migrations);
  return db;
}

function openOrCreate(file: string): DatabaseSync {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return new DatabaseSync(file, { timeout: 5000 });
  } catch (err) {
    throw new AppError('database_error', `Cannot open the outbox database ${file}: ${(err as Error).message}`);
  }
}

function openExisting(file: string): DatabaseSync {
  const uri = pathToFileURL(file);
  uri.searchParams.set('mode', 'rw');
  try {
    return new DatabaseSync(uri, { timeout: 5000 });
  } catch (err) {
    if ((err as { errcode?: number }).errcode === SQLITE_CANTOPEN || !existsSync(file)) throw new OutboxMissingError(file);
    throw new AppError('database_error', `Cannot open the outbox database ${file}: ${(err as Error).message}`);
  }
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

function migrate(db: Database, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new AppError(
      'database_error',
      `The outbox database is from a newer version of the app (schema ${current}, this app knows ${newest}).`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    inTransaction(db, () => {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
  }
}

/**
 * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two
 * processes never interleave a read-then-write.
 *
 * `durable: false` commits without waiting for the disk (synchronous=NORMAL for this one
 * transaction): for a change that may be lost to a power cut because losing it is harmless,
 * or whose caller flushes the WAL itself afterwards (WalSync). In WAL mode it is still atomic
 * and survives a crash of the process, and the next durable commit or flush makes it durable
 * too (the WAL is synced as a whole, in order).
 *
 * Called inside a transaction, `work` runs in a savepoint of it: all or nothing by itself,
 * committed (and made durable) with the outer transaction. That lets one turn of the delivery
 * loop write several outcomes in one commit, one failing without undoing the others.
 */
export function inTransaction<T>(db: Database, work: () => T, options: { durable?: boolean } = {}): T {
  if (db.isTransaction) return inSavepoint(db, work);
  const relaxed = options.durable === false;
  if (relaxed) db.exec('PRAGMA synchronous = NORMAL');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    if (relaxed) db.exec('PRAGMA synchronous = FULL');
  }
}

function inSavepoint<T>(db: Database, work: () => T): T {
  db.exec('SAVEPOINT nested');
  try {
    const result = work();
    db.exec('RELEASE nested');
    return result;
  } catch (err) {
    db.exec('ROLLBACK TO nested');
    db.exec('RELEASE nested');
    throw err;
  }
}
