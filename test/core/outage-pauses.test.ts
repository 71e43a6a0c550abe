// An open circuit whose target pauses for another reason: sign-in needed, or Ropo One asking
// us to wait (429). The pause must not block the process (the delivery loop looking again at
// once, without end, because the probe's time has passed while the pause forbids it). Real
// Core, simulator, keychain; the event loop is watched from another process, which a blocked
// loop cannot stop from watching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../fixtures/paused-circuit-child.ts', import.meta.url));
/** No heartbeat for this long during the pause: the child's event loop is held; it is stopped. */
const GIVE_UP_MS = 5000;

interface PausedRun {
  code: number | null;
  /** The longest time between two heartbeats while paused (ms, as this process received them). */
  longestGapMs: number;
  /** The delivery loop's looks at the queue during the pause. */
  turns: number;
  sent: number;
  stderr: string;
}

async function runPaused(scenario: 'sign-out' | 'rate-limit'): Promise<PausedRun> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, UPR_SCENARIO: scenario }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: PausedRun = { code: null, longestGapMs: 0, turns: -1, sent: -1, stderr: '' };
  let last: number | null = null;
  let pending = '';
  const heard = (): void => {
    const now = performance.now();
    if (last !== null) run.longestGapMs = Math.max(run.longestGapMs, now - last);
    last = now;
  };
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line === 'paused') last = performance.now();
      else if (line === 'beat') heard();
      else if (line.startsWith('turns ')) {
        heard();
        last = null;
        run.turns = Number(line.slice(6));
      } else if (line.startsWith('sent ')) run.sent = Number(line.slice(5));
    }
  });
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  const watchdog = setInterval(() => {
    if (last !== null && performance.now() - last > GIVE_UP_MS) {
      heard();
      child.kill('SIGKILL');
    }
  }, 100);
  run.code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(watchdog);
  return run;
}

test('the clerk signs out while Ropo One is down: the probe pauses for sign-in, and the process stays responsive until someone signs in', { timeout: 60_000 }, async (t) => {
  const run = await runPaused('sign-out');
  t.diagnostic(`longest event-loop gap ${Math.round(run.longestGapMs)} ms; ${run.turns} turns in 1.5 s of pause`);
  assert.ok(run.longestGapMs < 500, `the event loop was held for ${Math.round(run.longestGapMs)} ms${run.code === null ? ' (and the child was stopped)' : ''}`);
  assert.ok(run.turns >= 0 && run.turns <= 20, `${run.turns} turns while nothing could be sent: it sleeps, it does not spin`);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.sent, 6, 'signed in again and Ropo One back: everything went');
});

test('a 429 on the probe and Send now while its wait lasts: the probe waits for it, and the process stays responsive', { timeout: 60_000 }, async (t) => {
  const run = await runPaused('rate-limit');
  t.diagnostic(`longest event-loop gap ${Math.round(run.longestGapMs)} ms; ${run.turns} turns in 2.5 s of pause`);
  assert.ok(run.longestGapMs < 500, `the event loop was held for ${Math.round(run.longestGapMs)} ms${run.code === null ? ' (and the child was stopped)' : ''}`);
  assert.ok(run.turns >= 0 && run.turns <= 20, `${run.turns} turns while nothing could be sent: it sleeps, it does not spin`);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.sent, 6);
});
