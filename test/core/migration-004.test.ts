// Migration 004 on a database written by the version before it: the claim token column is
// added, rows claimed before it carry none, so no answer can be written onto them; recovery
// still puts them back in the queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../electron/core/db/database.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { OutboxStore } from '../../electron/core/outbox-store.ts';
import { tempDir } from '../helpers/harness.ts';

test('migration 004: a v3 outbox gains claim_token; a report left sending by v3 takes no answer, and recovers', (t) => {
  const tmp = tempDir();
  t.after(() => tmp.remove());
  const file = join(tmp.dir, 'outbox.sqlite');
  const target = { baseUrl: 'http://127.0.0.1:9/rest', cid: 'demo' };
  const event = { id: 'v3-report', usageplacecode: 'UP-V3', time: '2024-01-04 10:41:40', status: 'disconnected' as const };

  const v3 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
  assert.equal(schemaVersion(v3), 3);
  const [entry] = new OutboxStore(v3).enqueue([{ event, target }], 1000);
  v3.prepare("UPDATE reports SET state = 'sending' WHERE id = ?").run(entry!.id); // its process died mid-request
  v3.close();

  // Up to version 4 only: what this test is about, whatever later versions add.
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 4));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 4);
  const row = db.prepare('SELECT state, claim_token FROM reports WHERE id = ?').get(entry!.id) as { state: string; claim_token: number | null };
  assert.deepEqual({ ...row }, { state: 'sending', claim_token: null });

  const store = new OutboxStore(db);
  const written = store.settle({ kind: 'sent', seq: entry!.seq, id: entry!.id, claim: 1, at: 2000, httpStatus: 200, alreadyHad: false });
  assert.equal(written, false, 'an answer carrying any token does not match a row claimed before tokens');
  assert.equal(store.get(entry!.id)?.state, 'sending');
  assert.equal(store.recoverSending(3000), 1);
  assert.equal(store.get(entry!.id)?.state, 'queued');
  assert.deepEqual(store.attempts(entry!.id).map((a) => a.outcome), ['created', 'late_answer', 'recovered']);
});
