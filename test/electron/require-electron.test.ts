import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary, launchPlan } from './electron-binary.ts';
import { ROOT } from './bundle.ts';

// REQUIRE_ELECTRON=1 (set by .github/workflows/desktop.yml) turns a missing Electron binary
// into a failing launch spec instead of a skip, so the desktop workflow can never pass
// without having launched the real app.

describe('REQUIRE_ELECTRON', () => {
  test('run where the binary is; skip with the reason where it is not; fail when it is required', () => {
    assert.deepEqual(launchPlan({}, { path: '/opt/electron' }), { run: '/opt/electron' });
    assert.deepEqual(launchPlan({ REQUIRE_ELECTRON: '1' }, { path: '/opt/electron' }), { run: '/opt/electron' });
    const skip = launchPlan({}, { missing: 'dist/electron does not exist' });
    assert.ok('skip' in skip && /Electron binary not installed here \(dist\/electron does not exist\)/.test(skip.skip));
    const fail = launchPlan({ REQUIRE_ELECTRON: '1' }, { missing: 'dist/electron does not exist' });
    assert.ok('fail' in fail && /REQUIRE_ELECTRON=1 but the Electron binary is missing/.test(fail.fail));
    assert.ok('skip' in launchPlan({ REQUIRE_ELECTRON: '0' }, { missing: 'x' }), 'only "1" requires it');
  });

  const here = findElectronBinary(ROOT);
  const installed = 'path' in here ? 'the binary is installed here, so the launch spec itself runs' : false;

  test('the launch spec, run by Playwright here without the binary: REQUIRE_ELECTRON=1 fails it, otherwise it skips', { skip: installed }, () => {
    const playwright = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [playwright, 'test', '-c', 'test/electron/playwright.config.ts'], {
      cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000,
    });
    const required = run({ REQUIRE_ELECTRON: '1' });
    assert.notEqual(required.status, 0, required.stdout);
    assert.match(required.stdout, /REQUIRE_ELECTRON=1 but the Electron binary is missing/);
    assert.match(required.stdout, /1 failed/);
    const optional = run({ REQUIRE_ELECTRON: '' });
    assert.equal(optional.status, 0, optional.stdout);
    assert.match(optional.stdout, /\[test:electron\] skipped: Electron binary not installed here/);
    assert.doesNotMatch(optional.stdout, /failed/);
  });
});
