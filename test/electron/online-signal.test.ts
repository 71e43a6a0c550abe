import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOnlineSignal } from '../../electron/platform/online-signal.ts';

// The OS online signal (net.isOnline polled, powerMonitor wake-ups) turned into "try the
// waiting reports now"; Electron's two sources are replaced by a switch and a button.

function harness(startOnline: boolean) {
  let online = startOnline;
  let wake: (() => void) | null = null;
  const calls: string[] = [];
  const changes: boolean[] = [];
  const signal = startOnlineSignal({
    probe: () => online,
    onWake: (listener) => {
      wake = listener;
      return () => (wake = null);
    },
    onOnlineAgain: (reason) => calls.push(reason),
    onChange: (now) => changes.push(now),
    everyMs: 10,
  });
  return {
    signal, calls, changes,
    set: (v: boolean) => (online = v),
    wake: () => wake?.(),
    subscribed: () => wake !== null,
  };
}

const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));

test('offline → online tries the waiting reports once; staying online does nothing', async (t) => {
  const h = harness(false);
  t.after(() => h.signal.stop());
  assert.equal(h.signal.isOnline(), false);
  await tick();
  assert.deepEqual(h.calls, []);
  h.set(true);
  await tick();
  assert.equal(h.signal.isOnline(), true);
  assert.deepEqual(h.calls, ['online']);
  await tick();
  assert.deepEqual(h.calls, ['online']);
  h.set(false);
  await tick();
  assert.deepEqual(h.changes, [true, false]);
  assert.deepEqual(h.calls, ['online']);
});

test('waking up (resume, unlock) tries at once, once', async (t) => {
  const h = harness(true);
  t.after(() => h.signal.stop());
  h.wake();
  assert.deepEqual(h.calls, ['wake']);
  h.set(false);
  await tick();
  h.set(true);
  h.wake(); // the wake notices the network is back: still one attempt, not two
  assert.deepEqual(h.calls, ['wake', 'wake']);
  await tick();
  assert.deepEqual(h.calls, ['wake', 'wake']);
});

test('stop unsubscribes and stops polling; a throwing probe counts as online', async () => {
  const h = harness(true);
  h.signal.stop();
  assert.equal(h.subscribed(), false);
  h.set(false);
  await tick();
  assert.deepEqual(h.changes, []);

  const s = startOnlineSignal({ probe: () => { throw new Error('no net module'); }, onWake: () => () => undefined, onOnlineAgain: () => undefined });
  assert.equal(s.isOnline(), true);
  s.stop();
});
