import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { harness, until, FAST_BACKOFF } from '../helpers/harness.ts';
import { DeliveryWorker } from '../../electron/core/delivery-worker.ts';
import { DeliveryLease } from '../../electron/core/delivery-lease.ts';
import { WalSync } from '../../electron/core/db/wal-sync.ts';

test('reports of all three kinds are delivered once, in order, and validate against the OpenAPI document', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const ids = [
    h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-1', invoices: [{ invoicenumber: '594294', jobid: '1234' }] }).entry.id,
    h.core.reports.create({ status: 'connected', usageplacecode: 'UP-1' }).entry.id,
    h.core.reports.create({ status: 'notdisconnected', usageplacecode: 'UP-2', description: 'Gate locked' }).entry.id,
  ];
  h.core.startDelivery({ backoff: FAST_BACKOFF });
  await until(() => h.core.store.counts().sent === 3, 'three reports sent');
  const record = h.sim.record();
  assert.deepEqual(record.accepted.map((a) => a.event.id).filter((id) => ids.slice(0, 2).includes(id)), ids.slice(0, 2));
  assert.equal(record.duplicates, 0);
  assert.ok(record.requests.every((r) => r.openApiValid), 'every request validates against the OpenAPI document');
  const first = record.accepted.find((a) => a.event.id === ids[0]);
  assert.deepEqual(first?.event.invoices, [{ invoicenumber: '594294', jobid: 1234 }]);
});

test('stopping mid-drain: reports claimed ahead but never sent go back to queued, and a restart sends each once', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const ids = Array.from({ length: 60 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-STOP-${i}` }).entry.id);
  h.sim.setFaults({ latencyMs: 30 });
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF, concurrency: 4 });
  let told = 0;
  worker.on('delivered', () => void (told += 1));
  await until(() => h.core.store.counts().sent >= 8, 'some sent');
  await worker.stop();
  const counts = h.core.store.counts();
  assert.equal(counts.sending, 0, 'nothing left sending after stop');
  assert.equal(counts.sent + counts.queued, 60);
  assert.equal(told, counts.sent, 'every report written as sent was told as delivered before stop() returned');
  const unsentAttempts = ids.filter((id) => h.core.store.get(id)?.state === 'queued').flatMap((id) => h.core.store.attempts(id));
  assert.ok(unsentAttempts.every((a) => a.outcome === 'created'), 'a report handed back unsent has no attempt recorded');

  h.sim.setFaults({ latencyMs: 0 });
  worker.start();
  await until(() => h.core.store.counts().sent === 60, 'all sent after the restart');
  const record = h.sim.record();
  assert.equal(record.duplicates, 0, 'no report was sent twice');
  assert.equal(new Set(record.accepted.map((a) => a.event.id)).size, 60);
});

test('a WAL flush that fails: one commit that waits for the disk first, then the report is told as delivered', async (t) => {
  const h = await harness();
  const worker = new DeliveryWorker({
    store: h.core.store,
    holds: h.core.holds,
    credentials: h.core.credentials,
    client: h.core.client,
    lease: new DeliveryLease(h.core.db),
    serverClock: h.core.serverClock,
    // A WAL file that is not there: every flush fails.
    walSync: new WalSync(join(h.dataDir, 'no-such-dir', 'outbox.sqlite'), { gatherMs: 0 }),
  });
  const stalls: string[] = [];
  const delivered: string[] = [];
  worker.on('stalled', (m) => stalls.push(m));
  worker.on('delivered', (id) => delivered.push(id));
  const id = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-FLUSH' }).entry.id;
  worker.start();
  t.after(async () => {
    await worker.stop(); // before the database closes
    await h.close();
  });
  await until(() => delivered.includes(id), 'told as delivered');
  assert.match(stalls.join('\n'), /did not confirm a write/);
  const forced = h.core.db.prepare("SELECT value FROM meta WHERE key = 'wal_forced_at'").get() as { value: string } | undefined;
  assert.ok(forced, 'a commit that waits for the disk was made before telling');
  const second = h.core.reports.create({ status: 'connected', usageplacecode: 'UP-FLUSH' }).entry.id;
  worker.kick();
  await until(() => delivered.includes(second), 'the next one too, its turn committed with a wait for the disk');
  assert.equal(stalls.filter((m) => /did not confirm/.test(m)).length, 1, 'the failing flush is not tried again');
});
