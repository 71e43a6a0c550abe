import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { CHANNEL_NAMES } from '../../shared/ipc.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { APP_ID } from '../../electron/platform/app-identity.ts';
import { bundleElectron, ROOT } from './bundle.ts';

// The bundled main process (out/main/main.js, exactly as `npm start` would load it) run
// under plain Node with a test double of the 'electron' module (fixtures/fake-electron.ts),
// because the Electron binary cannot be installed here. This checks the bundle loads (ESM,
// node:sqlite, electron-log, the runtime) and that the shell wires what DESIGN.md asks for.
// What only real Electron can show (Chromium honouring these settings) is the job of
// launch.e2e.ts, where the binary exists.

type Facts = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let facts: Facts;
let bundle: { out: string; remove: () => void };
let dataDir: string;
let configDir: string;

before(async () => {
  bundle = bundleElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'upr-main-smoke-'));
  configDir = mkdtempSync(join(tmpdir(), 'upr-main-smoke-config-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'test/electron/fixtures/main-smoke-child.ts'), join(bundle.out, 'main', 'main.js')],
    {
      cwd: ROOT,
      // XDG_CONFIG_HOME: the Linux autostart entry the first sign-in writes lands here.
      env: { ...process.env, USAGEPLACE_DATA_DIR: dataDir, XDG_CONFIG_HOME: configDir, USAGEPLACE_KEYCHAIN_SERVICE: `upr-main-smoke-${randomUUID()}` },
      timeout: 60_000,
      maxBuffer: 10_000_000,
    },
  );
  const last = stdout.trim().split('\n').at(-1)!;
  facts = JSON.parse(last) as Facts;
});

