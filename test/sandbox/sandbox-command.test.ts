// `usageplace sandbox`: the trainer's simulator prints its control token (and writes it
// to --token-file, for a second terminal), and only requests carrying it switch faults.
// The lines it prints to paste are for this OS's shell, and they are run here as printed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, PROJECT_ROOT } from '../cli/run-cli.ts';
import { tempDir } from '../helpers/harness.ts';
import { escapeRegExp } from '../helpers/regexp.ts';
import { describeSimulator } from '../../electron/sandbox/run-simulator.ts';
import type { Simulator } from '../../electron/sandbox/simulator.ts';

function startSandbox(args: string[]): Promise<{ output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM'); // on Windows this ends it at once (no signal handlers there): enough to stop it
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start-up text:\n${output}`)), 20_000);
    child.stdout.on('data', (d) => {
      output += d;
      if (output.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({ output, stop });
      }
    });
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}:\n${output}`)));
  });
}

/** Runs a printed line in the shell it was printed for; null when that shell (or curl) is not here. */
async function runPrinted(line: string): Promise<string | null> {
  const run = promisify(execFile);
  if (process.platform === 'win32') {
    return (await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', line], { timeout: 60_000 })).stdout;
  }
  if (!existsSync('/bin/sh') || !(await run('/bin/sh', ['-c', 'command -v curl']).then(() => true, () => false))) return null;
  return (await run('/bin/sh', ['-c', line], { timeout: 60_000 })).stdout;
}

test('prints the control token, writes it to --token-file for this user only, and requires it; the printed line works as pasted', async () => {
  const dir = tempDir();
  // A folder name with what a shell or a regular expression would trip on.
  const folder = join(dir.dir, "clerk's (copy) 1.0");
  mkdirSync(folder);
  const tokenFile = join(folder, 'sim-token');
  const sandbox = await startSandbox(['--token-file', tokenFile]);
  try {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(sandbox.output)![1]!;
    const printed = /Control token: (\S+)/.exec(sandbox.output)![1]!;
    const written = readFileSync(tokenFile, 'utf8').trim();
    assert.equal(written, printed);
    // Windows has no POSIX file modes: the file inherits the user's profile folder's ACL.
    if (process.platform !== 'win32') assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.match(sandbox.output, new RegExp(`\\(also in ${escapeRegExp(tokenFile)}\\)`));

    const offline = (headers: Record<string, string>) =>
      fetch(`${url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"offline":true}' });
    const isOffline = async () => ((await (await fetch(`${url}/__sim/faults`)).json()) as { offline: boolean }).offline;
    assert.equal((await offline({})).status, 403);
    assert.equal(await isOffline(), false);

    // The line that switches the simulator offline, pasted into this OS's shell, reads the token from the file.
    const line = sandbox.output.split('\n').find((l) => l.includes('/__sim/faults') && l.includes('"offline":true'))!.trim();
    assert.ok(line.includes(url), line);
    const ran = await runPrinted(line);
    if (ran === null) {
      assert.equal((await offline({ 'x-sim-token': written })).status, 200, 'curl is not installed here: the token, sent by hand');
    }
    assert.equal(await isOffline(), true, `after: ${line}`);
  } finally {
    await sandbox.stop();
    dir.remove();
  }
});

describe('the lines printed to paste', () => {
  const sim = { url: 'http://127.0.0.1:8787', apiUrl: 'http://127.0.0.1:8787/rest', controlUrl: 'http://127.0.0.1:8787/__sim', controlToken: 'tok' } as Simulator;

  test('macOS and Linux: curl with the token read by $(cat …), the path quoted for the shell', () => {
    const lines = describeSimulator(sim, "/home/o'brien/sim-token", 'linux').join('\n');
    assert.match(lines, /USAGEPLACE_APICODE=\S+ npx usageplace setup --endpoint http:\/\/127\.0\.0\.1:8787 --cid demo/);
    assert.ok(lines.includes(`curl -X POST http://127.0.0.1:8787/__sim/faults -H 'content-type: application/json' -H "X-Sim-Token: $(cat '/home/o'\\''brien/sim-token')" -d '{"offline":true}'`), lines);
    assert.ok(describeSimulator(sim, undefined, 'darwin').join('\n').includes(`-H 'X-Sim-Token: tok'`));
  });

  test('Windows: PowerShell, the token read by Get-Content, the path quoted for PowerShell (no $(cat), no POSIX quoting)', () => {
    const file = "C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\o'brien (1)\\sim-token";
    const lines = describeSimulator(sim, file, 'win32').join('\n');
    assert.doesNotMatch(lines, /\$\(cat|curl /);
    assert.match(lines, /Try it \(in PowerShell\):/);
    assert.ok(lines.includes("$env:USAGEPLACE_APICODE = 'demo-apicode-please-change'; npx usageplace setup --endpoint http://127.0.0.1:8787 --cid demo"), lines);
    assert.ok(lines.includes(
      "Invoke-RestMethod -Method Post -Uri http://127.0.0.1:8787/__sim/faults -ContentType 'application/json' -Headers @{ 'X-Sim-Token' = (Get-Content 'C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\o''brien (1)\\sim-token') } -Body '{\"offline\":true}'",
    ), lines);
    assert.ok(lines.includes(`  Invoke-RestMethod -Uri http://127.0.0.1:8787/__sim/record`));
    assert.ok(describeSimulator(sim, undefined, 'win32').join('\n').includes(`@{ 'X-Sim-Token' = 'tok' }`));
  });
});
