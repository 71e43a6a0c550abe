// One life of a deliverer for `npm run torture`: opens the Core on the shared data
// directory, delivers, and (in `work` mode) makes reports the way a clerk does, until the
// parent kills it with SIGKILL. In `drain` mode it makes nothing and exits once nothing is left
// to send.
//   UPR_DATA_DIR          the data directory (required)
//   UPR_KEYCHAIN_SERVICE  the keychain service the parent signed in under (required)
//   UPR_TORTURE_MODE      work | drain
//   UPR_TORTURE_LANES     usage places to spread the reports over (default 40)
//   UPR_TORTURE_SEED      this life's seed (bench/torture-schedule.ts): what it makes, and when
// Lines on stdout (each one write(2) to a pipe: whole or not at all):
//   `queued <id>`           printed only after core.reports.create returned, i.e. committed
//   `lease <held> <epoch>`  when this process became (or stopped being) the deliverer
//   `done`                  drain mode: everything is sent
import { Core } from '../electron/core/open-core.ts';
import { seededRandom } from '../electron/sandbox/seeded-random.ts';
import { clerkStep } from './torture-schedule.ts';

const dataDir = process.env.UPR_DATA_DIR;
const keychainService = process.env.UPR_KEYCHAIN_SERVICE;
const mode = process.env.UPR_TORTURE_MODE ?? 'work';
const lanes = Number(process.env.UPR_TORTURE_LANES ?? 40);
const seed = Number(process.env.UPR_TORTURE_SEED ?? 0);
const random = seededRandom(seed);
if (!dataDir || !keychainService || (mode !== 'work' && mode !== 'drain')) {
  process.stderr.write('UPR_DATA_DIR, UPR_KEYCHAIN_SERVICE and UPR_TORTURE_MODE=work|drain are required\n');
  process.exit(3);
}
const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const core = new Core({ dataDir, keychainService, requestTimeoutMs: 3000 });
// The backoff's jitter from the seed too (a stream of its own, so it does not shift the clerk's).
const worker = core.startDelivery({ backoff: { baseMs: 20, capMs: 300 }, random: seededRandom((seed ^ 0x7177e) >>> 0) });
worker.on('lease', (held) => out(`lease ${held} ${Date.now()}`));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (mode === 'work') {
  // A clerk in a hurry: a report every few milliseconds, over a few dozen usage places, so
  // each usage place has many reports whose order matters.
  for (;;) {
    const step = clerkStep(random, lanes);
    const { entry } = core.reports.create(step.draft);
    out(`queued ${entry.id}`);
    await sleep(step.pauseMs);
  }
} else {
  const giveUp = setTimeout(() => {
    process.stderr.write(`drain gave up: ${JSON.stringify(core.store.counts())}\n`);
    process.exit(2);
  }, 120_000);
  for (;;) {
    const c = core.store.counts();
    if (c.queued + c.sending + c.held + c.failed === 0) break;
    await sleep(50);
  }
  clearTimeout(giveUp);
  await core.close();
  out('done');
  process.exit(0);
}
