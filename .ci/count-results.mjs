// Counts what `npm test` printed, for .ci/run's last line "N passed, N failed, N skipped".
//   node .ci/count-results.mjs <log file> [npm test's exit status]
// prints the reasons (if any), then that line, and exits 1 when anything counts as failed.
// A non-zero exit status with no failed test (typecheck or lint failed, say) counts as one
// failed, so the line never claims success.
//
// A test that did not pass is not a pass: besides the failures, every test that node:test
// cancelled (a timeout is reported as cancelled) and every one Playwright reports as
// interrupted, did not run, or flaky counts as failed. A suite that ran no test at all (a
// test glob that matched nothing passes silently in node:test) counts as one failed.
// Skipped tests are counted apart: the Electron launch tests skip, saying why, where the
// Electron binary is missing.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ANSI = /\u001b\[[0-9;]*m/g;

/** @param {string} log @returns {{ passed: number, failed: number, skipped: number, reasons: string[] }} */
export function countResults(log) {
  const lines = log.replace(ANSI, '').split(/\r?\n/);
  const result = { passed: 0, failed: 0, skipped: 0, reasons: [] };
  const fail = (n, why) => {
    if (n > 0) {
      result.failed += n;
      result.reasons.push(why);
    }
  };

  // node:test's spec reporter ends each run with "ℹ tests N", "ℹ pass N", … in this order.
  let run = null;
  const closeRun = () => {
    if (!run) return;
    result.passed += run.pass;
    result.skipped += run.skipped + run.todo;
    fail(run.fail, `node:test: ${run.fail} failed`);
    fail(run.cancelled, `node:test: ${run.cancelled} cancelled (timed out, or cut short)`);
    if (run.tests === 0) fail(1, 'node:test: a run found no test at all');
    run = null;
  };
  // Playwright's list reporter starts a run with "Running N tests using M workers" and ends
  // it with "  N failed", …, "  N passed (12.3s)".
  let playwright = null;
  const closePlaywright = () => {
    // A run with nothing after "Running N tests" was cut off before its summary.
    if (playwright && playwright.reported === 0) fail(1, 'Playwright: a run reported no result');
    playwright = null;
  };

  for (const line of lines) {
    const node = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\d+(?:\.\d+)?)$/.exec(line);
    if (node) {
      const [, key, value] = node;
      if (key === 'tests') {
        closeRun();
        run = { tests: Number(value), pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
      } else if (run && key in run) {
        run[key] = Number(value);
      }
      if (key === 'duration_ms') closeRun();
      continue;
    }
    if (/^Running \d+ tests? using \d+ workers?/.test(line.trim())) {
      closePlaywright();
      playwright = { reported: 0 };
      continue;
    }
    const pw = /^ {2}(\d+) (failed|interrupted|flaky|skipped|did not run|passed)(?: \(.*\))?$/.exec(line);
    if (pw) {
      const n = Number(pw[1]);
      const kind = pw[2];
      if (playwright) playwright.reported += n;
      if (kind === 'passed') result.passed += n;
      else if (kind === 'skipped') result.skipped += n;
      else fail(n, `Playwright: ${n} ${kind}`);
      continue;
    }
    if (/^Error: No tests found/.test(line.trim())) fail(1, 'Playwright: a run found no test at all');
    const fatal = /^ {2}(\d+) errors? (?:was|were) not a part of any test/.exec(line);
    if (fatal) fail(Number(fatal[1]), `Playwright: ${fatal[1]} error(s) outside any test`);
  }
  closeRun();
  closePlaywright();
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, status = '0'] = process.argv.slice(2);
  if (!file || !/^\d+$/.test(status)) {
    console.error('usage: node .ci/count-results.mjs <log file> [npm test exit status]');
    process.exit(2);
  }
  const counted = countResults(readFileSync(file, 'utf8'));
  if (status !== '0' && counted.failed === 0) {
    counted.failed = 1;
    counted.reasons.push(`npm test exited with ${status} (a step other than the test suites failed)`);
  }
  for (const reason of counted.reasons) console.log(`counted as failed: ${reason}`);
  console.log(`${counted.passed} passed, ${counted.failed} failed, ${counted.skipped} skipped`);
  process.exit(counted.failed > 0 ? 1 : 0);
}
