import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Core } from '../../electron/core/open-core.ts';
import { createIpcHandlers } from '../../electron/ipc/ipc-handlers.ts';
import { BuiltinSimulator } from '../../electron/ipc/builtin-simulator.ts';
import { NO_DESKTOP } from '../../electron/ipc/desktop-hooks.ts';
import { DesktopSettingsStore } from '../../electron/core/desktop-settings-store.ts';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';

// The desktop settings behind the Settings view, through the real IPC handlers: start at
// login turned on by the first successful sign-in (and only then), the clerk's switch, the
// alarm threshold, and the alarm in the status the tray and the status bar show.

let sim: Simulator;
let data: ReturnType<typeof tempDir>;
let core: Core;
const applied: boolean[] = [];
let handlers: ReturnType<typeof createIpcHandlers>;

before(async () => {
  sim = await startSimulator();
  data = tempDir();
  core = new Core({ dataDir: data.dir, keychainService: testKeychainService() });
  handlers = createIpcHandlers({
    core,
    simulator: new BuiltinSimulator(core.meta),
    isOnline: () => true,
    chooseExportFile: async () => null,
    chooseImportFile: async () => null,
    desktop: { ...NO_DESKTOP, startAtLoginSupported: true, applyStartAtLogin: (on) => applied.push(on) },
  });
});

after(async () => {
  await core.account.signOut().catch(() => {});
  await core.close();
  await sim.close();
  data.remove();
});

describe('desktop settings', () => {
  test('defaults: not started at login until someone signs in; alarm after an hour', async () => {
    assert.deepEqual(await handlers['desktop:get'](undefined), {
      startAtLogin: false, startAtLoginSupported: true, alarmAfterMinutes: 60,
      update: { state: 'off', offReason: 'not_packaged', version: null, lastError: null },
    });
  });

  test('a failed sign-in changes nothing; the first successful one turns start at login on', async () => {
    await assert.rejects(handlers['session:signIn']({ target: { kind: 'custom', baseUrl: `${sim.url}/rest` }, cid: DEMO_CID, apicode: 'wrong' }));
    assert.deepEqual(applied, []);
    await handlers['session:signIn']({ target: { kind: 'custom', baseUrl: `${sim.url}/rest` }, cid: DEMO_CID, apicode: DEMO_APICODE });
    assert.deepEqual(applied, [true]);
    assert.equal((await handlers['desktop:get'](undefined)).startAtLogin, true);
  });

  test('the clerk\'s switch wins, and a later sign-in does not turn it back on', async () => {
    const view = await handlers['desktop:set']({ startAtLogin: false });
    assert.equal(view.startAtLogin, false);
    assert.deepEqual(applied, [true, false]);
    await handlers['session:signIn']({ target: { kind: 'custom', baseUrl: `${sim.url}/rest` }, cid: DEMO_CID, apicode: DEMO_APICODE });
    assert.deepEqual(applied, [true, false]);
    assert.equal(new DesktopSettingsStore(core.meta).get().startAtLogin, false, 'kept beside the outbox');
  });

  test('the alarm threshold: in the status the tray shows, and checked at the boundary', async () => {
    core.reports.create({ status: 'disconnected', usageplacecode: 'ALARM-1' });
    await handlers['desktop:set']({ alarmAfterMinutes: 5 });
    const status = await handlers['outbox:status'](undefined);
    assert.equal(status.alarm.line.kind, 'waiting');
    assert.equal(status.alarm.raised.includes('stale'), false, 'not yet five minutes');
    assert.ok(status.oldestUnsentAt === null || status.oldestUnsentAt <= Date.now());
    await assert.rejects(async () => new DesktopSettingsStore(core.meta).change({ alarmAfterMinutes: 1 }));
  });
});
