// WalSync, watched on the file handle itself: a spy on FileHandle.datasync (the real call
// still runs) shows that the WAL file is flushed, that commits made while a flush runs share
// the next one, and that a report is told as delivered only after the flush of its outcome.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { harness, tempDir, until, FAST_BACKOFF } from '../helpers/harness.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { databaseFile } from '../../electron/core/data-paths.ts';
import { WalSync } from '../../electron/core/db/wal-sync.ts';

/** Every datasync of the WAL file of `dbFile`; `gate` (when set) holds a flush until it resolves. */
async function spyOnWalFlushes(t: TestContext, dbFile: string): Promise<{ flushes: { done: boolean }[]; gate: { wait: Promise<void> | null } }> {
  const probe = await open(dbFile, 'r');
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const original = proto.datasync;
  const walIno = (): number => statSync(`${dbFile}-wal`).ino;
  const flushes: { done: boolean }[] = [];
  const gate: { wait: Promise<void> | null } = { wait: null };
  t.mock.method(proto, 'datasync', async function (this: FileHandle): Promise<void> {
    if ((await this.stat()).ino !== walIno()) return original.call(this);
    const flush = { done: false };
    flushes.push(flush);
    if (gate.wait) await gate.wait;
    await original.call(this);
    flush.done = true;
  });
  return { flushes, gate };
}

test('WalSync flushes the WAL file, and syncs asked for while a flush runs share the next one', async (t) => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'outbox.sqlite');
  const db = openDatabase(file);
  const walSync = new WalSync(file, { gatherMs: 0 });
  t.after(async () => {
    await walSync.close();
    db.close();
    tmp.remove();
  });
  const { flushes } = await spyOnWalFlushes(t, file);

  await walSync.sync();
  assert.equal(flushes.length, 1, 'one sync, one datasync of the WAL file');

  // Ten commits' syncs at once: the first starts a flush, the other nine share the one after it.
  await Promise.all(Array.from({ length: 10 }, () => walSync.sync()));
  assert.equal(flushes.length, 3, 'ten syncs, two flushes');
  assert.ok(flushes.every((f) => f.done));
});

test('a report is told as delivered only after the flush of its outcome', async (t) => {
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  t.after(() => open()); // first (after-hooks run in order): closing waits for the flush
  const h = await harness();
  t.after(() => h.close());
  const { flushes, gate } = await spyOnWalFlushes(t, databaseFile(h.dataDir));
  gate.wait = held;

  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
  const events: string[] = [];
  worker.on('delivered', (id) => events.push(`delivered ${id}`));
  const id = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-FLUSH' }).entry.id;

  await until(() => h.core.store.get(id)?.state === 'sent', 'its row reads sent (committed, not yet flushed)');
  await until(() => flushes.length > 0, 'the flush of that commit has started');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(events, [], 'not told while the flush is held');
  assert.ok(flushes.every((f) => !f.done));

  open();
  await until(() => events.length > 0, 'told once the flush is done');
  assert.deepEqual(events, [`delivered ${id}`]);
  assert.ok(flushes[0]!.done, 'the flush finished before the report was told as delivered');
});
