// The measurements of `npm run bench:profile` (bench/profile.ts), in a process of their own:
// where the JS thread's time goes while the core drains the outbox, and while it queues a
// clerk's report, each beside its baseline from the bench (the bare fetch loop, the bare
// insert). CPU is read per thread (process.threadCpuUsage: the JS thread alone) and per
// process (all threads: the libuv pool's WAL flushes, the checkpoint thread, V8's helpers).
// The CPU profiles (node:inspector, sampling every 200 µs) are taken in runs of their own,
// so the profiler's cost does not count in the CPU figures. Prints one JSON line with the
// names of the profiles it wrote to UPR_PROFILE_DIR.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core } from '../electron/core/open-core.ts';
import { openDatabase } from '../electron/core/db/database.ts';
import { benchSecrets, draft, round, startRemoteSimulator, tempDir, wireEvent } from './common.ts';
import { CONCURRENCY, REPORTS, WARM_UP_LOOPS, WARM_UP_REPORTS, bareFetchLoop, drain, queue, signedInCore } from './drain.ts';

const profileDir = process.env.UPR_PROFILE_DIR;
if (!profileDir) throw new Error('UPR_PROFILE_DIR is required');

interface Cost {
  wall_ms: number;
  js_thread_cpu_ms: number;
  process_cpu_ms: number;
  event_loop_utilization: number;
}

