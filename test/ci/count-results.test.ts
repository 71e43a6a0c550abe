// .ci/run's count of what `npm test` printed: a test that did not pass is never counted as
// passed, and a suite that ran nothing fails. node:test's summaries come from real runs of
// small test files; Playwright's are its list reporter's text as it prints it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
// A plain .mjs script of .ci/: typed here by what it returns.
import { countResults as untypedCount } from '../../.ci/count-results.mjs';

type Counted = { passed: number; failed: number; skipped: number; reasons: string[] };
const countResults = untypedCount as (log: string) => Counted;
const SCRIPT = fileURLToPath(new URL('../../.ci/count-results.mjs', import.meta.url));
const run = promisify(execFile);

/** Runs node --test as package.json does and returns what it printed (it exits 1 on failures). */
async function nodeTest(dir: string, pattern: string): Promise<string> {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // run as a top-level runner, as npm test does, not as our child
  try {
    return (await run(process.execPath, ['--test', pattern], { cwd: dir, env })).stdout;
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

// Playwright 1.65's list reporter, copied from real runs: a timed-out test is "failed", and
// in a serial group the tests after a failure "did not run"; global timeouts and Ctrl+C
// leave "did not run" and "interrupted".
const PLAYWRIGHT_MIXED = `
Running 5 tests using 1 worker

  ✓  1 a.pwt.ts:2:1 › passes (7ms)
  -  2 a.pwt.ts:3:6 › skipped
  ✘  3 a.pwt.ts:4:1 › times out (215ms)
  ✘  4 a.pwt.ts:6:3 › serial › fails (9ms)

  2 failed
    a.pwt.ts:4:1 › times out ───────────────────────────────────────────────────────────
    a.pwt.ts:6:3 › serial › fails ──────────────────────────────────────────────────────
  1 skipped
  1 did not run
  1 passed (2.6s)
`;
const PLAYWRIGHT_INTERRUPTED = `
Running 3 tests using 1 worker

  ✓  1 b.pwt.ts:2:1 › first (5ms)

  1 interrupted
    b.pwt.ts:3:1 › runs long ──────────────────────────────────────────────────────────
  1 did not run
  1 passed (3.0s)
`;
const PLAYWRIGHT_ALL_SKIPPED = `
Running 2 tests using 1 worker

  -  1 launch.e2e.ts:10:6 › the app starts
  -  2 launch.e2e.ts:20:6 › the window is sandboxed

  2 skipped
`;
const PLAYWRIGHT_NONE_FOUND = `Error: No tests found.
Make sure that arguments are regular expressions matching test files.
`;
const PLAYWRIGHT_CUT_OFF = `
Running 4 tests using 1 worker

  ✓  1 a.pwt.ts:2:1 › passes (7ms)
`;

describe('count-results', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'upr-ci-count-'));
    writeFileSync(join(dir, 'mixed.test.mjs'), `
      import { test } from 'node:test';
      test('passes', () => {});
      test('fails', () => { throw new Error('no'); });
      test('times out', { timeout: 50 }, () => new Promise((r) => setTimeout(r, 400)));
      test.skip('skipped', () => {});
    `);
    writeFileSync(join(dir, 'good.test.mjs'), `
      import { test } from 'node:test';
      test('passes', () => {});
      test('passes too', () => {});
    `);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('node:test: a failure and a timeout (reported as cancelled) are both failed', async () => {
    const log = await nodeTest(dir, 'mixed.test.mjs');
    assert.match(log, /^ℹ cancelled 1$/m, log);
    const counted = countResults(log);
    assert.deepEqual([counted.passed, counted.failed, counted.skipped], [1, 2, 1], log);
    assert.ok(counted.reasons.some((r) => /cancelled/.test(r)));
  });

  test('node:test: a run that found no test fails instead of passing silently', async () => {
    const log = await nodeTest(dir, 'nothing/**/*.test.mjs');
    assert.match(log, /^ℹ tests 0$/m, log);
    const counted = countResults(log);
    assert.equal(counted.failed, 1);
    assert.match(counted.reasons.join('\n'), /found no test/);
  });

  test('Playwright: timed out, did not run, interrupted all count as failed', () => {
    assert.deepEqual(countResults(PLAYWRIGHT_MIXED), {
      passed: 1, failed: 3, skipped: 1, reasons: ['Playwright: 2 failed', 'Playwright: 1 did not run'],
    });
    const interrupted = countResults(PLAYWRIGHT_INTERRUPTED);
    assert.deepEqual([interrupted.passed, interrupted.failed], [1, 2]);
  });

  test('Playwright: a run that found nothing, or stopped before its summary, fails; one that skipped all (saying why) does not', () => {
    assert.equal(countResults(PLAYWRIGHT_NONE_FOUND).failed, 1);
    assert.equal(countResults(PLAYWRIGHT_CUT_OFF).failed, 1);
    assert.deepEqual(countResults(PLAYWRIGHT_ALL_SKIPPED), { passed: 0, failed: 0, skipped: 2, reasons: [] });
  });

  test('every suite of one npm test is summed, colours and all; the script exits 1 when anything failed', async () => {
    const good = await nodeTest(dir, 'good.test.mjs');
    const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
    const allGood = `${good}\n\nRunning 3 tests using 1 worker\n\n${green('  3 passed')} (4.1s)\n${PLAYWRIGHT_ALL_SKIPPED}`;
    assert.deepEqual(countResults(allGood), { passed: 5, failed: 0, skipped: 2, reasons: [] });

    const file = join(dir, 'npm-test.log');
    writeFileSync(file, allGood);
    assert.equal((await run(process.execPath, [SCRIPT, file])).stdout.trim(), '5 passed, 0 failed, 2 skipped');
    writeFileSync(file, `${allGood}${PLAYWRIGHT_MIXED}`);
    await assert.rejects(run(process.execPath, [SCRIPT, file]), (err: { code: number; stdout: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stdout, /counted as failed: Playwright: 1 did not run\n/);
      assert.match(err.stdout, /^6 passed, 3 failed, 3 skipped$/m);
      return true;
    });
    // npm test failed before any suite (lint, say): the line must not claim success.
    writeFileSync(file, 'lint: 1 problem\n');
    await assert.rejects(run(process.execPath, [SCRIPT, file, '1']), (err: { code: number; stdout: string }) => {
      assert.equal(err.code, 1);
      assert.equal(err.stdout.trim().split('\n').at(-1), '0 passed, 1 failed, 0 skipped');
      return true;
    });
  });
});
