import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.ts';
import { makeTestCa, type TestCa } from '../helpers/test-ca.ts';
import { CLI, runCli } from './run-cli.ts';

// The CLI on a depot's network: a real forward proxy on loopback (absolute-URL requests for
// http://, CONNECT for https://), an https simulator whose certificate comes from a CA this
// test makes, and the refusal to run with certificate checks off.

let sim: Simulator;
let proxy: ForwardProxy;
let ca: TestCa;
const temps: { remove: () => void }[] = [];
const keychain = testKeychainService();
/** Proxy variables of the machine running the tests must not leak into these runs. */
const clean = { HTTP_PROXY: '', HTTPS_PROXY: '', ALL_PROXY: '', NO_PROXY: '', http_proxy: '', https_proxy: '', all_proxy: '', no_proxy: '' };

before(async () => {
  sim = await startSimulator();
  proxy = await startForwardProxy();
  const caDir = tempDir('upr-ca-');
  temps.push(caDir);
  ca = makeTestCa(caDir.dir);
});

after(async () => {
  await sim.close();
  await proxy.close();
  for (const t of temps) t.remove();
});

function setupEnv(extra: Record<string, string>): Record<string, string> {
  const data = tempDir();
  temps.push(data);
  return { ...clean, USAGEPLACE_DATA_DIR: data.dir, USAGEPLACE_KEYCHAIN_SERVICE: keychain, ...extra };
}

/** setup, report and sync with `env`; returns the report's id. */
async function setupReportSync(env: Record<string, string>, endpoint: string): Promise<string> {
  const setup = await runCli(['setup', '--endpoint', endpoint, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
  assert.equal(setup.code, 0, setup.stderr);
  const report = await runCli(['report', '--status', 'disconnected', '--usageplace', `PROXY-${Date.now()}`], env);
  assert.equal(report.code, 0, report.stderr);
  const sync = await runCli(['sync', '--timeout', '20'], env);
  assert.equal(sync.code, 0, sync.stderr);
  return report.stdout.trim();
}

describe('the CLI behind a proxy', () => {
  test('with HTTP_PROXY at a loopback proxy, setup, report and sync go through it and deliver; status names it', async (t) => {
    const env = setupEnv({ HTTP_PROXY: proxy.url });
    t.after(() => runCli(['sign-out'], env));
    const seenBefore = proxy.seen.length;
    const id = await setupReportSync(env, sim.url);
    const seen = proxy.seen.slice(seenBefore).map((s) => `${s.method} ${s.target}`);
    assert.ok(seen.includes(`POST ${sim.url}/rest/token`), seen.join('\n'));
    assert.ok(seen.includes(`POST ${sim.url}/rest/usageplace/event`), seen.join('\n'));
    assert.ok(sim.record().accepted.some((a) => a.event.id === id), 'delivered');
    const status = await runCli(['status'], env);
    assert.match(status.stdout, new RegExp(`Proxy: ${proxy.url} \\(from HTTP_PROXY\\)`));
    const json = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { proxy: { proxy: string; from: string } };
    assert.deepEqual(json.proxy, { proxy: `${proxy.url}/`, from: 'HTTP_PROXY', bypassed: false });
  });

  test('with NO_PROXY=127.0.0.1,localhost the same commands go straight, and deliver', async (t) => {
    const env = setupEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost' });
    t.after(() => runCli(['sign-out'], env));
    const seenBefore = proxy.seen.length;
    const id = await setupReportSync(env, sim.url);
    assert.deepEqual(proxy.seen.slice(seenBefore), [], 'the proxy saw nothing');
    assert.ok(sim.record().accepted.some((a) => a.event.id === id), 'delivered');
    assert.match((await runCli(['status'], env)).stdout, /Proxy: none: NO_PROXY names 127\.0\.0\.1, so requests go straight/);
  });

  test('a proxy that wants a password: refused in words, then through with credentials in the URL (never shown)', async (t) => {
    const guarded = await startForwardProxy({ requireAuth: 'clerk:depot-pw' });
    t.after(() => guarded.close());
    const refused = setupEnv({ HTTP_PROXY: guarded.url });
    const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...refused, USAGEPLACE_APICODE: DEMO_APICODE });
    assert.equal(setup.code, 1);
    assert.match(setup.stderr, /The proxy refused the connection \(HTTP 407\): it wants a user name and password/);

    const withAuth = setupEnv({ HTTP_PROXY: `http://clerk:depot-pw@127.0.0.1:${guarded.port}` });
    t.after(() => runCli(['sign-out'], withAuth));
    await setupReportSync(withAuth, sim.url);
    const status = await runCli(['status', '--json'], withAuth);
    assert.doesNotMatch(status.stdout, /depot-pw/);
    assert.match((await runCli(['status'], withAuth)).stdout, /Proxy: http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+ \(from HTTP_PROXY\)/);
    assert.doesNotMatch(status.stdout, /clerk/, 'the proxy account (often the clerk\'s own sign-in name) is not shown either');
  });

  test('a SOCKS proxy: status says it cannot be used (and does not crash), and every request fails saying so', async (t) => {
    const env = setupEnv({});
    t.after(() => runCli(['sign-out'], env));
    const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
    assert.equal(setup.code, 0, setup.stderr);
    const socks = { ...env, ALL_PROXY: 'socks5://clerk:pw@127.0.0.1:1080' };
    const status = await runCli(['status'], socks);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Proxy: socks5:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:1080 \(from ALL_PROXY\): SOCKS proxies are not supported.*so every request fails/);
    assert.doesNotMatch(status.stdout, /clerk|pw@/);
    const json = await runCli(['status', '--json'], socks);
    assert.equal(json.code, 0, json.stderr);
    assert.match((JSON.parse(json.stdout) as { proxy: { unsupported: string } }).proxy.unsupported, /SOCKS proxies are not supported/);

    const again = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...socks, USAGEPLACE_APICODE: DEMO_APICODE });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /SOCKS proxies are not supported/);
    const report = await runCli(['report', '--status', 'disconnected', '--usageplace', `SOCKS-${Date.now()}`], socks);
    assert.equal(report.code, 0, report.stderr);
    const sync = await runCli(['sync', '--timeout', '2'], socks);
    assert.equal(sync.code, 4, `${sync.stdout}\n${sync.stderr}`);
    assert.match((await runCli(['status'], socks)).stdout, /SOCKS proxies are not supported/, 'why the report waits');
  });
});