/** Wall time, the JS thread's CPU, the whole process's CPU and the event loop's utilisation of `work`. */
async function cost(work: () => Promise<unknown>): Promise<Cost> {
  const thread0 = process.threadCpuUsage();
  const process0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  const thread = process.threadCpuUsage(thread0);
  const proc = process.cpuUsage(process0);
  const elu = performance.eventLoopUtilization(elu0);
  return {
    wall_ms: wall,
    js_thread_cpu_ms: (thread.user + thread.system) / 1000,
    process_cpu_ms: (proc.user + proc.system) / 1000,
    event_loop_utilization: elu.utilization,
  };
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

/** Runs `work` under the CPU profiler; the profile is written to UPR_PROFILE_DIR/<name>.cpuprofile. */
async function profiled(name: string, work: () => Promise<unknown>): Promise<string> {
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  const file = `${name}.cpuprofile`;
  writeFileSync(join(profileDir!, file), JSON.stringify(profile));
  return file;
}

const perItem = (c: Cost, n: number) => ({
  per_s: round(n / (c.wall_ms / 1000), 0),
  wall_ms_per_item: round(c.wall_ms / n, 4),
  js_thread_cpu_ms_per_item: round(c.js_thread_cpu_ms / n, 4),
  process_cpu_ms_per_item: round(c.process_cpu_ms / n, 4),
  js_thread_busy_share: round(c.js_thread_cpu_ms / c.wall_ms, 3),
  event_loop_utilization: round(c.event_loop_utilization, 3),
});

async function drainProfile(): Promise<Record<string, unknown>> {
  const tmp = tempDir('upr-profile-');
  const sim = await startRemoteSimulator();
  const { secrets } = await benchSecrets();
  try {
    // Warmed up as bench/drain.ts warms up, then: bare loop, drain, bare loop (counted), and
    // one more drain under the profiler.
    const first = await signedInCore(join(tmp.dir, 'warm-up'), secrets, sim);
    const t = await first.core.credentials.token(first.target);
    if (t.kind !== 'token') throw new Error(`no token: ${JSON.stringify(t)}`);
    const url = `${first.target.baseUrl}/usageplace/event`;
    const bodies = queue(first.core, first.target, REPORTS).bodies;
    for (let i = 0; i < WARM_UP_LOOPS; i++) {
      await bareFetchLoop(url, t.token, bodies, CONCURRENCY);
      await sim.reset();
    }
    await drain(first.core, REPORTS);
    await first.core.close();

    const bare: Cost[] = [];
    await sim.reset();
    bare.push(await cost(() => bareFetchLoop(url, t.token, bodies, CONCURRENCY)));
    const counted = await signedInCore(join(tmp.dir, 'counted'), secrets, sim);
    queue(counted.core, counted.target, REPORTS);
    await sim.reset();
    const core = await cost(() => drain(counted.core, REPORTS));
    await counted.core.close();
    await sim.reset();
    bare.push(await cost(() => bareFetchLoop(url, t.token, bodies, CONCURRENCY)));

    const under = await signedInCore(join(tmp.dir, 'profiled'), secrets, sim);
    queue(under.core, under.target, WARM_UP_REPORTS);
    await sim.reset();
    const profile = await profiled('drain', () => drain(under.core, WARM_UP_REPORTS));
    await under.core.close();
    await sim.reset();
    const bareProfile = await profiled('bare-fetch-loop', () => bareFetchLoop(url, t.token, bodies.slice(0, WARM_UP_REPORTS), CONCURRENCY));

    const mean = (f: (c: Cost) => number): number => (f(bare[0]!) + f(bare[1]!)) / 2;
    const bareMean: Cost = {
      wall_ms: mean((c) => c.wall_ms),
      js_thread_cpu_ms: mean((c) => c.js_thread_cpu_ms),
      process_cpu_ms: mean((c) => c.process_cpu_ms),
      event_loop_utilization: mean((c) => c.event_loop_utilization),
    };
    return { reports: REPORTS, concurrency: CONCURRENCY, core: perItem(core, REPORTS), bare_fetch_loop: perItem(bareMean, REPORTS), profile, bareProfile };
  } finally {
    await sim.close();
    tmp.remove();
  }
}

const ENQUEUE_WARMUP = 300;
const ENQUEUE_SAMPLES = 3000;
const PAGE_SAMPLES = 500;

async function enqueueProfile(): Promise<Record<string, unknown>> {
  const tmp = tempDir('upr-profile-');
  try {
    const core = new Core({ dataDir: join(tmp.dir, 'core') });
    core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });
    const bare = openDatabase(join(tmp.dir, 'bare.sqlite'));
    const insert = bare.prepare(
      `INSERT INTO reports (id, state, base_url, cid, usageplacecode, status, customernumber, payload, lane_pos,
         created_at, updated_at, next_attempt_at) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    );
    let i = 0;
    const creates = async (n: number): Promise<void> => {
      for (const end = i + n; i < end; i++) core.reports.create(draft(i, 1000));
    };
    let j = 0;
    const inserts = async (n: number): Promise<void> => {
      for (const end = j + n; j < end; j++) {
        const e = wireEvent(j, 1000);
        const now = Date.now();
        insert.run(randomUUID(), 'http://127.0.0.1:9/rest', 'demo', e.usageplacecode, e.status, e.customernumber ?? null, JSON.stringify(e), now, now, now);
      }
    };
    await creates(ENQUEUE_WARMUP);
    await inserts(ENQUEUE_WARMUP);
    const coreCost = await cost(() => creates(ENQUEUE_SAMPLES));
    const bareCost = await cost(() => inserts(ENQUEUE_SAMPLES));
    const profile = await profiled('enqueue', () => creates(ENQUEUE_SAMPLES));
    // Pages each commit writes to the WAL: counted with the WAL emptied first and nothing
    // checkpointed meanwhile (wal_autocheckpoint 0), from the WAL's frame count.
    const walFrames = (db: typeof bare): number => (db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number }).log;
    for (const db of [core.db, bare]) {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.exec('PRAGMA wal_autocheckpoint = 0');
    }
    await creates(PAGE_SAMPLES);
    await inserts(PAGE_SAMPLES);
    const pages = { core: round(walFrames(core.db) / PAGE_SAMPLES, 2), bare_insert: round(walFrames(bare) / PAGE_SAMPLES, 2) };
    bare.close();
    await core.close();
    return { reports: ENQUEUE_SAMPLES, core: perItem(coreCost, ENQUEUE_SAMPLES), bare_insert: perItem(bareCost, ENQUEUE_SAMPLES), wal_pages_per_item: pages, profile };
  } finally {
    tmp.remove();
  }
}

const drainResult = await drainProfile();
const enqueueResult = await enqueueProfile();
session.disconnect();
// The profiles are in files; what is printed is small, and written before the process ends.
process.stdout.write(`${JSON.stringify({ drain: drainResult, enqueue: enqueueResult })}\n`, () => process.exit(0));
