import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { UpdatePolicy, CHECK_EVERY_MS, type Timers } from '../../electron/desktop/updates/update-policy.ts';
import { isNewer } from '../../electron/desktop/updates/update-feed.ts';
import { isPerMachineInstall, readFeedConfig, updatesOffReason } from '../../electron/desktop/updates/update-settings.ts';
import { machinePolicyFile, readMachinePolicy, readPolicyFile } from '../../electron/desktop/updates/machine-policy.ts';
import { UpdateView } from '../../shared/desktop.ts';
import { tempDir, until } from '../helpers/harness.ts';
import { makeTestCa } from '../helpers/test-ca.ts';
import { checkInstallerSignature } from '../../electron/desktop/updates/installer-signature.ts';
import { updateErrorOf } from '../../electron/desktop/updates/update-error.ts';
import { Agent, fetch as undiciFetch } from 'undici';

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
  /** What the yml says the installer is, when a test plays a hostile feed; null: the real name. */
  installerUrl: string | null;
  /** How the server answers a Range request: as asked, 416 to any, or from byte 0 whatever was asked. */
  ranges: 'honest' | '416' | 'from-start';
}

let server: Server;
let feed: Feed;
const sockets = new Set<Socket>();
const temps: { remove: () => void }[] = [];

before(async () => {
  feed = { url: '', requests: [], version: '0.2.0', sha512: SHA512, cut: null, installerUrl: null, ranges: 'honest' };
  server = createServer(serveFeed);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

/** electron-builder's generic feed, as a web server serves it (with HTTP Range). */
function serveFeed(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  feed.requests.push({ path, range: req.headers.range ?? null });
  if (path === '/latest-linux.yml' || path === '/latest.yml') {
    const name = feed.installerUrl ?? (path === '/latest.yml' ? 'Usage-Place-Reporter-Setup-0.2.0.exe' : FILE);
    res.end(`version: ${feed.version}\nfiles:\n  - url: ${JSON.stringify(name)}\n    sha512: ${feed.sha512}\n    size: ${INSTALLER.length}\npath: ${JSON.stringify(name)}\nsha512: ${feed.sha512}\nreleaseDate: '2025-01-06T08:00:00.000Z'\n`);
    return;
  }
  if (feed.installerUrl !== null) {
    res.end(INSTALLER); // a hostile feed serves whatever it named, under any name
    return;
  }
  if (path !== `/${FILE}` && path !== '/Usage-Place-Reporter-Setup-0.2.0.exe') {
    res.writeHead(404).end();
    return;
  }
  const asked = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  // As nginx and S3 do: a range that starts at or after the end is not satisfiable.
  if (asked > 0 && (asked >= INSTALLER.length || feed.ranges === '416')) {
    res.writeHead(416, { 'content-range': `bytes */${INSTALLER.length}` }).end();
    return;
  }
  const from = feed.ranges === 'from-start' ? 0 : asked;
  const body = INSTALLER.subarray(from);
  const partial = asked > 0;
  res.writeHead(partial ? 206 : 200, {
    'content-length': body.length,
    ...(partial ? { 'content-range': `bytes ${from}-${INSTALLER.length - 1}/${INSTALLER.length}` } : {}),
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
}

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

function policy(options: {
  online?: () => boolean; platform?: NodeJS.Platform; current?: string; stallMs?: number; feedUrl?: string; fetch?: typeof fetch; loopbackHttp?: boolean;
  cacheDir?: string;
} = {}) {
  const time = manualTime();
  const cache = tempDir('upr-updates-');
  temps.push(cache);
  const cacheDir = options.cacheDir ?? join(cache.dir, 'pending');
  const views: UpdateView[] = [];
  const readied: string[] = [];
  const names: string[] = [];
  const warned: string[] = [];
  const p = new UpdatePolicy({
    currentVersion: options.current ?? '0.1.0',
    feedUrl: options.feedUrl ?? feed.url,
    offReason: null,
    platform: options.platform ?? 'linux',
    fetch: options.fetch ?? fetch,
    // The test's feed is plain http on 127.0.0.1; a build accepts only https (see the https test below).
    insecureLoopbackHttpForTests: options.loopbackHttp ?? true,
    cacheDir,
    isOnline: options.online ?? (() => true),
    now: time.now,
    timers: time.timers,
    stallMs: options.stallMs ?? 2000,
    retryMs: { base: 60_000, cap: 600_000 },
    onReady: async (release, file) => {
      readied.push(file);
      names.push(release.fileName); // what electron-updater's update-info.json is given
    },
    onChange: (v) => views.push(v),
    log: { info: () => {}, warn: (...parts: unknown[]) => warned.push(parts.join(' ')), error: () => {} },
  });
  return { p, time, views, readied, names, cacheDir, warned };
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
    await until(() => p.view().lastError?.code === 'download_stopped', 'the stall is given up', 5000);
    p.onlineAgain();
    await until(() => p.view().state === 'ready', 'ready');
    assert.match(feed.requests.filter((r) => r.path === `/${FILE}`)[1]!.range ?? '', /^bytes=/);
  });

  test('an installer that does not match the feed\'s sha512 is thrown away, never offered', async () => {
    feed.requests = [];
    feed.sha512 = createHash('sha512').update('something else').digest('base64');
    try {
      const { p, cacheDir, warned } = policy();
      p.start();
      await until(() => p.view().lastError !== null, 'refused');
      assert.deepEqual(p.view().lastError, { code: 'checksum_mismatch', httpStatus: null });
      assert.match(warned.join('\n'), /does not match the feed's sha512/);
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

  const installerRequests = () => feed.requests.filter((r) => r.path === `/${FILE}`);

  test('a .part as long as the installer (the app quit while hashing it) is finished without asking again, not stuck on 416', async () => {
    feed.requests = [];
    const { p, cacheDir } = policy();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, `${FILE}.part`), INSTALLER);
    p.start();
    await until(() => p.view().state === 'ready' || p.view().lastError !== null, 'ready');
    assert.equal(p.view().state, 'ready', JSON.stringify(p.view().lastError));
    assert.deepEqual(installerRequests(), [], 'its hash said it was done');
    assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
  });

  test('a .part as long as the installer but with other bytes is thrown away and the installer fetched whole', async () => {
    feed.requests = [];
    const { p, cacheDir } = policy();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, `${FILE}.part`), randomBytes(INSTALLER.length + 10));
    p.start();
    await until(() => p.view().state === 'ready' || p.view().lastError !== null, 'ready');
    assert.equal(p.view().state, 'ready', JSON.stringify(p.view().lastError));
    assert.deepEqual(installerRequests().map((r) => r.range), [null]);
    assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
  });

  for (const ranges of ['416', 'from-start'] as const) {
    test(`a server that will not carry on from our bytes (${ranges === '416' ? 'HTTP 416' : 'another range than asked'}): the .part goes, and the download starts over at once`, async () => {
      feed.requests = [];
      feed.ranges = ranges;
      try {
        const { p, cacheDir } = policy();
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(join(cacheDir, `${FILE}.part`), INSTALLER.subarray(0, 1000));
        p.start();
        await until(() => p.view().state === 'ready' || p.view().lastError !== null, 'ready');
        assert.equal(p.view().state, 'ready', JSON.stringify(p.view().lastError));
        assert.deepEqual(installerRequests().map((r) => r.range), ['bytes=1000-', null]);
        assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
      } finally {
        feed.ranges = 'honest';
      }
    });
  }

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

describe('a feed that is not to be trusted', () => {
  /** The folders of a real cache: a name that climbs out of `pending` lands in `root`. */
  function deepCache() {
    const t = tempDir('upr-hostile-');
    temps.push(t);
    return { root: t.dir, cacheDir: join(t.dir, 'cache', 'usage-place-reporter-updater', 'pending') };
  }
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

  test('an encoded ../ in the installer\'s name stays a name inside the cache: nothing is written anywhere else', async () => {
    for (const hostile of ['..%2F..%2F..%2Fstartup%2Fevil.exe', '..%5C..%5C..%5Cstartup%5Cevil.exe']) {
      feed.requests = [];
      feed.installerUrl = hostile;
      try {
        const { root, cacheDir } = deepCache();
        const { p, readied, names } = policy({ platform: 'win32', cacheDir });
        p.start();
        await until(() => p.view().state === 'ready' || p.view().lastError !== null, hostile);
        assert.equal(p.view().state, 'ready', `${hostile}: ${JSON.stringify(p.view().lastError)}`);
        assert.deepEqual(names, ['evil.exe'], 'electron-updater is given a plain name');
        assert.deepEqual(readied, [join(cacheDir, 'evil.exe')]);
        assert.deepEqual(filesUnder(root), [join(cacheDir, 'evil.exe')], hostile);
      } finally {
        feed.installerUrl = null;
      }
    }
  });

  test('a name that is still a path, a parent, a drive or has control characters is refused, and nothing is downloaded', async () => {
    for (const hostile of ['C%3Aevil.exe', 'evil.exe%3AZone.Identifier', '%2E%2E', 'evil%0A.exe', 'setup..exe']) {
      feed.requests = [];
      feed.installerUrl = hostile;
      try {
        const { root } = deepCache();
        const { p, readied, warned } = policy({ platform: 'win32', cacheDir: join(root, 'pending') });
        p.start();
        await until(() => p.view().lastError !== null, hostile);
        assert.deepEqual(p.view().lastError, { code: 'feed_untrusted', httpStatus: null }, hostile);
        assert.match(warned.join('\n'), /is not a plain file name/, hostile);
        assert.deepEqual(readied, []);
        assert.deepEqual(feed.requests.map((r) => r.path), ['/latest.yml'], `${hostile}: only the feed was read`);
        assert.deepEqual(filesUnder(root), []);
      } finally {
        feed.installerUrl = null;
      }
    }
  });

  test('an installer on another server than the feed is refused', async () => {
    for (const elsewhere of ['https://downloads.example/Setup.exe', '//downloads.example/Setup.exe', 'http://127.0.0.1:1/Setup.exe']) {
      feed.requests = [];
      feed.installerUrl = elsewhere;
      try {
        const { p, readied, warned } = policy({ platform: 'win32' });
        p.start();
        await until(() => p.view().lastError !== null, elsewhere);
        assert.deepEqual(p.view().lastError, { code: 'feed_untrusted', httpStatus: null }, elsewhere);
        assert.match(warned.join('\n'), /an installer on another server/, elsewhere);
        assert.deepEqual(readied, []);
      } finally {
        feed.installerUrl = null;
      }
    }
  });

  test('a plain http feed is not read at all (only the tests\' loopback feed, by their explicit option)', async () => {
    feed.requests = [];
    const { p, warned } = policy({ loopbackHttp: false });
    p.start();
    await until(() => p.view().lastError !== null, 'refused');
    assert.deepEqual(p.view().lastError, { code: 'feed_untrusted', httpStatus: null });
    assert.match(warned.join('\n'), /must be an https:\/\/ URL/);
    assert.deepEqual(feed.requests, []);
    // The option opens loopback only, never another host.
    const remote = policy({ feedUrl: 'http://updates.depot.example/upr/' });
    remote.p.start();
    await until(() => remote.p.view().lastError !== null, 'refused');
    assert.equal(remote.p.view().lastError?.code, 'feed_untrusted');
    assert.match(remote.warned.join('\n'), /must be an https:\/\/ URL/);
  });

  test('why a check did not finish crosses to the window as a code (and the HTTP status), never as an English sentence', async () => {
    const missing = policy({ feedUrl: `${feed.url}missing/` });
    missing.p.start();
    await until(() => missing.p.view().lastError !== null, 'the 404');
    assert.deepEqual(missing.p.view().lastError, { code: 'server_answered', httpStatus: 404 });
    assert.match(missing.warned.join('\n'), /the update feed answered HTTP 404/);

    const closed = policy({ feedUrl: 'http://127.0.0.1:1/' });
    closed.p.start();
    await until(() => closed.p.view().lastError !== null, 'the closed port');
    assert.deepEqual(closed.p.view().lastError, { code: 'unreachable', httpStatus: null });

    const version = feed.version;
    feed.version = '';
    try {
      const unreadable = policy();
      unreadable.p.start();
      await until(() => unreadable.p.view().lastError !== null, 'the feed without a version');
      assert.deepEqual(unreadable.p.view().lastError, { code: 'feed_invalid', httpStatus: null });
    } finally {
      feed.version = version;
    }
    // Every view that reached onChange passes the IPC contract's schema.
    for (const view of [...missing.views, ...closed.views]) UpdateView.parse(view);
  });

  test('an https feed (a CA the test makes) is read and its installer downloaded', async () => {
    const dir = tempDir('upr-feed-ca-');
    temps.push(dir);
    const ca = makeTestCa(dir.dir);
    const https = createHttpsServer({ key: ca.key, cert: ca.cert }, serveFeed);
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    const trusting = new Agent({ connect: { ca: ca.caPem } });
    try {
      feed.requests = [];
      const { p, readied, cacheDir } = policy({
        loopbackHttp: false,
        feedUrl: `https://127.0.0.1:${(https.address() as AddressInfo).port}/`,
        fetch: ((url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: trusting })) as unknown as typeof fetch,
      });
      p.start();
      await until(() => p.view().state === 'ready', `ready (${JSON.stringify(p.view().lastError)})`);
      assert.deepEqual(readied, [join(cacheDir, FILE)]);
      assert.deepEqual(readFileSync(join(cacheDir, FILE)), INSTALLER);
    } finally {
      await trusting.close();
      https.closeAllConnections();
      await new Promise((r) => https.close(r));
    }
  });
});

describe('the publisher\'s signature on a Windows installer', () => {
  const file = 'C:\\Users\\clerk\\AppData\\Local\\usage-place-reporter-updater\\pending\\Setup.exe';
  test('is checked with electron-updater\'s verifier against the build\'s publisher names; a mismatch is refused', async () => {
    const asked: [string[], string][] = [];
    const verify = async (names: string[], path: string) => {
      asked.push([names, path]);
      return path.includes('Setup') ? null : 'no';
    };
    await checkInstallerSignature({ platform: 'win32', file, publisherNames: ['Depot Software Oy'], verifyWindowsSignature: verify });
    assert.deepEqual(asked, [[['Depot Software Oy'], file]]);
    await assert.rejects(
      checkInstallerSignature({ platform: 'win32', file, publisherNames: ['Depot Software Oy'], verifyWindowsSignature: async () => 'signed by Someone Else' }),
      (err: unknown) => /not signed by Depot Software Oy: signed by Someone Else/.test(String(err)) && updateErrorOf(err).code === 'not_signed',
    );
  });

  test('a build that names no publisher installs nothing on Windows; macOS (Squirrel checks the signature) and Linux ask nothing', async () => {
    let asked = 0;
    const verify = async () => {
      asked++;
      return null;
    };
    await assert.rejects(checkInstallerSignature({ platform: 'win32', file, publisherNames: [], verifyWindowsSignature: verify }), /names no publisher/);
    await checkInstallerSignature({ platform: 'darwin', file: '/x.zip', publisherNames: [], verifyWindowsSignature: verify });
    await checkInstallerSignature({ platform: 'linux', file: '/x.AppImage', publisherNames: [], verifyWindowsSignature: verify });
    assert.equal(asked, 0);
  });
});

describe('whether this installation updates itself', () => {
  test('IT\'s policy file turns updates off; a damaged one too', () => {
    const dir = tempDir('upr-install-');
    temps.push(dir);
    const file = join(dir.dir, 'policy.json');
    assert.deepEqual(readPolicyFile(file), { policy: {}, problem: null });
    writeFileSync(file, '{ "updates": false, "note": "managed by IT" }');
    assert.deepEqual(readPolicyFile(file).policy, { updates: false });
    writeFileSync(file, '{ updates: no');
    const broken = readPolicyFile(file);
    assert.equal(broken.policy.updates, false);
    assert.match(broken.problem ?? '', /could not be read, so updates are off/);
  });

  test('the policy lives where only an administrator writes and no upgrade wipes it: %ProgramData%, /Library, /etc', () => {
    assert.equal(machinePolicyFile('win32', { ProgramData: 'C:\\ProgramData' }), 'C:\\ProgramData\\Usage Place Reporter\\policy.json');
    assert.equal(machinePolicyFile('win32', {}), 'C:\\ProgramData\\Usage Place Reporter\\policy.json');
    assert.equal(machinePolicyFile('darwin', {}), '/Library/Application Support/Usage Place Reporter/policy.json');
    assert.equal(machinePolicyFile('linux', {}), '/etc/usage-place-reporter/policy.json');
  });

  test('Windows: the registry value HKLM\\Software\\Policies\\Usage Place Reporter\\Updates = 0 (Group Policy) turns updates off too', () => {
    const dir = tempDir('upr-policy-');
    temps.push(dir);
    const file = join(dir.dir, 'policy.json');
    const asked: string[] = [];
    const reg = (printed: string | null) => (key: string, value: string) => {
      asked.push(`${key} ${value}`);
      return printed;
    };
    const zero = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Usage Place Reporter\r\n    Updates    REG_DWORD    0x0\r\n\r\n';
    assert.deepEqual(readMachinePolicy({ platform: 'win32', env: {}, file, query: reg(zero) }), { policy: { updates: false }, problems: [] });
    assert.deepEqual(asked, ['HKLM\\Software\\Policies\\Usage Place Reporter Updates']);
    assert.deepEqual(readMachinePolicy({ platform: 'win32', env: {}, file, query: reg(zero.replace('0x0', '0x1')) }).policy, {});
    assert.deepEqual(readMachinePolicy({ platform: 'win32', env: {}, file, query: reg(null) }).policy, {}, 'no key: no word from IT');
    const text = readMachinePolicy({ platform: 'win32', env: {}, file, query: reg(zero.replace('REG_DWORD    0x0', 'REG_SZ    no')) });
    assert.deepEqual(text.policy, { updates: false }, 'a value IT set but we cannot read: off');
    assert.match(text.problems[0] ?? '', /not a REG_DWORD/);
    // Either place saying no is enough; only Windows has a registry.
    writeFileSync(file, '{ "updates": false }');
    assert.deepEqual(readMachinePolicy({ platform: 'win32', env: {}, file, query: reg(null) }).policy, { updates: false });
    asked.length = 0;
    assert.deepEqual(readMachinePolicy({ platform: 'darwin', env: {}, file, query: reg(zero) }).policy, { updates: false });
    assert.deepEqual(asked, []);
  });

  test('the feed URL comes from app-update.yml (USAGEPLACE_UPDATE_URL at build time); empty means off, plain http too', () => {
    const dir = tempDir('upr-resources-');
    temps.push(dir);
    const yml = (text: string) => writeFileSync(join(dir.dir, 'app-update.yml'), text);
    assert.deepEqual(readFeedConfig(dir.dir), { feed: null, problem: null });
    yml("provider: generic\nurl: ''\nupdaterCacheDirName: usage-place-reporter-updater\n");
    assert.deepEqual(readFeedConfig(dir.dir), { feed: null, problem: null });
    yml('provider: generic\nurl: https://updates.depot.example/upr/\nupdaterCacheDirName: usage-place-reporter-updater\n');
    assert.deepEqual(readFeedConfig(dir.dir), {
      feed: { url: 'https://updates.depot.example/upr/', cacheDirName: 'usage-place-reporter-updater', publisherNames: [] },
      problem: null,
    });
    // What a signed Windows build has: the names its installers must be signed by.
    yml('provider: generic\nurl: https://updates.depot.example/upr/\npublisherName:\n  - Depot Software Oy\n');
    assert.deepEqual(readFeedConfig(dir.dir).feed?.publisherNames, ['Depot Software Oy']);
    yml('provider: generic\nurl: https://updates.depot.example/upr/\npublisherName: Depot Software Oy\n');
    assert.deepEqual(readFeedConfig(dir.dir).feed?.publisherNames, ['Depot Software Oy']);
    for (const url of ['http://updates.depot.example/upr/', 'http://127.0.0.1:8080/', 'ftp://updates.depot.example/']) {
      yml(`provider: generic\nurl: ${url}\n`);
      const plain = readFeedConfig(dir.dir);
      assert.equal(plain.feed, null, url);
      assert.match(plain.problem ?? '', /must be an https:\/\/ URL.*updates are off/, url);
    }
  });

  test('installed per machine (the MSI, Program Files): IT updates it, the app does not', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\clerk\\AppData\\Local' };
    assert.equal(isPerMachineInstall('win32', 'C:\\Users\\clerk\\AppData\\Local\\Programs\\Usage Place Reporter\\Usage Place Reporter.exe', env), false);
    assert.equal(isPerMachineInstall('win32', 'C:\\Program Files\\Usage Place Reporter\\Usage Place Reporter.exe', env), true);
    assert.equal(isPerMachineInstall('darwin', '/Applications/Usage Place Reporter.app/Contents/MacOS/x', env), false);
    const feedConfig = { url: 'https://x/', cacheDirName: 'c', publisherNames: ['Depot Software Oy'] };
    const on = { packaged: true, feed: feedConfig, policy: {}, perMachine: false, platform: 'win32' as const };
    assert.equal(updatesOffReason(on), null);
    // Unsigned: a Windows build has no publisher to check an installer against.
    assert.equal(updatesOffReason({ ...on, feed: { ...feedConfig, publisherNames: [] } }), 'unsigned');
    assert.equal(updatesOffReason({ ...on, platform: 'darwin', feed: { ...feedConfig, publisherNames: [] } }), null);
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


