// The core changes made for `npm run bench` (issue 4) keep what they replaced: the search
// box finds the same reports, pages are the same rows, claims still take lane heads only,
// and a transaction inside a transaction is a savepoint that fails alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Core } from '../../electron/core/open-core.ts';
import { inTransaction } from '../../electron/core/db/database.ts';
import { tempDir } from '../helpers/harness.ts';

function core(t: { after: (fn: () => unknown) => void }): { a: Core; b: Core } {
  const tmp = tempDir();
  const a = new Core({ dataDir: join(tmp.dir, 'c') });
  a.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
  const b = new Core({ dataDir: join(tmp.dir, 'c') }); // another process on the same file
  t.after(async () => {
    await a.close();
    await b.close();
    tmp.remove();
  });
  return { a, b };
}

const make = (c: Core, code: string, customer: string, invoice: string, description?: string): string =>
  c.reports.create({
    status: description ? 'notdisconnected' : 'disconnected',
    usageplacecode: code,
    customernumber: customer,
    invoices: [{ invoicenumber: invoice, jobid: '1' }],
    ...(description ? { description } : {}),
  }).entry.id;

test('search: usage place code, customer number or invoice number, substring, any case; right after the report is made, by any process', (t) => {
  const { a, b } = core(t);
  const one = make(a, '643007572062443672', 'A123456', '594294');
  const two = make(b, '643007572062443673', 'B654321', '100_%x', 'Meter room locked');
  const ids = (search: string, state?: 'queued' | 'sent'): string[] => a.store.list({ search, state }).map((e) => e.id);
  assert.deepEqual(ids('2443672'), [one]);
  assert.deepEqual(ids('643007572062443673'), [two], 'a whole code (longer than the index is asked for)');
  assert.deepEqual(ids('6430075720624436'), [two, one], 'newest first');
  assert.deepEqual(ids('a1234'), [one], 'case-insensitive');
  assert.deepEqual(ids('4294'), [one], 'invoice number');
  assert.deepEqual(ids('0_%'), [two], '% and _ are plain characters');
  assert.deepEqual(ids('B6'), [two], 'two characters');
  assert.deepEqual(ids('7'), [two, one], 'one character');
  assert.deepEqual(ids('Meter room'), [], 'the description is not searched (usage place, customer or invoice number)');
  assert.deepEqual(ids('A123456', 'queued'), [one]);
  assert.deepEqual(ids('A123456', 'sent'), []);
  assert.equal(a.store.count({ search: '64300757206244367' }), 2);
  assert.equal(a.store.count({ search: '64300757206244367', state: 'queued' }), 2);
  assert.equal(b.store.count({ search: 'nothing-like-this' }), 0);
});

test('pages: the same rows at any offset, filtered or not', (t) => {
  const { a } = core(t);
  for (let i = 0; i < 30; i++) make(a, `UP-${i % 3}`, `C${i}`, `INV-${i}`);
  const all = a.store.list({ limit: 1000 }).map((e) => e.seq);
  assert.deepEqual(all, [...all].sort((x, y) => y - x));
  for (const offset of [0, 7, 29, 30]) {
    assert.deepEqual(a.store.list({ limit: 5, offset }).map((e) => e.seq), all.slice(offset, offset + 5));
  }
  const lane = a.store.list({ search: 'UP-1', limit: 1000 }).map((e) => e.seq);
  assert.equal(lane.length, 10);
  assert.deepEqual(a.store.list({ search: 'UP-1', limit: 3, offset: 4 }).map((e) => e.seq), lane.slice(4, 7));
  assert.deepEqual(a.store.list({ state: 'queued', search: 'UP-1', limit: 3, offset: 4 }).map((e) => e.seq), lane.slice(4, 7));
});

test('claims take lane heads only, in due order, also when earlier scans looked ahead', (t) => {
  const { a } = core(t);
  const target = a.settings.currentTarget();
  const now = Date.now();
  const events = Array.from({ length: 200 }, (_, i) => ({
    event: { id: `id-${i}`, usageplacecode: `UP-${i % 50}`, time: '2024-01-04 10:41:40', status: 'disconnected' as const },
    target,
  }));
  a.store.enqueue(events, now);
  const claimedPerLane = new Map<string, number>();
  const due = (limit: number) => ({ now, limit, skipTargets: [], claim: 1 });
  for (let round = 0; round < 4; round++) {
    // Every lane's head, one at a time, then mark them sent: the next round's heads are behind them.
    const claimed = [];
    for (let k = 0; k < 50; k++) {
      const [entry] = a.store.claimDue(due(1));
      assert.ok(entry, `round ${round}, claim ${k}`);
      const expected = `id-${round * 50 + Number(entry.usageplacecode.slice(3))}`;
      assert.equal(entry.id, expected, 'the earliest unsent report of its usage place');
      claimedPerLane.set(entry.usageplacecode, (claimedPerLane.get(entry.usageplacecode) ?? 0) + 1);
      assert.deepEqual(a.store.claimDue(due(0)), []);
      claimed.push(entry);
    }
    assert.deepEqual(a.store.claimDue(due(5)), [], 'every lane is busy');
    for (const d of claimed) assert.ok(a.store.settle({ kind: 'sent', seq: d.seq, id: d.id, claim: d.claim, at: now, httpStatus: 200, alreadyHad: false }));
  }
  assert.equal(a.store.counts().sent, 200);
});

test('a transaction inside a transaction is a savepoint: it fails alone, and commits with the outer one', (t) => {
  const { a } = core(t);
  const db = a.db;
  db.exec('CREATE TABLE t (x INTEGER)');
  inTransaction(db, () => {
    inTransaction(db, () => db.exec('INSERT INTO t VALUES (1)'));
    assert.throws(() => inTransaction(db, () => {
      db.exec('INSERT INTO t VALUES (2)');
      throw new Error('no');
    }));
    inTransaction(db, () => db.exec('INSERT INTO t VALUES (3)'));
  });
  assert.deepEqual(db.prepare('SELECT x FROM t ORDER BY x').all().map((r) => (r as { x: number }).x), [1, 3]);
  assert.equal(db.isTransaction, false);
  // A transaction that may be lost to a power cut still commits, and leaves FULL behind.
  inTransaction(db, () => db.exec('INSERT INTO t VALUES (4)'), { durable: false });
  assert.equal((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous, 2);
});
