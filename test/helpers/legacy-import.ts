import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../electron/core/db/database.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';

/**
 * What the version before derived ids left in an outbox after importing a file (git
 * b7ff874, electron/core/csv-import.ts): its reports under random ids, each with the file's
 * content hash in import_hash, and the file in `imports`. The hash as it computed it:
 * SHA-256 of the text without its BOM and with LF line ends.
 */
export function importAsTheOldVersionDid(
  db: Database, target: Target, fileName: string, text: string, events: Omit<UsageplaceEvent, 'id'>[], at: number,
): { hash: string; ids: string[] } {
  const hash = createHash('sha256').update(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).digest('hex');
  const store = new OutboxStore(db);
  const ids = store.enqueue(events.map((e) => ({ event: { ...e, id: randomUUID() }, target })), at).map((e) => e.id);
  const mark = db.prepare('UPDATE reports SET import_hash = ? WHERE id = ?');
  for (const id of ids) mark.run(hash, id);
  db.prepare('INSERT INTO imports (hash, file_name, imported_at, report_count) VALUES (?, ?, ?, ?)').run(hash, fileName, at, ids.length);
  return { hash, ids };
}