describe('the CLI and TLS', () => {
  let tlsSim: Simulator;
  before(async () => {
    tlsSim = await startSimulator({ tls: { key: ca.key, cert: ca.cert } });
  });
  after(() => tlsSim.close());

  // On Linux the operating system's store is OpenSSL's, which SSL_CERT_FILE can point at a
  // file: that is how this test installs its CA "in the OS". Other systems keep theirs in
  // the certificate store or keychain, which a test should not change.
  const osStore = process.platform === 'linux' ? false : 'the OS store is only planted through SSL_CERT_FILE on Linux';

  test('an https Ropo One whose CA is only in the OS store: trusted, through a CONNECT tunnel', { skip: osStore }, async (t) => {
    const env = setupEnv({ HTTPS_PROXY: proxy.url, SSL_CERT_FILE: ca.caFile });
    t.after(() => runCli(['sign-out'], env));
    const seenBefore = proxy.seen.length;
    const id = await setupReportSync(env, tlsSim.url);
    const host = new URL(tlsSim.url).host;
    assert.deepEqual([...new Set(proxy.seen.slice(seenBefore).map((s) => `${s.method} ${s.target}`))], [`CONNECT ${host}`]);
    assert.ok(tlsSim.record().accepted.some((a) => a.event.id === id));
  });

  test('without that CA the same server is refused as a TLS failure', async () => {
    const env = setupEnv({});
    const setup = await runCli(['setup', '--endpoint', tlsSim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
    assert.equal(setup.code, 1);
    assert.match(setup.stderr, /tls_failed/);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=0: the CLI refuses to run, and says why and what to do instead', async () => {
    const env = setupEnv({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    const tokenRequests = () => tlsSim.record().requests.filter((r) => r.path === '/rest/token').length;
    const before = tokenRequests();
    for (const args of [['status'], ['setup', '--endpoint', tlsSim.url, '--cid', DEMO_CID]]) {
      const run = await runCli(args, { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /Refusing to run: NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off/);
      assert.match(run.stderr, /certificate store/);
    }
    assert.equal(tokenRequests(), before, 'nothing was sent');
  });

  test('TLS keys written out (--tls-keylog on node\'s command line or in NODE_OPTIONS, or SSLKEYLOGFILE): the CLI refuses to run', async () => {
    const tokenRequests = () => tlsSim.record().requests.filter((r) => r.path === '/rest/token').length;
    const before = tokenRequests();
    const keys = tempDir('upr-keylog-');
    temps.push(keys);
    const keyFile = join(keys.dir, 'keys.txt');
    const setup = ['setup', '--endpoint', tlsSim.url, '--cid', DEMO_CID];
    const runs = [
      { how: /--tls-keylog \(in the node command line\)/, run: runCli(setup, { ...setupEnv({}), USAGEPLACE_APICODE: DEMO_APICODE }, { command: [process.execPath, `--tls-keylog=${keyFile}`, CLI] }) },
      { how: /--tls-keylog \(in NODE_OPTIONS\)/, run: runCli(setup, { ...setupEnv({ NODE_OPTIONS: `--tls-keylog=${keyFile}` }), USAGEPLACE_APICODE: DEMO_APICODE }) },
      { how: /SSLKEYLOGFILE writes the keys/, run: runCli(setup, { ...setupEnv({ SSLKEYLOGFILE: keyFile }), USAGEPLACE_APICODE: DEMO_APICODE }) },
    ];
    for (const { how, run } of runs) {
      const result = await run;
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, how);
      assert.match(result.stderr, /anyone can read the API code and the token/);
    }
    assert.equal(tokenRequests(), before, 'nothing was sent');
    assert.ok(!existsSync(keyFile), 'no key was written');
  });
});
