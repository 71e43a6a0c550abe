// The delivery loop's pacing (loop-pace.ts): a turn that asks to look again at once goes on
// at once, but never so many turns in a row that timers, answers and IPC wait behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopPace, TURNS_AT_ONCE } from '../../electron/core/loop-pace.ts';

test('a loop that keeps asking to go on at once still lets a timer run, within a few turns', async () => {
  const pace = new LoopPace();
  let fired = false;
  setTimeout(() => (fired = true), 1);
  const started = performance.now();
  let turns = 0;
  // As a delivery loop whose wake-up time is always already past: pause(0) every turn.
  while (!fired && turns < 1_000_000) {
    turns += 1;
    await pace.pause(0);
  }
  assert.equal(fired, true, `the timer never ran in ${turns} turns`);
  assert.ok(performance.now() - started < 200, 'it ran at once, not after the loop gave up');
});

test('going on at once is allowed a few turns in a row (a drain claims batch after batch), then the event loop gets its turn', async () => {
  const pace = new LoopPace();
  let immediates = 0;
  const count = (): void => {
    immediates += 1;
  };
  setImmediate(count);
  assert.ok(TURNS_AT_ONCE >= 2 && TURNS_AT_ONCE <= 10, `${TURNS_AT_ONCE}: a few`);
  for (let i = 1; i < TURNS_AT_ONCE; i++) await pace.pause(0);
  assert.equal(immediates, 0, `${TURNS_AT_ONCE - 1} turns went on without waiting`);
  await pace.pause(0);
  assert.equal(immediates, 1, 'the next one waited for the event loop');
});

test('a sleep ends at its time or at a kick, whichever is first', async () => {
  const pace = new LoopPace();
  const t0 = performance.now();
  await pace.pause(30);
  assert.ok(performance.now() - t0 >= 25, 'slept');
  const t1 = performance.now();
  const sleeping = pace.pause(10_000);
  pace.kick();
  await sleeping;
  assert.ok(performance.now() - t1 < 1000, 'woken by the kick');
});
