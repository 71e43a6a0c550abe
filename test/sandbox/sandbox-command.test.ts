// `usageplace sandbox`: the trainer's simulator prints its control token (and writes it
// to --token-file, for a second terminal), and only requests carrying it switch faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, PROJECT_ROOT } from '../cli/run-cli.ts';
import { tempDir } from '../helpers/harness.ts';

function startSandbox(args: string[]): Promise<{ output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
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

test('prints the control token, writes it to --token-file for this user only, and requires it', async () => {
  const dir = tempDir();
  const tokenFile = join(dir.dir, 'sim-token');
  const sandbox = await startSandbox(['--token-file', tokenFile]);
  try {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(sandbox.output)![1]!;
    const printed = /Control token: (\S+)/.exec(sandbox.output)![1]!;
    const written = readFileSync(tokenFile, 'utf8').trim();
    assert.equal(written, printed);
    if (process.platform !== 'win32') assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    // The curl lines it prints read the file, so they work pasted into another terminal.
    assert.match(sandbox.output, new RegExp(`curl -X POST ${url}/__sim/faults -H 'content-type: application/json' -H "X-Sim-Token: \\$\\(cat '${tokenFile}'\\)"`));

    const offline = (headers: Record<string, string>) =>
      fetch(`${url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"offline":true}' });
    assert.equal((await offline({})).status, 403);
    assert.equal((await offline({ 'x-sim-token': written })).status, 200);
    assert.equal(((await (await fetch(`${url}/__sim/faults`)).json()) as { offline: boolean }).offline, true);
  } finally {
    await sandbox.stop();
    dir.remove();
  }
});
