import type { StatementSync } from 'node:sqlite';
import { StatementCache } from './db/statement-cache.ts';
import type { z } from 'zod';
import type { Database } from './db/database.ts';

/**
 * Small facts kept beside the outbox (settings, pauses, last delivery). Each value is
 * read back through its schema, so a damaged value reads as "not set" instead of crashing.
 */
export class MetaStore {
  readonly #statements: StatementCache;
  constructor(db: Database) {
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): StatementSync {
    return this.#statements.get(sql);
  }

  get<T extends z.ZodType>(key: string, schema: T): z.infer<T> | undefined {
    const row = this.#sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    this.#sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.#sql('DELETE FROM meta WHERE key = ?').run(key);
  }

  keysWithPrefix(prefix: string): string[] {
    const rows = this.#sql("SELECT key FROM meta WHERE key >= ? AND key < ? || char(1114111)").all(prefix, prefix) as { key: string }[];
    return rows.map((r) => r.key);
  }
}
