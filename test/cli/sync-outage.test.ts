// Issue 13's "done when": Ropo One cuts every connection for 30 s; 40 reports over 40 usage
// places are made while it is down, with `usageplace sync` running throughout. They are all
// delivered within 8 s of its return, with no OS signal, and at most 30 requests go to it
// while it is down. The real CLI in a child process, the simulator on loopback, the keychain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startSimulator, DEMO_APICODE, DEMO_CID } from '../../electron/sandbox/simulator.ts';
import { Core } from '../../electron/core/open-core.ts';
import { tempDir, testKeychainService, until } from '../helpers/harness.ts';
import { CLI, PROJECT_ROOT, runCli } from './run-cli.ts';

const OUTAGE_MS = 30_000;

test('a 30 s outage with sync running: 40 reports over 40 usage places, all delivered ≤ 8 s after Ropo One is back, ≤ 30 requests while it was down', { timeout: 120_000 }, async (t) => {
  const sim = await startSimulator();
  const data = tempDir();
  const env = { USAGEPLACE_DATA_DIR: data.dir, USAGEPLACE_KEYCHAIN_SERVICE: testKeychainService() };
  const clerk = { core: null as Core | null };
  t.after(async () => {
    await clerk.core?.close();
    await runCli(['sign-out'], env);
    await sim.close();
    data.remove();
  });
  const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
  assert.equal(setup.code, 0, setup.stderr);
  sim.reset(); // the record starts with the outage

  sim.setFaults({ offline: true });
  const down = Date.now();
  clerk.core = new Core({ dataDir: data.dir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE });
  const make = (i: number): string => clerk.core!.reports.create({ status: 'disconnected', usageplacecode: `UP-OUTAGE-${i}` }).entry.id;
  const ids = [make(0)];
  const sync = spawn(process.execPath, [CLI, 'sync'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  sync.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => sync.once('exit', (code) => r(code)));
  t.after(() => {
    if (sync.exitCode === null) sync.kill('SIGKILL');
  });
  // The clerk makes the other 39 over the next ten seconds.
  for (let i = 1; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    ids.push(make(i));
  }

  // While it is down, `usageplace status` in another process shows the sync's circuit.
  await until(async () => /Last probe: \d{4}/.test((await runCli(['status'], env)).stdout), 'a probe went and status shows it', 20_000);
  const status = (await runCli(['status'], env)).stdout;
  assert.match(status, /^Circuit: open since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d for http:\/\/127\.0\.0\.1:\d+\/rest as demo: Ropo One is not answering/m);
  assert.match(status, /^Last probe: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, got: Could not reach Ropo One \(\w+\)\.$/m);
  assert.match(status, /^Waiting: Ropo One is not answering; checking every few seconds, last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Could not reach Ropo One \(\w+\)\)\.$/m);

  await new Promise((r) => setTimeout(r, down + OUTAGE_MS - Date.now()));
  sim.setFaults({ offline: false });
  const back = Date.now();
  const whileDown = sim.record().requests.length;
  const code = await exited;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Delivered 40 reports\./);

  const sentAt = ids.map((id) => clerk.core!.store.get(id)!.sentAt!);
  const recovery = Math.max(...sentAt) - back;
  t.diagnostic(`${whileDown} requests while down for ${((back - down) / 1000).toFixed(1)} s; all 40 delivered ${recovery} ms after it came back`);
  assert.ok(whileDown <= 30, `${whileDown} requests while it was down`);
  assert.ok(recovery <= 8000, `the last delivered ${recovery} ms after it came back`);
  assert.match(stderr, /Waiting: Ropo One is not answering; checking every few seconds/, 'sync said why it waited');
  const record = sim.record();
  assert.equal(new Set(record.accepted.map((a) => a.event.id)).size, 40);
  assert.equal(record.requests.slice(0, whileDown).every((r) => r.status === 0), true, 'every request while it was down was cut');
});
