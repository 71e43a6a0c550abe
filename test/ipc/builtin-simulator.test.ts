// "Try the built-in simulator" across restarts: the simulator gets a port of its own each
// run, and reports queued for it follow it there. Whatever program holds the port an
// earlier run had (here a decoy that would happily accept everything) never sees one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { startAppRuntime, type AppRuntime } from '../../electron/ipc/app-runtime.ts';
import { Core } from '../../electron/core/open-core.ts';
import { BUILTIN_SIMULATOR_BASE_URL } from '../../shared/endpoint.ts';
import type { Log } from '../../electron/core/log.ts';
import { FAST_BACKOFF, tempDir, testKeychainService, until } from '../helpers/harness.ts';

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };
const keychainService = testKeychainService();

/** Answers like a simulator would (a token, then 200 for events) and notes every request. */
async function decoyOn(port: number): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    if (req.url?.endsWith('/token')) res.writeHead(201, { 'content-type': 'application/json' }).end('{"token":"decoy"}');
    else res.writeHead(200).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const start = (dataDir: string): Promise<AppRuntime> =>
  startAppRuntime({ dataDir, keychainService, isOnline: () => true, emit: () => {}, log: silent, worker: { backoff: FAST_BACKOFF }, chooseExportFile: async () => null, chooseImportFile: async () => null });

const DRAFT = { status: 'disconnected', usageplacecode: 'SIM-RESTART-1' };

let data: ReturnType<typeof tempDir>;
before(() => {
  data = tempDir();
});
after(() => data.remove());

test('queued simulator reports reach the simulator after it moved to another port, never the old port', async () => {
  // First run: the clerk tries the built-in simulator.
  const first = await start(data.dir);
  const session = await first.handlers['session:signIn']({ target: { kind: 'simulator' }, cid: '', apicode: '' });
  assert.equal(session.usesSimulator, true);
  assert.equal(session.isProduction, false);
  assert.equal(session.baseUrl, BUILTIN_SIMULATOR_BASE_URL);
  const oldPort = Number(new URL(first.simulator.url!).port);
  await first.close();

  // Something else takes that port, and a report is queued while the app is closed.
  const decoy = await decoyOn(oldPort);
  try {
    const cli = new Core({ dataDir: data.dir, keychainService });
    const { entry } = cli.reports.create(DRAFT);
    assert.equal(entry.target.baseUrl, BUILTIN_SIMULATOR_BASE_URL);
    // The command-line tool has no simulator to send it to: it waits, and nothing is sent anywhere.
    cli.startDelivery({ backoff: FAST_BACKOFF });
    await until(() => cli.store.get(entry.id)?.lastError !== null, 'a failed try from the CLI');
    assert.match(cli.store.get(entry.id)!.lastError!.message, /BUILTIN_SIMULATOR_NOT_RUNNING/);
    assert.equal(cli.store.get(entry.id)!.state, 'queued');
    await cli.close();

    // Next run: the simulator starts on a free port, and the report goes there.
    const second = await start(data.dir);
    try {
      await until(() => second.core.store.get(entry.id)?.state === 'sent', 'the report to be sent');
      assert.notEqual(Number(new URL(second.simulator.url!).port), oldPort);
      const sim = await fetch(`${second.simulator.url}/__sim/record`);
      const record = (await sim.json()) as { accepted: { event: { id: string } }[] };
      assert.deepEqual(record.accepted.map((a) => a.event.id), [entry.id]);
      assert.deepEqual((await second.handlers['session:get'](undefined)).usesSimulator, true);
    } finally {
      await second.close();
    }
    assert.deepEqual(decoy.requests, []);
  } finally {
    await decoy.close();
  }
});

test('data of an earlier version (the simulator as a custom URL on a remembered port) is adopted, not sent to that port', async () => {
  const legacy = tempDir();
  const decoy = await decoyOn(0);
  try {
    const port = decoy.port;
    const oldUrl = `http://127.0.0.1:${port}/rest`;
    const core = new Core({ dataDir: legacy.dir, keychainService });
    core.meta.set('builtin_simulator', { port });
    core.settings.set({ endpoint: { kind: 'custom', baseUrl: oldUrl }, cid: 'demo' });
    const { entry } = core.reports.create({ ...DRAFT, usageplacecode: 'SIM-LEGACY-1' });
    assert.equal(entry.target.baseUrl, oldUrl);
    await core.close();

    const runtime = await start(legacy.dir);
    try {
      await until(() => runtime.core.store.get(entry.id)?.state === 'sent', 'the legacy report to be sent');
      assert.equal(runtime.core.store.get(entry.id)!.target.baseUrl, BUILTIN_SIMULATOR_BASE_URL);
      assert.deepEqual(runtime.core.settings.get()?.endpoint, { kind: 'simulator' });
      assert.equal((await runtime.handlers['session:get'](undefined)).usesSimulator, true);
    } finally {
      await runtime.core.account.signOut();
      await runtime.close();
    }
    assert.deepEqual(decoy.requests, []);
  } finally {
    await decoy.close();
    legacy.remove();
  }
});
