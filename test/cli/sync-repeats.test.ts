// Issue 8's first "done when": against a Ropo One that answers repeats with 409 and cuts 30%
// of connections after accepting, 20 reports through `usageplace sync` end as 20 sent, none
// failed, and Ropo One holds 20 distinct events. The real CLI in a child process, the
// simulator on loopback, the real keychain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_APICODE, DEMO_CID } from '../../electron/sandbox/simulator.ts';
import { seededRandom } from '../../electron/sandbox/seeded-random.ts';
import { Core } from '../../electron/core/open-core.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';
import { runCli } from './run-cli.ts';

test('20 reports through usageplace sync, with repeats answered 409 and 30% of connections cut after accepting: 20 sent, 20 distinct events', async (t) => {
  // A fixed seed: the simulator draws once per event request, so the run repeats exactly.
  const sim = await startSimulator({ random: seededRandom(8) });
  const data = tempDir();
  const env = { USAGEPLACE_DATA_DIR: data.dir, USAGEPLACE_KEYCHAIN_SERVICE: testKeychainService() };
  t.after(async () => {
    await runCli(['sign-out'], env);
    await sim.close();
    data.remove();
  });
  const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
  assert.equal(setup.code, 0, setup.stderr);

  // 20 reports over 10 usage places (two each, so order matters too), queued by the clerk.
  const clerk = new Core({ dataDir: data.dir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE });
  const ids = Array.from({ length: 20 }, (_, i) =>
    clerk.reports.create({ status: i < 10 ? 'disconnected' : 'connected', usageplacecode: `UP-SYNC-${i % 10}` }).entry.id);
  await clerk.close();

  sim.reset(); // the record starts with the deliveries
  sim.setFaults({ repeatStatus: 409, dropAfterAcceptRate: 0.3 });
  const sync = await runCli(['sync', '--timeout', '120'], env);
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /Delivered 20 reports\./);

  const list = JSON.parse((await runCli(['list', '--json'], env)).stdout) as { id: string; state: string }[];
  assert.equal(list.length, 20);
  assert.deepEqual(list.filter((e) => e.state !== 'sent'), [], 'all 20 sent, none failed');

  const record = sim.record();
  const accepted = record.accepted.map((a) => a.event.id);
  assert.equal(new Set(accepted).size, 20, 'Ropo One holds 20 distinct events');
  assert.deepEqual([...accepted].sort(), [...ids].sort());
  for (let lane = 0; lane < 10; lane++) {
    assert.deepEqual(accepted.filter((id) => id === ids[lane] || id === ids[lane + 10]), [ids[lane], ids[lane + 10]], `order of UP-SYNC-${lane}`);
  }
  const answered = (status: number): number => record.requests.filter((r) => r.path === '/rest/usageplace/event' && r.status === status).length;
  const cut = answered(0);
  const conflicts = answered(409);
  t.diagnostic(`${cut} connections cut after accepting, ${conflicts} repeats answered 409`);
  assert.ok(cut > 0 && conflicts > 0, 'the faults really happened');
  assert.equal(record.duplicates, cut, 'each cut answer was followed by one resend of the same id');
  assert.equal(answered(200) + conflicts, 20, 'each report got exactly one answer: 200 the first time, 409 for a repeat');
});
