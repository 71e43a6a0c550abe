import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, FAST_BACKOFF } from '../helpers/harness.ts';

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
