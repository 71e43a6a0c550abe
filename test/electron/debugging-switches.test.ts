import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { debuggingSwitch, exposingVariable } from '../../electron/platform/debugging-switches.ts';
import { bundleElectron, ROOT } from './bundle.ts';
import { escapeRegExp } from '../helpers/regexp.ts';

// A packaged build refuses to start open to a debugger. The rule is plain code, tested
// here; the bundled main process is then run as a packaged app under Node with the
// stand-in electron module (fixtures/packaged-start-child.ts), as main-smoke.test.ts does.

describe('debuggingSwitch reads the command line as Chromium and Node do', () => {
  test('finds the DevTools and inspector switches in every spelling they accept', () => {
    for (const arg of [
      '--remote-debugging-port=9222', '--remote-debugging-port', '-remote-debugging-port=0', '--REMOTE-DEBUGGING-PORT=9222',
      '--remote_debugging_port=1', '--remote-debugging-pipe', '--inspect', '--inspect=127.0.0.1:9229', '--inspect-brk',
      '--inspect-port=0', '--inspect_brk',
      // What reads the API code and the token off the wire: a man in the middle, TLS keys, a net log.
      '--ignore-certificate-errors', '--IGNORE-CERTIFICATE-ERRORS', '--ignore-certificate-errors-spki-list=abc=',
      '--ssl-key-log-file=C:\\keys.txt', '--log-net-log=/tmp/net.json',
    ]) {
      assert.equal(debuggingSwitch(['--some-other', arg], 'linux'), arg, arg);
    }
    assert.equal(debuggingSwitch(['/remote-debugging-port=9222'], 'win32'), '/remote-debugging-port=9222');
  });

  test('ignores other switches, plain arguments and anything after --', () => {
    assert.equal(debuggingSwitch([], 'linux'), null);
    assert.equal(debuggingSwitch(['--enable-logging', 'remote-debugging-port', '--inspector-ui', '-', '--'], 'linux'), null);
    // A depot's proxy alone is no hole: the certificates are still checked.
    assert.equal(debuggingSwitch(['--proxy-server=http://proxy.depot:3128', '--host-resolver-rules=MAP * 127.0.0.1'], 'linux'), null);
    assert.equal(debuggingSwitch(['--', '--remote-debugging-port=9222'], 'linux'), null);
    assert.equal(debuggingSwitch(['/remote-debugging-port=9222'], 'linux'), null, 'a path on Linux, not a switch');
  });
});

describe('exposingVariable', () => {
  test('SSLKEYLOGFILE, which Chromium reads like --ssl-key-log-file, in any case; empty is unset', () => {
    assert.equal(exposingVariable({ SSLKEYLOGFILE: '/tmp/keys' }), 'SSLKEYLOGFILE');
    assert.equal(exposingVariable({ SslKeyLogFile: 'C:\\keys.txt' }), 'SSLKEYLOGFILE', 'Windows variables have no case');
    assert.equal(exposingVariable({ SSLKEYLOGFILE: '' }), null);
    assert.equal(exposingVariable({ PATH: '/usr/bin' }), null);
  });
});

describe('the bundled main process, packaged', () => {
  let bundle: { out: string; remove: () => void };
  const dirs: string[] = [];

  before(() => {
    bundle = bundleElectron();
  });
  after(() => {
    bundle?.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(commandLine: string[], chromiumSwitch?: string, env: NodeJS.ProcessEnv = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'upr-packaged-'));
    dirs.push(dataDir);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'test/electron/fixtures/packaged-start-child.ts'), join(bundle.out, 'main', 'main.js'), ...commandLine],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          USAGEPLACE_DATA_DIR: dataDir,
          USAGEPLACE_KEYCHAIN_SERVICE: `upr-packaged-${randomUUID()}`,
          ...(chromiumSwitch ? { UPR_CHROMIUM_SWITCH: chromiumSwitch } : {}),
          SSLKEYLOGFILE: '', // whatever this machine has set: each test says
          ...env,
        },
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      exitBeforeReady: number | null; singleInstanceLockRequested: boolean; windows: number; ipcChannels: number; log: string;
    };
  }

  test('quits at once with a log line when started with --remote-debugging-port, --inspect or what exposes its traffic', async () => {
    for (const arg of ['--remote-debugging-port=9222', '--inspect', '--ignore-certificate-errors', '--ssl-key-log-file=keys.txt', '--log-net-log=net.json']) {
      const facts = await start([arg]);
      assert.equal(facts.exitBeforeReady, 1, arg);
      assert.equal(facts.windows, 0, arg);
      assert.equal(facts.ipcChannels, 0, arg);
      assert.equal(facts.singleInstanceLockRequested, false, arg);
      assert.match(facts.log, new RegExp(`\\[main\\] refusing to start: ${escapeRegExp(arg)} would open the app to a debugger or let its traffic`), arg);
    }
  });

  test('also when SSLKEYLOGFILE is set (Chromium writes the TLS keys there too)', async () => {
    const facts = await start([], undefined, { SSLKEYLOGFILE: join(tmpdir(), 'upr-keys.txt') });
    assert.equal(facts.exitBeforeReady, 1);
    assert.match(facts.log, /refusing to start: SSLKEYLOGFILE would/);
  });

  test('also when only Chromium\'s own command line has the switch', async () => {
    const facts = await start([], 'remote-debugging-pipe');
    assert.equal(facts.exitBeforeReady, 1);
    assert.match(facts.log, /refusing to start: remote-debugging-pipe/);
  });

  test('starts as usual without them', async () => {
    const facts = await start(['--enable-logging']);
    assert.equal(facts.exitBeforeReady, null);
    assert.equal(facts.windows, 1);
    assert.doesNotMatch(facts.log, /refusing/);
  });
});
