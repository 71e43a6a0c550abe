import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../electron/core/db/database.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { DraftStore } from '../../electron/core/draft-store.ts';
import { databaseFile } from '../../electron/core/data-paths.ts';
import { FAST_BACKOFF, tempDir, until } from '../helpers/harness.ts';
import { ipcHarness, type IpcHarness } from './ipc-harness.ts';

// The report form's drafts (issue 11): in the outbox's database, one for the new-report form
// and one per failed report being corrected; gone with the queued report, in the same commit.

const NEW = { kind: 'new' } as const;
const halfFilled = { status: 'notdisconnected', usageplacecode: '643007572062443672', description: 'Meter room locked' };

describe('the draft store', () => {
  const tmp = tempDir();
  after(() => tmp.remove());

  test('migration 005 makes the table; a database of version 3 is upgraded to it', () => {
    const file = join(tmp.dir, 'v3.sqlite');
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
    assert.equal(schemaVersion(old), 3);
    old.close();
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), 5);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'drafts'").all().map((r) => r.name), ['drafts']);
    db.close();
  });

  test('saved, read back after the database is opened again, cleared; an empty form is no draft', () => {
    const file = join(tmp.dir, 'drafts.sqlite');
    let db = openDatabase(file);
    let drafts = new DraftStore(db);
    drafts.save(NEW, halfFilled, 1000);
    drafts.save({ kind: 'correction', id: 'r1' }, { status: 'connected', usageplacecode: 'X', customernumber: 'A1' }, 2000);
    db.close();
    db = openDatabase(file);
    drafts = new DraftStore(db);
    assert.deepEqual(drafts.get(NEW), { draft: halfFilled, savedAt: 1000 });
    assert.equal(drafts.get({ kind: 'correction', id: 'r1' })?.draft.customernumber, 'A1');
    assert.equal(drafts.get({ kind: 'correction', id: 'r2' }), null);
    assert.equal(drafts.count(), 2);
    drafts.save(NEW, { status: '', usageplacecode: '  ', invoices: [{ invoicenumber: '', jobid: '' }], description: '' }, 3000);
    assert.equal(drafts.get(NEW), null, 'an emptied form removes its draft');
    drafts.clear({ kind: 'correction', id: 'r1' });
    assert.equal(drafts.count(), 0);
    db.close();
  });

  test('a damaged draft reads as none, and never crashes the form', () => {
    const file = join(tmp.dir, 'damaged.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO drafts (key, draft, saved_at) VALUES ('new', '{not json', 1)").run();
    assert.equal(new DraftStore(db).get(NEW), null);
    db.prepare("UPDATE drafts SET draft = '{\"usageplacecode\": 5}' WHERE key = 'new'").run();
    assert.equal(new DraftStore(db).get(NEW), null);
    db.close();
  });
});

