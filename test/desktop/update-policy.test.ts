import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { UpdatePolicy, CHECK_EVERY_MS, type Timers } from '../../electron/desktop/updates/update-policy.ts';
import { isNewer } from '../../electron/desktop/updates/update-feed.ts';
import { isPerMachineInstall, readFeedConfig, readInstallPolicy, updatesOffReason } from '../../electron/desktop/updates/update-settings.ts';
import type { UpdateView } from '../../shared/desktop.ts';
import { tempDir, until } from '../helpers/harness.ts';

// The update policy against a real generic feed on loopback: electron-builder's
// latest-linux.yml / latest.yml and an installer, served with HTTP Range like a web server,
// and a connection that drops or stalls half-way. The clock and the timers are the test's.

const INSTALLER = randomBytes(600 * 1024);
const SHA512 = createHash('sha512').update(INSTALLER).digest('base64');
const FILE = 'Usage-Place-Reporter-0.2.0.AppImage';

interface Feed {
  url: string;
  requests: { path: string; range: string | null }[];
  version: string;
  sha512: string;
  /** The next installer answer stops after this many bytes: 'drop' closes, 'stall' hangs. */
  cut: { bytes: number; how: 'drop' | 'stall' } | null;
}

let server: Server;
let feed: Feed;
const sockets = new Set<Socket>();
const temps: { remove: () => void }[] = [];

