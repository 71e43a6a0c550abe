// bench/cpu-profile.ts sums a CPU profile the way `npm run bench:profile` reports it: by
// category (the first that matches) and by function, as shares of the sampled time, with
// no machine path in what it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORIES, shortUrl, summarize, type CpuProfile } from '../../bench/cpu-profile.ts';

test('a profile summed by category and by function', () => {
  const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url, lineNumber: 9 } });
  const profile: CpuProfile = {
    nodes: [
      frame(1, '(idle)', ''),
      frame(2, 'run', ''),
      frame(3, 'settle', 'file:///home/someone/repo/electron/core/outbox-store.ts'),
      frame(4, 'writev', ''),
      frame(5, '(garbage collector)', ''),
      frame(6, 'whatever', 'node:internal/timers'),
    ],
    samples: [1, 2, 2, 3, 4, 5, 6, 2],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 300],
  };
  const s = summarize(profile, CATEGORIES, 3);
  assert.equal(s.sampled_ms, 1);
  assert.equal(s.categories['SQLite (node:sqlite calls, on this thread)'], 0.5);
  assert.equal(s.categories['outbox store (JavaScript)'], 0.1);
  assert.equal(s.categories['HTTP (fetch: undici, sockets, streams)'], 0.1);
  assert.equal(s.categories['idle (waiting for answers or the disk)'], 0.1);
  assert.equal(s.categories['garbage collection'], 0.1);
  assert.equal(s.categories.other, 0.1);
  assert.deepEqual(s.top_functions[0], { function: 'run', where: '', share: 0.5 });
  assert.equal(s.top_functions.length, 3);
  assert.equal(shortUrl('file:///home/someone/repo/electron/core/outbox-store.ts'), 'electron/core/outbox-store.ts');
});