describe('drafts over IPC', () => {
  let h: IpcHarness;
  before(async () => {
    h = await ipcHarness();
    h.core.startDelivery({ backoff: FAST_BACKOFF });
  });
  after(async () => {
    await h.close();
  });

  const stateOf = (id: string) => h.core.store.get(id)?.state;

  /** The table as another connection reads it (what is on disk). */
  const drafted = () => {
    const db = new DatabaseSync(databaseFile(h.dataDir));
    try {
      return db.prepare('SELECT key, draft FROM drafts ORDER BY key').all().map((r) => ({ key: r.key, draft: r.draft }));
    } finally {
      db.close();
    }
  };

  test('saved as typed, and gone in the same commit as the report it became', async () => {
    const { savedAt } = await h.ok('drafts:save', { key: NEW, draft: halfFilled });
    assert.deepEqual(await h.ok('drafts:get', { key: NEW }), { draft: halfFilled, savedAt });
    // What the table holds is what the form held: the typed fields, nothing else.
    assert.deepEqual(drafted().map((r) => JSON.parse(String(r.draft))), [halfFilled]);
    const { entry } = await h.ok('reports:create', { idempotencyKey: randomUUID(), draft: halfFilled });
    assert.equal(entry.state, 'queued');
    assert.equal(await h.ok('drafts:get', { key: NEW }), null);
    assert.deepEqual(drafted(), []);
  });

  test('a report the rules refuse keeps its draft (nothing was committed)', async () => {
    await h.ok('drafts:save', { key: NEW, draft: { status: 'notdisconnected', usageplacecode: 'X' } });
    const refused = await h.call('reports:create', { idempotencyKey: randomUUID(), draft: { status: 'notdisconnected', usageplacecode: 'X' } });
    assert.equal(refused.ok, false);
    assert.equal((await h.ok('drafts:get', { key: NEW }))?.draft.usageplacecode, 'X');
    await h.ok('drafts:clear', { key: NEW });
    assert.equal(await h.ok('drafts:get', { key: NEW }), null);
  });

  test('a correction has its own draft, kept while its report is failed and gone once it is corrected', async () => {
    await until(() => h.core.store.count({ state: 'queued' }) === 0, 'the earlier reports delivered');
    h.sim.setFaults({ status: 400, statusCount: 1 });
    const { entry } = await h.ok('reports:create', { idempotencyKey: randomUUID(), draft: { status: 'connected', usageplacecode: 'E-400' } });
    await until(() => stateOf(entry.id) === 'failed', 'Ropo One refused the report');
    const key = { kind: 'correction', id: entry.id } as const;
    await h.ok('drafts:save', { key: NEW, draft: { status: 'disconnected', usageplacecode: 'NEW-1' } });
    await h.ok('drafts:save', { key, draft: { status: 'connected', usageplacecode: 'E-400', customernumber: 'A9' } });
    assert.equal((await h.ok('drafts:get', { key }))?.draft.customernumber, 'A9');
    await h.ok('reports:correct', { id: entry.id, draft: { status: 'connected', usageplacecode: 'E-400', customernumber: 'A9' } });
    assert.equal(await h.ok('drafts:get', { key }), null);
    assert.equal((await h.ok('drafts:get', { key: NEW }))?.draft.usageplacecode, 'NEW-1', 'the new-report form keeps its own');
    // A report no longer failed has nothing to correct: a late save is not kept.
    await h.ok('drafts:save', { key, draft: { status: 'connected', usageplacecode: 'E-400', customernumber: 'late' } });
    assert.equal(await h.ok('drafts:get', { key }), null);
  });

  test('the draft keeps the form\'s idempotency key: the form brought back and queued again is the report it made', async () => {
    const idempotencyKey = randomUUID();
    const form = { status: 'disconnected', usageplacecode: 'KEY-1', customernumber: 'A7' };
    await h.ok('drafts:save', { key: NEW, draft: { ...form, idempotencyKey } });
    assert.equal((await h.ok('drafts:get', { key: NEW }))?.draft.idempotencyKey, idempotencyKey);
    const first = await h.ok('reports:create', { idempotencyKey, draft: form });
    assert.equal(await h.ok('drafts:get', { key: NEW }), null);
    // The same form comes back (a save that landed late, a window that reloaded) and is queued again.
    await h.ok('drafts:save', { key: NEW, draft: { ...form, idempotencyKey } });
    const restored = await h.ok('drafts:get', { key: NEW });
    assert.ok(restored?.draft.idempotencyKey);
    const again = await h.ok('reports:create', { idempotencyKey: restored.draft.idempotencyKey, draft: form });
    assert.equal(again.entry.id, first.entry.id, 'the same report, not a second one');
    assert.equal(h.core.store.count({ search: 'KEY-1' }), 1);
    assert.equal(await h.ok('drafts:get', { key: NEW }), null, 'and its draft is gone with it');
    const notAKey = await h.call('drafts:save', { key: NEW, draft: { ...form, idempotencyKey: 'not-a-uuid' } });
    assert.equal(!notAKey.ok && notAKey.error.code, 'validation_failed');
  });

  test('requests are checked: an unknown form, a draft too long', async () => {
    const wrongKey = await h.call('drafts:save', { key: { kind: 'other' } as never, draft: halfFilled });
    assert.equal(wrongKey.ok, false);
    const tooLong = await h.call('drafts:save', { key: NEW, draft: { ...halfFilled, description: 'x'.repeat(5001) } });
    assert.equal(!tooLong.ok && tooLong.error.code, 'validation_failed');
  });
});