after(() => {
  bundle?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('the bundled main process (with a fake electron module)', () => {
  test('before ready: app:// is a privileged standard scheme, the name and data folder are set, one instance', () => {
    const b = facts.beforeReady;
    assert.deepEqual(b.privilegedSchemes, [
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    ]);
    assert.equal(b.name, 'Usage Place Reporter');
    assert.equal(b.userData, dataDir);
    assert.equal(b.singleInstanceLockRequested, true);
    assert.equal(b.sandboxEnabled, true);
    assert.deepEqual(b.ipcChannelsBeforeReady, []);
    assert.equal(b.electronLogChannelLeft, false, "electron-log's renderer channel must not stay open");
    assert.equal(facts.appUserModelId, process.platform === 'win32' ? APP_ID : null);
  });

  test('the window: sandboxed, isolated, no Node, the bundled preload, loads app://renderer/index.html', () => {
    const w = facts.window;
    assert.equal(w.webPreferences.contextIsolation, true);
    assert.equal(w.webPreferences.sandbox, true);
    assert.equal(w.webPreferences.nodeIntegration, false);
    assert.equal(w.webPreferences.nodeIntegrationInWorker, false);
    assert.equal(w.webPreferences.nodeIntegrationInSubFrames, false);
    assert.equal(w.webPreferences.webSecurity, true);
    assert.equal(w.webPreferences.allowRunningInsecureContent, false);
    assert.equal(w.webPreferences.webviewTag, false);
    assert.equal(w.preloadExists, true, w.preloadPath);
    assert.match(w.preloadPath, /preload[\\/]preload\.cjs$/);
    assert.equal(w.loadedUrl, 'app://renderer/index.html');
  });

  test('app:// serves dist/renderer with the CSP on every answer, and nothing outside it', () => {
    const p = facts.protocol;
    assert.equal(p.index.status, 200);
    assert.equal(p.index.type, 'text/html; charset=utf-8');
    assert.match(p.index.body, /<title>smoke<\/title>/);
    assert.equal(p.asset.status, 200);
    assert.equal(p.asset.type, 'text/javascript; charset=utf-8');
    assert.equal(p.traversal.status, 404);
    assert.doesNotMatch(p.traversal.body, /secret/);
    assert.equal(p.missing.status, 404);
    assert.equal(p.post.status, 405);
    for (const answer of Object.values(p) as { csp: string }[]) assert.equal(answer.csp, CONTENT_SECURITY_POLICY);
  });

  test('IPC: exactly the contract channels; the app page is answered, every other sender refused', () => {
    const ipc = facts.ipc;
    assert.deepEqual(ipc.channels, [...CHANNEL_NAMES].sort());
    assert.equal(ipc.status.answer.ok, true);
    assert.deepEqual(Object.keys(ipc.status.answer.value.counts).sort(), ['discarded', 'failed', 'held', 'queued', 'sending', 'sent', 'superseded']);
    assert.equal(ipc.badPayload.answer.ok, false);
    assert.equal(ipc.badPayload.answer.error.code, 'validation_failed');
    for (const impostor of ['otherContents', 'subframe', 'otherOrigin', 'noFrame']) {
      assert.match(ipc[impostor].threw ?? '', /Refused/, impostor);
    }
  });

  test('Ropo One is reached through the net session of its own (net.fetch), not Node\'s fetch', () => {
    assert.deepEqual(facts.net.partitions, ['ropo-one']);
    assert.equal(facts.net.signedIn, true);
    assert.deepEqual(facts.net.fetched, ['ropo-one SIM/rest/token']);
  });

  test('the first successful sign-in makes the app start at login, into the tray (--hidden)', () => {
    if (process.platform === 'linux') {
      assert.match(facts.login.autostart, /^\[Desktop Entry\]/);
      assert.match(facts.login.autostart, /^Exec=".*" ".*" --hidden$/m);
    } else {
      assert.equal(facts.login.loginItem.openAtLogin, true);
      assert.equal(facts.login.loginItem.args.at(-1), '--hidden');
    }
  });

  test('a refused report: the tray tooltip and icon, the refused count on the badge, one notification, in the OS\'s language', () => {
    const a = facts.alarm;
    assert.equal(a.tooltip, 'Usage Place Reporter: 1 hylätty');
    assert.equal(a.image, process.platform === 'darwin' ? 'trayAlertTemplate.png' : 'trayAlert.png');
    if (process.platform === 'win32') assert.deepEqual(a.overlays.at(-1), '1 hylätty ilmoitus');
    else assert.equal(a.badgeCounts.at(-1), 1);
    assert.deepEqual(a.notifications, ['Ropo One hylkäsi 1 ilmoituksen. Avaa Lähtevät ja korjaa tai mitätöi se.']);
  });

  test('quitting with a report unsent asks, in the clerk\'s language; "Keep sending" keeps the app running, "Quit" quits', () => {
    const q = facts.quitting;
    const question = {
      message: '1 rapport har inte skickats än.',
      detail: 'Den sparas och skickas nästa gång appen körs.',
      buttons: ['Fortsätt skicka i bakgrunden', 'Avsluta'],
    };
    assert.deepEqual(q.questions, [question, question, question]);
    assert.deepEqual(q.kept, { exitCode: null, windowDestroyed: false, windowVisible: false }, 'kept running; the window closes to the tray again');
  });

  test('the question is modal to the window when it is on screen; closing the window under it hides it, and "Keep sending" still works', () => {
    const q = facts.quitting;
    assert.deepEqual(q.closedUnderQuestion, { windowDestroyed: false, windowVisible: false }, 'closed under the question: hidden, not destroyed');
    assert.deepEqual(q.keptAfterClose, { exitCode: null, windowDestroyed: false, windowVisible: false });
    // From the tray (window hidden): on its own; with the window open: modal to it.
    assert.deepEqual(q.questionParents, [false, true, false]);
  });

  test('the session refuses every permission, device and web request', () => {
    const s = facts.session;
    assert.equal(s.permissionGranted, false);
    assert.equal(s.permissionCheck, false);
    assert.equal(s.devicePermission, false);
    assert.deepEqual(s.blockedUrls, ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    assert.deepEqual(s.cancel, { cancel: true });
  });

  test('window.open, navigation away, redirects and <webview> are refused; reloading the page is not', () => {
    const g = facts.guard;
    assert.deepEqual(g.windowOpen, { action: 'deny' });
    assert.equal(g.navigateAwayPrevented, true);
    assert.equal(g.navigateFilePrevented, true);
    assert.equal(g.redirectAwayPrevented, true);
    assert.equal(g.webviewPrevented, true);
    assert.equal(g.reloadPagePrevented, false);
  });

  test('menu with Quit and Edit; tray with Open, Send now, Quit; closing hides, Quit exits after closing the outbox', () => {
    assert.ok(facts.menu.includes('&Muokkaa'), "the Edit menu, in the OS's language (Finnish here)");
    assert.ok(facts.menu.includes(process.platform === 'darwin' ? 'appMenu' : '&Tiedosto'));
    assert.deepEqual(facts.tray.labels, ['Öppna Usage Place Reporter', 'Skicka nu', 'separator', 'Avsluta']);
    assert.deepEqual(facts.afterClose, { visible: false, destroyed: false, exitCode: null });
    assert.deepEqual(facts.quit, { exitCode: 0, windowDestroyed: true, trayDestroyed: true });
  });

  test("the tray and menu speak the OS's language until the clerk chooses one, then that one at once", () => {
    const { finnish, swedish } = facts.tray;
    assert.deepEqual(finnish.language.answer.value, { choice: 'system', systemLanguages: ['fi-FI', 'en-US'] });
    assert.deepEqual(finnish.tray, ['Avaa Usage Place Reporter', 'Lähetä nyt', 'separator', 'Lopeta']);
    assert.ok(finnish.menu.includes('&Muokkaa'));
    assert.deepEqual(swedish.answer.answer.value, { choice: 'sv', systemLanguages: ['fi-FI', 'en-US'] });
    assert.deepEqual(swedish.tray, ['Öppna Usage Place Reporter', 'Skicka nu', 'separator', 'Avsluta']);
    assert.ok(swedish.menu.includes('&Redigera'));
    assert.equal(facts.tray.tooltip, 'Usage Place Reporter: 1 avvisad', "the tray's alarm line is worded again too");
    assert.deepEqual(facts.errorBoxes, []);
  });

  test('main.log in the data folder records start-up and every refusal', () => {
    assert.match(facts.log, /\[main\] ready; data in /);
    assert.match(facts.log, /\[ipc\] refused outbox:status/);
    assert.match(facts.log, /\[guard\] navigation refused: https:\/\/example\.com\//);
  });
});
