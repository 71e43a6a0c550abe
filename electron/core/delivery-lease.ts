import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { inTransaction, type Database } from './db/database.ts';

export interface LeaseOptions {
  ttlMs?: number;
  now?: () => number;
  /** Is a process of this machine still alive? Lets a restart take over from a crashed one at once. */
  isAlive?: (pid: number) => boolean;
}

interface LeaseRow {
  owner: string;
  host: string;
  pid: number;
  expires_at: number;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Only one process delivers at a time: the app and the CLI may share a data directory.
 * The holder renews a row in the database; another process may take it when it has run
 * out, or at once when its holder's process on this machine is gone.
 */
export class DeliveryLease {
  readonly owner = randomUUID();
  readonly #db: Database;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #isAlive: (pid: number) => boolean;

  constructor(db: Database, options: LeaseOptions = {}) {
    this.#db = db;
    this.#ttlMs = options.ttlMs ?? 15_000;
    this.#now = options.now ?? Date.now;
    this.#isAlive = options.isAlive ?? processIsAlive;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Takes or renews the lease. `fresh` is true when this call took it over from nobody or someone else. */
  acquire(): { held: boolean; fresh: boolean; holder?: { host: string; pid: number } } {
    return inTransaction(this.#db, () => {
      const now = this.#now();
      const row = this.#db.prepare("SELECT owner, host, pid, expires_at FROM lease WHERE name = 'delivery'").get() as LeaseRow | undefined;
      const mine = row?.owner === this.owner;
      const free =
        !row || mine || row.expires_at <= now || (row.host === hostname() && row.pid !== process.pid && !this.#isAlive(row.pid));
      if (!free) return { held: false, fresh: false, holder: { host: row.host, pid: row.pid } };
      this.#db
        .prepare(
          `INSERT INTO lease (name, owner, host, pid, expires_at) VALUES ('delivery', ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at`,
        )
        .run(this.owner, hostname(), process.pid, now + this.#ttlMs);
      return { held: true, fresh: !mine };
    });
  }

  release(): void {
    this.#db.prepare("DELETE FROM lease WHERE name = 'delivery' AND owner = ?").run(this.owner);
  }
}

/** Who holds the lease now (its owner id), or null when it is free or ran out. */
export function leaseHolder(db: Database, now: number): string | null {
  const row = db.prepare("SELECT owner, expires_at FROM lease WHERE name = 'delivery'").get() as Pick<LeaseRow, 'owner' | 'expires_at'> | undefined;
  return row && row.expires_at > now ? row.owner : null;
}

/** Whose the lease row is, run out or not (null when there is none). */
export function leaseOwner(db: Database): string | null {
  const row = db.prepare("SELECT owner FROM lease WHERE name = 'delivery'").get() as Pick<LeaseRow, 'owner'> | undefined;
  return row?.owner ?? null;
}
