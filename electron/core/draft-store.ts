import type { StatementSync } from 'node:sqlite';
import { FormDraft } from '../../shared/ipc.ts';
import { draftStorageKey, isEmptyDraft, type DraftKey } from '../../shared/report-drafts.ts';
import type { Database } from './db/database.ts';
import { StatementCache } from './db/statement-cache.ts';

export interface SavedDraft {
  draft: FormDraft;
  savedAt: number;
}

/**
 * The report form's drafts (migration 005), in the outbox's database so they outlive the
 * window, the app and a crash. Each save is its own small commit that waits for the disk:
 * what the clerk typed a second ago is there after a power cut too. A draft holds the form's
 * fields as typed and its idempotency key, nothing else; the apicode and tokens never reach
 * this table.
 */
export class DraftStore {
  readonly #statements: StatementCache;
  constructor(db: Database) {
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): StatementSync {
    return this.#statements.get(sql);
  }

  /** The draft, or null when there is none (or it no longer parses: a damaged draft is no draft). */
  get(key: DraftKey): SavedDraft | null {
    const row = this.#sql('SELECT draft, saved_at FROM drafts WHERE key = ?').get(draftStorageKey(key)) as
      { draft: string; saved_at: number } | undefined;
    if (!row) return null;
    try {
      const parsed = FormDraft.safeParse(JSON.parse(row.draft));
      return parsed.success ? { draft: parsed.data, savedAt: row.saved_at } : null;
    } catch {
      return null;
    }
  }

  /** Keeps the form as typed; an empty form removes the draft instead. */
  save(key: DraftKey, draft: FormDraft, now: number): void {
    if (isEmptyDraft(draft)) {
      this.clear(key);
      return;
    }
    this.#sql('INSERT INTO drafts (key, draft, saved_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at')
      .run(draftStorageKey(key), JSON.stringify(FormDraft.parse(draft)), now);
  }

  clear(key: DraftKey): void {
    this.#sql('DELETE FROM drafts WHERE key = ?').run(draftStorageKey(key));
  }

  /** How many drafts there are: all that a diagnostics export may say about them. */
  count(): number {
    return (this.#sql('SELECT COUNT(*) AS n FROM drafts').get() as { n: number }).n;
  }
}
