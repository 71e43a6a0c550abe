// `SEED=n npm run torture` replays a run's schedule (bench/torture-schedule.ts): checked on the
// plan itself, without running 200 kills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clerkStep, faultMix, runSeed, tortureSchedule } from '../../bench/torture-schedule.ts';
import { seededRandom } from '../../electron/sandbox/seeded-random.ts';

test('two runs with the same seed make the same kill schedule, the same reports and the same fault mixes', () => {
  const a = tortureSchedule(12345, 200);
  const b = tortureSchedule(12345, 200);
  assert.deepEqual(a, b);
  assert.equal(a.killAfterMs.length, 200);
  assert.ok(a.killAfterMs.every((ms) => ms >= 150 && ms < 1150), 'every kill lands in a life, 150-1150 ms after its start');
  assert.equal(new Set(a.killAfterMs).size > 100, true, 'the offsets are spread, not one value');

  const clerk = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 50 }, () => clerkStep(random, 40));
  };
  assert.deepEqual(clerk(a.lifeSeeds[7]!), clerk(b.lifeSeeds[7]!), "a life's clerk makes the same reports with the same pauses");
  const mixes = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 50 }, () => faultMix(random));
  };
  assert.deepEqual(mixes(a.faultSeed), mixes(b.faultSeed));
});

test('another seed makes another schedule', () => {
  assert.notDeepEqual(tortureSchedule(1, 50).killAfterMs, tortureSchedule(2, 50).killAfterMs);
  assert.notDeepEqual(tortureSchedule(1, 50).lifeSeeds, tortureSchedule(2, 50).lifeSeeds);
});

test('the seed comes from --seed, else SEED, else a new one', () => {
  assert.equal(runSeed('42', {}), 42);
  assert.equal(runSeed(undefined, { SEED: '7' }), 7);
  assert.equal(runSeed('42', { SEED: '7' }), 42);
  assert.ok(Number.isInteger(runSeed(undefined, {})));
  assert.throws(() => runSeed('x', {}));
});
