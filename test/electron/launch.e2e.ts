import { test, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, launchPlan } from './electron-binary.ts';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.ts';
import { Core } from '../../electron/core/open-core.ts';
import { databaseFile, legacyDataDir, platformDataDir, type PlatformEnv } from '../../electron/core/data-paths.ts';

// The built app (`npm run build`: out/ and dist/renderer/) launched in the real Electron
// binary, as `npm start` does: what only Electron and a desktop can show. Where the binary
// is missing this skips and says why, unless REQUIRE_ELECTRON=1 (the desktop workflow),
// where that is a failure (electron-binary.ts).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const plan = launchPlan(process.env, findElectronBinary(ROOT));
if ('skip' in plan) console.log(`[test:electron] skipped: ${plan.skip}`);
if ('fail' in plan) {
  test('the Electron binary is installed (REQUIRE_ELECTRON=1)', () => {
    throw new Error(plan.fail);
  });
}
const executablePath = 'run' in plan ? plan.run : '';

interface RopoOnPage {
  ropo: { invoke(channel: string, request?: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> };
}
interface MainHook {
  usageplace: { alarms(): { tooltip: string; alarm: boolean; refused: number; notified: string[] } };
}

/** window.ropo.invoke from the page, as the renderer calls it. */
const invoke = <T>(page: Page, channel: string, request?: unknown) =>
  page.evaluate(([c, r]) => (globalThis as unknown as RopoOnPage).ropo.invoke(c as string, r), [channel, request] as const) as Promise<{ ok: boolean; value: T; error?: unknown }>;

function builtOrThrow(): void {
  for (const built of ['out/main/main.js', 'out/preload/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first (npm run test:electron does).`);
  }
}

test.describe('the desktop app in Electron', () => {
  test.skip(!('run' in plan), 'skip' in plan ? plan.skip : '');

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  let configDir: string;
  let sim: Simulator;
  let proxy: ForwardProxy;
  const keychain = `usage-place-reporter-electron-${randomUUID()}`;

  test.beforeAll(async () => {
    builtOrThrow();
    sim = await startSimulator();
    proxy = await startForwardProxy();
    dataDir = mkdtempSync(join(tmpdir(), 'upr-electron-'));
    configDir = mkdtempSync(join(tmpdir(), 'upr-electron-config-'));
    app = await _electron.launch({
      executablePath,
      // Chromium's own proxy switches, as a depot's system proxy would be: every request of
      // net.fetch goes through the loopback proxy (loopback is bypassed unless told not to).
      args: ['.', `--proxy-server=http://127.0.0.1:${proxy.port}`, '--proxy-bypass-list=<-loopback>'],
      cwd: ROOT,
      env: { ...process.env, USAGEPLACE_DATA_DIR: dataDir, XDG_CONFIG_HOME: configDir, USAGEPLACE_KEYCHAIN_SERVICE: keychain },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    if (page) {
      await invoke(page, 'desktop:set', { startAtLogin: false }).catch(() => undefined);
      await invoke(page, 'session:signOut').catch(() => undefined);
    }
    // Answer "Quit" should the question come.
    await app?.evaluate(({ dialog }) => {
      dialog.showMessageBox = (async () => ({ response: 1, checkboxChecked: false })) as typeof dialog.showMessageBox;
    }).catch(() => undefined);
    await app?.close();
    await sim?.close();
    await proxy?.close();
    for (const dir of [dataDir, configDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the window shows the renderer from app://, not file://', async () => {
    expect(page.url()).toBe('app://renderer/index.html');
    await expect(page).toHaveTitle(/.+/);
  });

  test('the page has window.ropo with only invoke and on, and no Node', async () => {
    const shape = await page.evaluate(() => {
      const g = globalThis as unknown as { ropo?: object; require?: unknown; process?: unknown; module?: unknown };
      return { keys: g.ropo ? Object.keys(g.ropo).sort() : null, require: typeof g.require, process: typeof g.process, module: typeof g.module };
    });
    expect(shape).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('the outbox status answers through the bridge', async () => {
    const answer = await invoke<{ counts: unknown }>(page, 'outbox:status');
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ counts: { queued: 0, failed: 0 }, online: expect.any(Boolean), alarm: { level: 'ok' } });
    expect((await invoke(page, 'no:such-channel')).ok).toBe(false);
  });

  test('every answer of app:// carries the CSP; the page cannot reach the network or open windows', async () => {
    const facts = await page.evaluate(async () => {
      const res = await fetch('/index.html');
      const remote = await fetch('https://example.com/').then(() => 'reached', () => 'blocked');
      const opened = (globalThis as unknown as { open: (url: string) => unknown }).open('https://example.com/');
      return { csp: res.headers.get('content-security-policy'), remote, opened: opened === null ? null : 'a window' };
    });
    expect(facts.csp).toContain("default-src 'none'");
    expect(facts.remote).toBe('blocked');
    expect(facts.opened).toBeNull();
  });

  test('main process: data in USAGEPLACE_DATA_DIR, Chromium\'s profile inside it; closing the window hides it', async () => {
    expect(await app.evaluate(({ app: a }) => a.getPath('userData'))).toBe(dataDir);
    expect(await app.evaluate(({ app: a }) => a.getPath('sessionData'))).toBe(join(dataDir, 'chromium'));
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    const after = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
    expect(after).toEqual([{ visible: false, destroyed: false }]);
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.show());
  });

  test('sign-in and delivery go through the system proxy by net.fetch', async () => {
    const signIn = await invoke(page, 'session:signIn', { target: { kind: 'custom', baseUrl: `${sim.url}/rest` }, cid: DEMO_CID, apicode: DEMO_APICODE });
    expect(signIn.ok).toBe(true);
    const created = await invoke<{ entry: { id: string } }>(page, 'reports:create', { idempotencyKey: randomUUID(), draft: { status: 'disconnected', usageplacecode: 'ELECTRON-PROXY' } });
    await expect.poll(async () => (await invoke<{ entry: { state: string } }>(page, 'reports:get', { id: created.value.entry.id })).value.entry.state, { timeout: 20_000 }).toBe('sent');
    const seen = proxy.seen.map((s) => `${s.method} ${s.target}`);
    expect(seen).toContain(`POST ${sim.url}/rest/token`);
    expect(seen).toContain(`POST ${sim.url}/rest/usageplace/event`);
  });

  test('the first sign-in set the app to start at login, hidden; the switch turns it off', async () => {
    const appPath = await app.evaluate(({ app: a }) => a.getAppPath());
    const isOn = async () => {
      if (process.platform === 'linux') return existsSync(join(configDir, 'autostart', 'usage-place-reporter.desktop'));
      return app.evaluate(({ app: a }, args) => a.getLoginItemSettings({ args }).openAtLogin, [appPath, '--hidden']);
    };
    expect((await invoke<{ startAtLogin: boolean }>(page, 'desktop:get')).value.startAtLogin).toBe(true);
    expect(await isOn()).toBe(true);
    if (process.platform === 'linux') expect(readFileSync(join(configDir, 'autostart', 'usage-place-reporter.desktop'), 'utf8')).toMatch(/--hidden$/m);
    await invoke(page, 'desktop:set', { startAtLogin: false });
    expect(await isOn()).toBe(false);
  });

  test('a report Ropo One refused: the tray turns to the alarm icon and counts it; the status bar says the same', async () => {
    // The words below are English; a runner's OS may prefer another language (the tray and
    // the dialogs follow the clerk's choice, test/electron/main-smoke.test.ts shows it).
    expect((await invoke(page, 'language:set', { choice: 'en' })).ok).toBe(true);
    sim.setFaults({ status: 400, statusCount: 1 });
    await invoke(page, 'reports:create', { idempotencyKey: randomUUID(), draft: { status: 'connected', usageplacecode: 'ELECTRON-REFUSED' } });
    const shown = () => app.evaluate(() => (globalThis as unknown as MainHook).usageplace.alarms());
    await expect.poll(async () => (await shown()).tooltip, { timeout: 20_000 }).toBe('Usage Place Reporter: 1 failed');
    const state = await shown();
    expect(state.alarm).toBe(true);
    expect(state.refused).toBe(1);
    expect(state.notified).toEqual(['Ropo One refused 1 report. Open the outbox to fix or discard it.']);
    await expect(page.getByTestId('alarm')).toHaveText('1 failed');
  });

  test('quitting with a report unsent asks; "Keep sending in the background" keeps the app running', async () => {
    sim.setFaults({ offline: true });
    await invoke(page, 'reports:create', { idempotencyKey: randomUUID(), draft: { status: 'connected', usageplacecode: 'ELECTRON-WAITING' } });
    // A native dialog cannot be clicked by Playwright: answer it from the main process.
    await app.evaluate(({ dialog }) => {
      const asked: unknown[] = [];
      (globalThis as unknown as { asked: unknown[] }).asked = asked;
      dialog.showMessageBox = (async (options: unknown) => {
        asked.push(options);
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    await app.evaluate(({ app: a }) => a.quit());
    await expect.poll(() => app.evaluate(() => ((globalThis as unknown as { asked: unknown[] }).asked).length)).toBe(1);
    const asked = await app.evaluate(() => (globalThis as unknown as { asked: { message: string; detail: string; buttons: string[] }[] }).asked[0]);
    expect(asked).toMatchObject({
      message: '1 report is not sent yet.',
      detail: 'It is kept and sent the next time the app runs.',
      buttons: ['Keep sending in the background', 'Quit'],
    });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    sim.setFaults({ offline: false });
  });
});

test.describe('where the app keeps its data, on this OS', () => {
  test.skip(!('run' in plan), 'skip' in plan ? plan.skip : '');

  // macOS finds the login keychain through HOME (~/Library/Keychains): a HOME in a temporary
  // folder would leave keytar, and Chromium's cookie encryption, with no keychain (and may
  // put up the system's "A keychain cannot be found" dialog). So on a Mac HOME stays, and the
  // app uses the real ~/Library/Application Support (nothing moves there): fine on a CI
  // runner, not on a developer's own Mac, where it would open their outbox.
  const macOutsideCi = process.platform === 'darwin' && process.env.CI !== 'true';
  test('the machine-local folder, with an outbox from the old roaming folder moved into it', async () => {
    test.skip(macOutsideCi, 'on macOS this opens the real ~/Library/Application Support outbox (HOME cannot be redirected without losing the keychain): CI runners only');
    builtOrThrow();
    const home = mkdtempSync(join(tmpdir(), 'upr-electron-home-'));
    try {
      const env: NodeJS.ProcessEnv = process.platform === 'win32'
        ? { APPDATA: join(home, 'Roaming'), LOCALAPPDATA: join(home, 'Local') }
        : process.platform === 'darwin' ? {} : { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') };
      const where: PlatformEnv = { platform: process.platform, env, home: process.platform === 'linux' ? home : homedir() };
      const expected = platformDataDir(where);
      const legacy = legacyDataDir(where);
      let id: string | null = null;
      if (legacy) {
        mkdirSync(legacy, { recursive: true });
        const old = new Core({ dataDir: legacy, keychainService: 'upr-electron-move' });
        old.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
        id = old.reports.create({ status: 'disconnected', usageplacecode: 'MOVED-BY-ELECTRON' }).entry.id;
        await old.close();
      }
      const { USAGEPLACE_DATA_DIR: _unset, ...base } = process.env;
      const moved = await _electron.launch({ executablePath, args: ['.'], cwd: ROOT, env: { ...base, ...env, USAGEPLACE_KEYCHAIN_SERVICE: 'upr-electron-move' } as Record<string, string> });
      try {
        expect(await moved.evaluate(({ app: a }) => a.getPath('userData'))).toBe(expected);
        expect(existsSync(databaseFile(expected))).toBe(true);
        if (legacy) {
          expect(existsSync(databaseFile(legacy))).toBe(false);
          const win = await moved.firstWindow();
          const got = await invoke<{ entry: { usageplacecode: string } }>(win, 'reports:get', { id });
          expect(got.value.entry.usageplacecode).toBe('MOVED-BY-ELECTRON');
          expect(readFileSync(join(expected, 'logs', 'main.log'), 'utf8')).toMatch(/\[data\] moved the outbox \(1 reports\)/);
        }
      } finally {
        await moved.evaluate(({ dialog }) => {
          dialog.showMessageBox = (async () => ({ response: 1, checkboxChecked: false })) as typeof dialog.showMessageBox;
        }).catch(() => undefined);
        await moved.close();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
