import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { legacyDataDir, platformDataDir, type PlatformEnv } from '../../electron/core/data-paths.ts';
import { resolveDataDir } from '../../electron/core/resolve-data-dir.ts';

// Where each platform keeps the outbox, with the environment injected: each platform's own
// path rules, on whatever machine runs the test.

const windows = (env: NodeJS.ProcessEnv): PlatformEnv => ({ platform: 'win32', env, home: 'C:\\Users\\clerk' });
const mac: PlatformEnv = { platform: 'darwin', env: {}, home: '/Users/clerk' };
const linux = (env: NodeJS.ProcessEnv): PlatformEnv => ({ platform: 'linux', env, home: '/home/clerk' });

describe('the data folder per platform', () => {
  test('Windows: %LOCALAPPDATA%, never the roaming %APPDATA% (which is where the old versions kept it)', () => {
    const where = windows({ LOCALAPPDATA: 'C:\\Users\\clerk\\AppData\\Local', APPDATA: '\\\\server\\profiles\\clerk\\AppData\\Roaming' });
    assert.equal(platformDataDir(where), 'C:\\Users\\clerk\\AppData\\Local\\Usage Place Reporter');
    assert.equal(legacyDataDir(where), '\\\\server\\profiles\\clerk\\AppData\\Roaming\\Usage Place Reporter');
    // Variables missing (a service account, a stripped environment): the profile's defaults.
    assert.equal(platformDataDir(windows({})), 'C:\\Users\\clerk\\AppData\\Local\\Usage Place Reporter');
    assert.equal(legacyDataDir(windows({})), 'C:\\Users\\clerk\\AppData\\Roaming\\Usage Place Reporter');
  });

  test('macOS: ~/Library/Application Support, where it always was (nothing moves)', () => {
    assert.equal(platformDataDir(mac), '/Users/clerk/Library/Application Support/Usage Place Reporter');
    assert.equal(legacyDataDir(mac), null);
  });

  test('Linux: $XDG_DATA_HOME/usage-place-reporter (default ~/.local/share), moved from ~/.config/Usage Place Reporter', () => {
    assert.equal(platformDataDir(linux({})), '/home/clerk/.local/share/usage-place-reporter');
    assert.equal(platformDataDir(linux({ XDG_DATA_HOME: '/data/clerk' })), '/data/clerk/usage-place-reporter');
    assert.equal(legacyDataDir(linux({})), '/home/clerk/.config/Usage Place Reporter');
    assert.equal(legacyDataDir(linux({ XDG_CONFIG_HOME: '/cfg' })), '/cfg/Usage Place Reporter');
    // The XDG spec: a relative value is ignored.
    assert.equal(platformDataDir(linux({ XDG_DATA_HOME: 'relative/share' })), '/home/clerk/.local/share/usage-place-reporter');
  });

  test('USAGEPLACE_DATA_DIR wins on every platform, and then nothing moves', () => {
    for (const where of [windows({ USAGEPLACE_DATA_DIR: '/srv/outbox' }), { ...mac, env: { USAGEPLACE_DATA_DIR: '/srv/outbox' } }, linux({ USAGEPLACE_DATA_DIR: '/srv/outbox' })]) {
      const resolved = resolveDataDir(where);
      assert.equal(resolved.dataDir, resolve('/srv/outbox'));
      assert.equal(resolved.move, null);
    }
  });
});
