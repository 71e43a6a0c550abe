import { z } from 'zod';
import { CircuitView } from '../../shared/outbox-status.ts';
import type { Database } from './db/database.ts';
import { leaseHolder, leaseOwner } from './delivery-lease.ts';
import type { MetaStore } from './meta-store.ts';

// The deliverer's circuits (target-circuit.ts) live in its memory. This is their copy in the
// database, so `usageplace status` can tell while the app delivers (and the app while the
// CLI does). A copy counts only while its writer still holds the lease: after a crash or a
// restart the circuits are the new deliverer's, which start closed.

const KEY = 'circuits';
const Board = z.object({ owner: z.string(), circuits: z.array(CircuitView) });

export class CircuitBoard {
  readonly #meta: MetaStore;
  readonly #db: Database;
  constructor(meta: MetaStore, db: Database) {
    this.#meta = meta;
    this.#db = db;
  }

  /**
   * `owner`: the writer's lease owner. Written inside the delivery loop's transaction, and
   * only while the lease row is still the writer's: a deliverer that lost its lease without
   * knowing yet (a stall) must not put its circuits over the new deliverer's.
   */
  publish(owner: string, circuits: CircuitView[]): void {
    if (leaseOwner(this.#db) === owner) this.#meta.set(KEY, { owner, circuits });
  }

  /** The writer stops delivering: its copy goes, a newer deliverer's stays. */
  withdraw(owner: string): void {
    this.#db.prepare("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.owner') = ?").run(KEY, owner);
  }

  /** The open circuits of whoever delivers now; none when nobody does. */
  read(now: number): CircuitView[] {
    const board = this.#meta.get(KEY, Board);
    if (!board || board.circuits.length === 0) return [];
    return leaseHolder(this.#db, now) === board.owner ? board.circuits : [];
  }
}
