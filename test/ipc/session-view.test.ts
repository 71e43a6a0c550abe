// What the window is told about the environment: production is production wherever the
// settings came from, and never shown as a test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppRuntime } from '../../electron/ipc/app-runtime.ts';
import { Core } from '../../electron/core/open-core.ts';
import type { Log } from '../../electron/core/log.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

test('settings naming Ropo One\'s production by a custom URL show in the window as that production preset', async () => {
  const data = tempDir();
  const keychainService = testKeychainService();
  try {
    // As an older version stored it, before custom URLs of Ropo One became its presets.
    const core = new Core({ dataDir: data.dir, keychainService });
    core.meta.set('settings', { endpoint: { kind: 'custom', baseUrl: 'https://ropo24.se/rest' }, cid: 'c1' });
    await core.close();
    const runtime = await startAppRuntime({ dataDir: data.dir, keychainService, isOnline: () => true, emit: () => {}, log: silent, chooseExportFile: async () => null, chooseImportFile: async () => null });
    try {
      const session = await runtime.handlers['session:get'](undefined);
      assert.equal(session.isProduction, true);
      assert.deepEqual(session.endpoint, { kind: 'preset', country: 'se', stage: 'production' });
      assert.equal(session.baseUrl, 'https://ropo24.se/rest');
      assert.equal(session.usesSimulator, false);
    } finally {
      await runtime.close();
    }
  } finally {
    data.remove();
  }
});
