// An open circuit whose target pauses for another reason: sign-in needed, or Ropo One asking
// us to wait (429). The pause must neither block the process (the delivery loop looking again
// at once, without end, because the probe's time has passed while the pause forbids it) nor
// outlast what Ropo One asked for. Real Core, simulator, keychain; the event loop is watched
// from another process, which a blocked loop cannot stop from watching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { harness, until } from '../helpers/harness.ts';
import { describeCircuits, describeWait } from '../../electron/cli/commands/describe-status.ts';

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

test('a 429 after an outage holds the target for its Retry-After, not for the probe\'s backoff grown by the outage; the status says rate limited, with the wait left', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.sim.setFaults({ offline: true });
  const ids = Array.from({ length: 6 }, (_, i) => h.core.reports.create({ status: 'disconnected', usageplacecode: `UP-RL-${i}` }).entry.id);
  // Each failure doubles its report's own wait: 10 s, 20 s, 40 s, …
  const worker = h.core.startDelivery({ backoff: { baseMs: 5000, capMs: 120_000 }, random: () => 0.99, circuit: { probeEveryMs: 300 } });
  let opened = 0;
  worker.on('circuit', (_t, view) => void (view && opened++));
  await until(() => opened === 1, 'the circuit opens');
  await until(() => ids.every((id) => h.core.store.get(id)!.attempts >= 3), 'the probes went round the lanes a few times', 15_000);

  h.sim.setFaults({ offline: false, status: 429, statusCount: 1, retryAfter: '2' });
  await until(() => h.core.holds.rateLimits(Date.now()).length > 0, 'the probe got the 429');
  const limited = ids.flatMap((id) => h.core.store.attempts(id)).find((a) => a.httpStatus === 429)!;
  assert.ok(h.core.store.get(limited.reportId)!.attempts >= 4, 'the probe\'s own backoff had grown to 40 s or more');
  const s = h.core.status();
  assert.equal(s.waitReason, 'rate_limited', 'Ropo One answers: it asked us to wait');
  assert.equal(s.rateLimitedUntil, limited.at + 2000, 'for its Retry-After');
  const now = Date.now();
  assert.match(describeWait(s, now)!, /^Waiting: Ropo One asked us to slow down; may send again in [12] s \(Ropo One asks us to slow down \(HTTP 429\)\)\.$/);
  assert.match(describeCircuits(s.circuits)[0]!, /: Ropo One asked us to slow down, so the next probe waits for that/);
  assert.doesNotMatch(describeCircuits(s.circuits).join('\n'), /not answering/);

  await until(() => h.core.store.counts().sent === 6, 'all sent once the wait is over', 15_000);
  const sentAt = ids.map((id) => h.core.store.get(id)!.sentAt!);
  assert.ok(Math.min(...sentAt) >= limited.at + 2000, 'nothing went before the Retry-After');
  assert.ok(Math.max(...sentAt) - limited.at < 4000, `all sent ${Math.max(...sentAt) - limited.at} ms after the 429, the probe's report too`);
  assert.equal(h.core.status().waitReason, null);
});
