// What the clerk is told about an outage: the status blames a circuit only for its own
// target's reports. Real Core, simulator, keychain, HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, DEMO_APICODE, DEMO_CID } from '../helpers/harness.ts';
import { startStandIn } from '../helpers/stand-in.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';

test('a circuit is blamed only for its own target\'s reports, and forgotten once nothing of its target waits', async (t) => {
  const h = await harness();
  // The second environment: a stand-in whose Ropo One answers every report 500.
  const other = await startStandIn(h.sim.url, (req) => (req.url === '/rest/usageplace/event' ? { status: 500 } : null));
  t.after(async () => {
    await h.close();
    await other.close();
  });
  h.sim.setFaults({ offline: true });
  const first = Array.from({ length: 6 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-ENV1-${i}` }).entry.id);
  // Long waits: nothing goes again by itself while the test looks.
  const worker = h.core.startDelivery({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.99, circuit: { probeEveryMs: 60_000 } });
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  await until(() => opened === 1 && h.core.store.counts().sending === 0, 'the circuit opens, and the requests that were out answer');
  for (const id of first) h.core.reports.discard(id, 'app'); // the clerk gives up on them

  h.sim.setFaults({ offline: false });
  await h.core.account.setup(parseEndpointName(other.url), DEMO_CID, DEMO_APICODE);
  const second = h.core.reports.create({ status: 'disconnected', usageplacecode: 'UP-ENV2' }).entry.id;
  await until(() => h.core.store.get(second)!.attempts === 1, 'the other environment answered it 500');
  const s = h.core.status();
  assert.equal(s.circuits.length, 1, 'the first environment\'s circuit is still open');
  assert.equal(s.waitReason, 'server_error', 'the report that waits waits for its own environment, which answers');
  assert.equal(s.waitDetail?.httpStatus, 500);

  worker.onlineAgain(); // Send now: the open circuit probes at once, and finds nothing to probe
  await until(() => h.core.status().circuits.length === 0, 'the circuit with nothing waiting is forgotten');
  assert.equal(opened, 1);
});
