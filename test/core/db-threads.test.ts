// WalSync (WAL flushes off the JS thread) and the Checkpointer (checkpoints on a thread of
// their own), on real database files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/database.ts';
import { WalSync } from '../../electron/core/db/wal-sync.ts';
import { Checkpointer } from '../../electron/core/db/checkpointer.ts';
import { until } from '../helpers/harness.ts';

function tempDb(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'upr-dbthreads-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'outbox.sqlite');
  const db = openDatabase(file);
  db.exec('CREATE TABLE IF NOT EXISTS filler (n INTEGER PRIMARY KEY, text TEXT)');
  return { db, file };
}


test('WalSync: many flushes asked at once all resolve, sharing flushes; after close it refuses', async (t) => {
  const { db, file } = tempDb(t);
  t.after(() => db.close());
  const sync = new WalSync(file, { gatherMs: 1 });
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  const waits: Promise<void>[] = [];
  for (let i = 0; i < 50; i++) {
    db.exec('PRAGMA synchronous = NORMAL');
    insert.run(`row ${i}`);
    waits.push(sync.sync());
  }
  await Promise.all(waits);
  await sync.close();
  await assert.rejects(sync.sync(), /closed/);
});

test('WalSync: a missing WAL file is an error the caller sees, not a hang', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'upr-dbthreads-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sync = new WalSync(join(dir, 'nothing-here.sqlite'), { gatherMs: 0 });
  await assert.rejects(sync.sync(), /ENOENT/);
  await sync.close();
});

test('Checkpointer: the thread keeps the WAL copied, the main connection only as a backstop, stop() hands back', async (t) => {
  const { db, file } = tempDb(t);
  t.after(() => db.close());
  const troubles: string[] = [];
  const checkpointer = new Checkpointer(db, file, (m) => troubles.push(m));
  assert.equal((db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint, 4000);
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  db.exec('BEGIN');
  for (let i = 0; i < 3000; i++) insert.run('x'.repeat(1000)); // ~750 pages
  db.exec('COMMIT');
  for (let i = 0; i < 50; i++) insert.run(`after ${i}`);
  // Below its backstop (4,000 pages) this connection never writes the database file (a commit
  // only appends to the WAL): the file grows by the ~3 MB only when the thread copies the WAL in.
  await until(() => statSync(file).size > 2_500_000, 'the thread checkpointed the WAL into the database file', 5000);
  await checkpointer.stop();
  assert.equal((db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint, 1000);
  assert.deepEqual(troubles, []);
});

test('Checkpointer: under a steady stream of small commits the WAL stays bounded', async (t) => {
  const { db, file } = tempDb(t);
  t.after(() => db.close());
  const checkpointer = new Checkpointer(db, file, () => {});
  t.after(() => checkpointer.stop());
  db.exec('PRAGMA synchronous = NORMAL');
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  const big = 'y'.repeat(8000); // two overflow pages and a leaf: ~3 WAL pages per commit
  for (let i = 0; i < 6000; i++) {
    insert.run(big);
    if (i % 200 === 0) await new Promise((r) => setImmediate(r)); // let the thread run between bursts
  }
  // ~18,000 pages (~74 MB) were written; PASSIVE checkpoints alone never let the WAL start over
  // while commits keep coming, so without the backstop the file holds them all.
  const walMb = statSync(`${file}-wal`).size / 1e6;
  assert.ok(walMb < 40, `WAL is ${walMb.toFixed(1)} MB`);
});
