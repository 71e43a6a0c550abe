import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../electron/bundle.ts';

// The GitHub workflows, checked against GitHub's own workflow schema by action-validator
// (npm, offline: the schema ships inside it), and the desktop workflow's promises.

const VALIDATOR = join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const validate = (file: string) => spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8', timeout: 60_000 });

describe('GitHub workflows', () => {
  test('every workflow file passes GitHub\'s workflow schema', () => {
    const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.includes('desktop.yml'));
    for (const file of files) {
      const run = validate(join(WORKFLOWS, file));
      assert.equal(run.status, 0, `${file}:\n${run.stdout}${run.stderr}`);
    }
  });

  test('the validator does reject a workflow GitHub would reject', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upr-workflow-'));
    try {
      const bad = join(dir, 'bad.yml');
      writeFileSync(bad, 'name: x\non: push\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo\n');
      assert.notEqual(validate(bad).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('desktop.yml: Windows, macOS and Linux; npm ci; npm test with REQUIRE_ELECTRON=1 (Linux under Xvfb); installers built and kept', () => {
    type Step = { run?: string; uses?: string; if?: string; with?: Record<string, string> };
    const wf = parse(readFileSync(join(WORKFLOWS, 'desktop.yml'), 'utf8')) as { jobs: { desktop: { strategy: { matrix: { os: string[] } }; env: Record<string, string>; steps: Step[] } } };
    const job = wf.jobs.desktop;
    assert.deepEqual(job.strategy.matrix.os, ['windows-latest', 'macos-latest', 'ubuntu-latest']);
    assert.equal(job.env.REQUIRE_ELECTRON, '1');
    const runs = job.steps.map((s) => s.run ?? '');
    const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
    assert.ok(at(/^npm ci$/) >= 0, 'npm ci');
    assert.match(runs[at(/npm test/)]!, /xvfb-run .*npm test/);
    assert.ok(at(/npx electron-builder --publish never/) > at(/npm test/), 'the installers are built after the tests');
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && /release\//.test(s.with?.path ?? ''));
    assert.ok(upload, 'the installers are uploaded');
    for (const ext of ['exe', 'msi', 'dmg', 'AppImage']) assert.match(upload.with!.path!, new RegExp(`\\*\\.${ext}`));
  });
});
