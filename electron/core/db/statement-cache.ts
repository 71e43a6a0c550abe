import type { StatementSync } from 'node:sqlite';
import type { Database } from './database.ts';

/**
 * Prepares each SQL text once per connection: preparing was most of the cost of the small
 * queries the store and the delivery loop run thousands of times.
 */
export class StatementCache {
  readonly #db: Database;
  readonly #statements = new Map<string, StatementSync>();
  constructor(db: Database) {
    this.#db = db;
  }

  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
