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
