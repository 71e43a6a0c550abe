import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { APP_ID, PRODUCT_NAME } from '../../electron/platform/app-identity.ts';
import { ROOT } from './bundle.ts';
import { parse } from 'yaml';
import { readFeedConfig } from '../../electron/desktop/updates/update-settings.ts';

// electron-builder.yml, checked the way electron-builder itself loads and validates it
// (its own config loader and JSON schema), without packaging: that would download the
// Electron binary, which cannot be done here.

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let config: Config;

before(async () => {
  // app-builder-lib is electron-builder's own dependency: resolve it from there.
  const fromBuilder = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder'));
  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = fromBuilder('builder-util');
  config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false)); // throws on any unknown or mistyped option
});

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; type: string; productName: string };

function pngSize(file: string): [number, number] {
  const data = readFileSync(join(ROOT, file));
  assert.equal(data.subarray(1, 4).toString('ascii'), 'PNG', file);
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  test('is valid for electron-builder, and names the app as the code does', () => {
    assert.equal(config.appId, APP_ID);
    assert.equal(config.productName, PRODUCT_NAME);
    assert.equal(pkg.productName, PRODUCT_NAME);
  });

  test('packs only the bundles, the built renderer and package.json, in an asar, keytar unpacked, nothing rebuilt', () => {
    const patterns = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    assert.deepEqual(patterns, ['package.json', 'out/**', 'dist/renderer/**', '!**/*.map']);
    assert.equal(config.asar, true);
    assert.deepEqual(config.asarUnpack, ['**/node_modules/keytar/**/*.node']);
    assert.equal(config.npmRebuild, false);
    // package.json's main is the bundle build/bundle-electron.mjs writes, loaded as ESM.
    assert.equal(pkg.main, 'out/main/main.js');
    assert.equal(pkg.type, 'module');
  });

  test('Electron fuses: no Node mode, no NODE_OPTIONS, no inspector, encrypted cookies, asar only and verified', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  test('Windows: NSIS for the current user, never asking for administrator rights, keeping the outbox; an MSI per machine beside it', () => {
    assert.deepEqual(config.win.target, ['nsis', 'msi']);
    assert.equal(config.msi.perMachine, true);
    assert.equal(config.nsis.oneClick, true);
    assert.equal(config.nsis.perMachine, false);
    assert.equal(config.nsis.allowElevation, false);
    assert.equal(config.nsis.packElevateHelper, false);
    assert.equal(config.nsis.deleteAppDataOnUninstall, false);
  });

  test('updates: a generic feed whose URL comes from USAGEPLACE_UPDATE_URL at build time', async () => {
    assert.deepEqual(config.publish, { provider: 'generic', url: '${env.USAGEPLACE_UPDATE_URL}' });
    const fromBuilder = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder'));
    const { expandMacro } = fromBuilder('app-builder-lib/out/util/macroExpander.js');
    const appInfo = { productName: PRODUCT_NAME };
    const saved = process.env.USAGEPLACE_UPDATE_URL;
    try {
      process.env.USAGEPLACE_UPDATE_URL = 'https://updates.depot.example/upr/';
      assert.equal(expandMacro(config.publish.url, null, appInfo), 'https://updates.depot.example/upr/');
      process.env.USAGEPLACE_UPDATE_URL = '';
      assert.equal(expandMacro(config.publish.url, null, appInfo), '', 'empty: the app reads no feed, updates are off');
      // electron-builder takes an empty URL for a generic feed (it refuses only a missing one),
      // and the macOS update info it writes then names the zip by its path alone.
      const { computeDownloadUrl } = fromBuilder('app-builder-lib/out/publish/PublishManager.js');
      assert.equal(computeDownloadUrl({ provider: 'generic', url: '' }, 'Usage Place Reporter-0.1.0-mac.zip', null), '/Usage%20Place%20Reporter-0.1.0-mac.zip');
      // What such a build's app-update.yml says: no feed, so updates are off (update-settings.ts).
      const resources = mkdtempSync(join(tmpdir(), 'upr-resources-'));
      try {
        writeFileSync(join(resources, 'app-update.yml'), "provider: generic\nurl: ''\nupdaterCacheDirName: usage-place-reporter-updater\n");
        assert.deepEqual(readFeedConfig(resources), { feed: null, problem: null });
      } finally {
        rmSync(resources, { recursive: true, force: true });
      }
      // Unset, electron-builder refuses to build: the desktop workflow always sets it (to '' when the repository has no feed).
      delete process.env.USAGEPLACE_UPDATE_URL;
      assert.throws(() => expandMacro(config.publish.url, null, appInfo), /env USAGEPLACE_UPDATE_URL is not defined/);
      const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'desktop.yml'), 'utf8')) as { jobs: { desktop: { env: Record<string, string> } } };
      assert.equal(workflow.jobs.desktop.env.USAGEPLACE_UPDATE_URL, '${{ vars.USAGEPLACE_UPDATE_URL }}', "a repository variable, '' when not set");
    } finally {
      if (saved === undefined) delete process.env.USAGEPLACE_UPDATE_URL;
      else process.env.USAGEPLACE_UPDATE_URL = saved;
    }
  });

  test('macOS: DMG (and the zip updates come from), hardened runtime, and only the allow-jit entitlement', () => {
    assert.deepEqual(config.mac.target, ['dmg', 'zip']);
    assert.equal(config.mac.hardenedRuntime, true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const plist = readFileSync(join(ROOT, config.mac[key]), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      assert.deepEqual([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]), ['com.apple.security.cs.allow-jit'], key);
    }
  });

  test('icons: the app icon at 512 and 256 px, the tray icons at 16 and 32 px', () => {
    assert.deepEqual(pngSize(config.win.icon), [512, 512]);
    assert.deepEqual(pngSize(config.mac.icon), [512, 512]);
    assert.deepEqual(pngSize('build/icons/256x256.png'), [256, 256]);
    for (const name of ['tray', 'trayTemplate']) {
      assert.deepEqual(pngSize(`build/${name}.png`), [16, 16]);
      assert.deepEqual(pngSize(`build/${name}@2x.png`), [32, 32]);
    }
    assert.ok(existsSync(join(ROOT, 'build/icon.svg')));
  });
});