before(async () => {
  feed = { url: '', requests: [], version: '0.2.0', sha512: SHA512, cut: null };
  server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    feed.requests.push({ path, range: req.headers.range ?? null });
    if (path === '/latest-linux.yml' || path === '/latest.yml') {
      const name = path === '/latest.yml' ? 'Usage-Place-Reporter-Setup-0.2.0.exe' : FILE;
      res.end(`version: ${feed.version}\nfiles:\n  - url: ${name}\n    sha512: ${feed.sha512}\n    size: ${INSTALLER.length}\npath: ${name}\nsha512: ${feed.sha512}\nreleaseDate: '2025-01-06T08:00:00.000Z'\n`);
      return;
    }
    if (path !== `/${FILE}` && path !== '/Usage-Place-Reporter-Setup-0.2.0.exe') {
      res.writeHead(404).end();
      return;
    }
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const body = INSTALLER.subarray(from);
    res.writeHead(from > 0 ? 206 : 200, {
      'content-length': body.length,
      ...(from > 0 ? { 'content-range': `bytes ${from}-${INSTALLER.length - 1}/${INSTALLER.length}` } : {}),
    });
    const cut = feed.cut;
    feed.cut = null;
    if (!cut) {
      res.end(body);
      return;
    }
    res.write(body.subarray(0, cut.bytes), () => {
      if (cut.how === 'drop') res.socket?.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  for (const t of temps) t.remove();
});

/** Timers the test moves by hand, with the clock they share. */
function manualTime() {
  let now = Date.UTC(2025, 0, 6, 8, 0, 0);
  let pending: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    set: (run, ms) => {
      const t = { at: now + ms, run, id: nextId++ };
      pending.push(t);
      return t.id;
    },
    clear: (id) => {
      pending = pending.filter((t) => t.id !== id);
    },
  };
  return {
    timers,
    now: () => now,
    advance(ms: number) {
      now += ms;
      const due = pending.filter((t) => t.at <= now);
      pending = pending.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
  };
}

function policy(options: { online?: () => boolean; platform?: NodeJS.Platform; current?: string; stallMs?: number } = {}) {
  const time = manualTime();
  const cache = tempDir('upr-updates-');
  temps.push(cache);
  const views: UpdateView[] = [];
  const readied: string[] = [];
  const p = new UpdatePolicy({
    currentVersion: options.current ?? '0.1.0',
    feedUrl: feed.url,
    offReason: null,
    platform: options.platform ?? 'linux',
    fetch,
    cacheDir: join(cache.dir, 'pending'),
    isOnline: options.online ?? (() => true),
    now: time.now,
    timers: time.timers,
    stallMs: options.stallMs ?? 2000,
    retryMs: { base: 60_000, cap: 600_000 },
    onReady: async (_release, file) => {
      readied.push(file);
    },
    onChange: (v) => views.push(v),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  return { p, time, views, readied, cacheDir: join(cache.dir, 'pending') };
}

const feedChecks = () => feed.requests.filter((r) => r.path.endsWith('.yml')).length;

describe('the update policy against a loopback feed', () => {
  test('at start while online: reads latest-linux.yml, downloads, verifies, ready; checks again only after 6 h', async () => {
    feed.requests = [];
    const { p, time, readied, cacheDir } = policy();
    p.start();
    await until(() => p.view().state === 'ready', 'ready');
    assert.deepEqual(p.view(), { state: 'ready', offReason: null, version: '0.2.0', lastError: null });
    assert.deepEqual(feed.requests.map((r) => r.path), ['/latest-linux.yml', `/${FILE}`]);
    assert.deepEqual(readied, [join(cacheDir, FILE)]);
    assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
    time.advance(CHECK_EVERY_MS);
    assert.equal(feedChecks(), 1, 'a ready update is not looked for again');
  });

  test('no newer version: idle, and the next look is 6 hours later, not before', async () => {
    feed.requests = [];
    const { p, time } = policy({ current: '0.2.0' });
    p.start();
    await until(() => feedChecks() === 1 && p.view().state === 'idle', 'first check');
    time.advance(CHECK_EVERY_MS - 1000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(feedChecks(), 1);
    time.advance(1000);
    await until(() => feedChecks() === 2, 'the 6-hour check');
    assert.equal(feed.requests.some((r) => !r.path.endsWith('.yml')), false, 'nothing downloaded');
  });

  test('offline: no request at start or when the 6 hours come; the owed check runs when the network is back', async () => {
    feed.requests = [];
    let online = false;
    const { p, time } = policy({ current: '0.2.0', online: () => online });
    p.start();
    time.advance(CHECK_EVERY_MS * 2);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(feed.requests.length, 0);
    online = true;
    p.onlineAgain();
    await until(() => feedChecks() === 1, 'checked once back online');
  });

  test('a dropped connection: the download carries on from where it stopped (HTTP Range) and is verified whole', async () => {
    feed.requests = [];
    feed.cut = { bytes: 250 * 1024, how: 'drop' };
    const { p, time, cacheDir } = policy();
    p.start();
    await until(() => p.view().state === 'idle' && p.view().lastError !== null, 'the drop is noticed');
    const part = join(cacheDir, `${FILE}.part`);
    assert.ok(existsSync(part), 'the bytes so far are kept');
    const kept = statSync(part).size;
    assert.ok(kept > 0 && kept < INSTALLER.length);
    time.advance(60_000); // the retry
    await until(() => p.view().state === 'ready', 'ready after the retry');
    const downloads = feed.requests.filter((r) => r.path === `/${FILE}`);
    assert.equal(downloads.length, 2);
    assert.equal(downloads[0]!.range, null);
    assert.match(downloads[1]!.range ?? '', /^bytes=\d+-$/);
    assert.equal(downloads[1]!.range, `bytes=${kept}-`, 'only the rest was asked for');
    assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
  });

  test('a stalled connection is given up after the timeout, and carried on at once when the network is back', async () => {
    feed.requests = [];
    feed.cut = { bytes: 100 * 1024, how: 'stall' };
    const { p } = policy({ stallMs: 300 });
    p.start();
    await until(() => p.view().lastError === 'the download stalled', 'the stall is given up', 5000);
    p.onlineAgain();
    await until(() => p.view().state === 'ready', 'ready');
    assert.match(feed.requests.filter((r) => r.path === `/${FILE}`)[1]!.range ?? '', /^bytes=/);
  });

  test('an installer that does not match the feed\'s sha512 is thrown away, never offered', async () => {
    feed.requests = [];
    feed.sha512 = createHash('sha512').update('something else').digest('base64');
    try {
      const { p, cacheDir } = policy();
      p.start();
      await until(() => p.view().lastError !== null, 'refused');
      assert.match(p.view().lastError!, /does not match the feed's sha512/);
      assert.notEqual(p.view().state, 'ready');
      assert.ok(!existsSync(join(cacheDir, FILE)) && !existsSync(join(cacheDir, `${FILE}.part`)));
    } finally {
      feed.sha512 = SHA512;
    }
  });

  test('Windows reads latest.yml and takes the .exe', async () => {
    feed.requests = [];
    const { p } = policy({ platform: 'win32' });
    p.start();
    await until(() => p.view().state === 'ready', 'ready');
    assert.deepEqual(feed.requests.map((r) => r.path), ['/latest.yml', '/Usage-Place-Reporter-Setup-0.2.0.exe']);
  });

  test('install only a ready update, and never while a request is in flight', async () => {
    const idle = policy({ current: '9.0.0' });
    assert.equal(idle.p.installDecision(0), 'nothing');
    const { p } = policy();
    p.start();
    await until(() => p.view().state === 'ready', 'ready');
    assert.equal(p.installDecision(2), 'wait');
    assert.equal(p.installDecision(0), 'install');
  });
});

describe('whether this installation updates itself', () => {
  test('policy.json in the installation folder turns updates off; a damaged one too', () => {
    const dir = tempDir('upr-install-');
    temps.push(dir);
    assert.deepEqual(readInstallPolicy(dir.dir), { policy: {}, problem: null });
    writeFileSync(join(dir.dir, 'policy.json'), '{ "updates": false, "note": "managed by IT" }');
    assert.deepEqual(readInstallPolicy(dir.dir).policy, { updates: false });
    writeFileSync(join(dir.dir, 'policy.json'), '{ updates: no');
    const broken = readInstallPolicy(dir.dir);
    assert.equal(broken.policy.updates, false);
    assert.match(broken.problem ?? '', /could not be read, so updates are off/);
  });

  test('the feed URL comes from app-update.yml (USAGEPLACE_UPDATE_URL at build time); empty means off', () => {
    const dir = tempDir('upr-resources-');
    temps.push(dir);
    assert.equal(readFeedConfig(dir.dir), null);
    writeFileSync(join(dir.dir, 'app-update.yml'), "provider: generic\nurl: ''\nupdaterCacheDirName: usage-place-reporter-updater\n");
    assert.equal(readFeedConfig(dir.dir), null);
    writeFileSync(join(dir.dir, 'app-update.yml'), 'provider: generic\nurl: https://updates.depot.example/upr/\nupdaterCacheDirName: usage-place-reporter-updater\n');
    assert.deepEqual(readFeedConfig(dir.dir), { url: 'https://updates.depot.example/upr/', cacheDirName: 'usage-place-reporter-updater' });
  });

  test('installed per machine (the MSI, Program Files): IT updates it, the app does not', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\clerk\\AppData\\Local' };
    assert.equal(isPerMachineInstall('win32', 'C:\\Users\\clerk\\AppData\\Local\\Programs\\Usage Place Reporter\\Usage Place Reporter.exe', env), false);
    assert.equal(isPerMachineInstall('win32', 'C:\\Program Files\\Usage Place Reporter\\Usage Place Reporter.exe', env), true);
    assert.equal(isPerMachineInstall('darwin', '/Applications/Usage Place Reporter.app/Contents/MacOS/x', env), false);
    const on = { packaged: true, feed: { url: 'https://x/' }, policy: {}, perMachine: false };
    assert.equal(updatesOffReason(on), null);
    assert.equal(updatesOffReason({ ...on, policy: { updates: false } }), 'policy');
    assert.equal(updatesOffReason({ ...on, perMachine: true }), 'per_machine');
    assert.equal(updatesOffReason({ ...on, feed: null }), 'no_feed');
    assert.equal(updatesOffReason({ ...on, packaged: false }), 'not_packaged');
  });

  test('versions compare as releases do', () => {
    assert.ok(isNewer('0.2.0', '0.1.9'));
    assert.ok(isNewer('1.0.0', '1.0.0-beta.2'));
    assert.ok(isNewer('1.0.0-beta.10', '1.0.0-beta.9'));
    assert.ok(!isNewer('0.1.0', '0.1.0'));
    assert.ok(!isNewer('0.1.0', '0.10.0'));
  });
});


