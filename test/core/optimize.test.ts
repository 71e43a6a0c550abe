// PRAGMA optimize as SQLite recommends it (electron/core/db/optimize.ts): the core runs it as
// it closes, so a database that is used gets the planner's statistics without anyone running
// ANALYZE; and it never holds up closing while another process writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Core } from '../../electron/core/open-core.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { optimizeDatabase } from '../../electron/core/db/optimize.ts';
import { databaseFile } from '../../electron/core/data-paths.ts';
import { tempDir } from '../helpers/harness.ts';

const statTables = (file: string): string[] => {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
    return has ? (db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl').all() as { tbl: string }[]).map((r) => r.tbl) : [];
  } finally {
    db.close();
  }
};

test('closing the core leaves statistics for the tables its queries used', async (t) => {
  const tmp = tempDir();
  t.after(() => tmp.remove());
  const dataDir = join(tmp.dir, 'c');
  const core = new Core({ dataDir });
  core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
  for (let i = 0; i < 30; i++) {
    core.reports.create({ status: 'disconnected', usageplacecode: `UP-${i % 5}`, customernumber: `C${i}`, invoices: [{ invoicenumber: `${i}`, jobid: '1' }] });
  }
  core.store.list({ state: 'queued', limit: 10 });
  assert.deepEqual(statTables(databaseFile(dataDir)), [], 'nothing analyzed before');
  await core.close();
  assert.ok(statTables(databaseFile(dataDir)).includes('reports'), 'reports analyzed at close');
});

test('while another process writes, the optimize gives up after a moment and the connection keeps its busy timeout', (t) => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'outbox.sqlite');
  const db = openDatabase(file);
  const other = new DatabaseSync(file);
  t.after(() => {
    other.close();
    db.close();
    tmp.remove();
  });
  db.prepare('SELECT * FROM reports WHERE state = ? ORDER BY seq').all('queued');
  other.exec('BEGIN IMMEDIATE');
  const t0 = performance.now();
  const done = optimizeDatabase(db);
  const ms = performance.now() - t0;
  other.exec('ROLLBACK');
  assert.equal(done, false);
  assert.ok(ms < 2000, `gave up in ${ms.toFixed(0)} ms (the usual wait is 5 s)`);
  assert.equal((db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout, 5000);
  assert.equal(optimizeDatabase(db), true, 'and runs once the other process is done');
});
