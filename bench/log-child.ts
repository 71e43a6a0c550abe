// One start of the core on the log bench's database, in a fresh process (argv[2]):
//   startup  prints FIRST_PAGE_MARK the moment the log's first page is answered (the parent
//            times its cold start by it), then {startup_ms, import_ms, recovered}
//   queries  then also runs every kind of the log's queries ROUNDS times and adds their
//            timings and the RSS after them
// The timings go to stdout as one JSON object on the line after the mark.
import { median, percentile, round } from './stats.ts';
import { FIRST_PAGE_MARK, LOG_QUERIES as QUERIES, type LogQuery } from './log-queries.ts';

const mode = process.argv[2];
const dataDir = process.env.UPR_DATA_DIR;
if (!dataDir || (mode !== 'startup' && mode !== 'queries')) {
  process.stderr.write('usage: UPR_DATA_DIR=... node bench/log-child.ts startup|queries\n');
  process.exit(3);
}

// Loading the modules is part of a cold start (cold_start_ms, timed by the parent from the
// spawn), not of startup_ms: these are the modules the app's main process loads for the log.
const tImport = performance.now();
const { Core } = await import('../electron/core/open-core.ts');
const { createIpcHandlers } = await import('../electron/ipc/ipc-handlers.ts');
const { BuiltinSimulator } = await import('../electron/ipc/builtin-simulator.ts');
const importMs = performance.now() - tImport;

// Start-up as the app does it: open (and migrate), put back what a crash left `sending`,
// then answer the log's first page through the real `reports:list` handler.
const t0 = performance.now();
const core = new Core({ dataDir });
const recovered = core.store.recoverSending(Date.now());
const handlers = createIpcHandlers({ core, simulator: new BuiltinSimulator(core.meta), isOnline: () => true, chooseExportFile: async () => null, chooseImportFile: async () => null });
const list = (q: LogQuery) => handlers['reports:list']({ offset: 0, limit: 100, ...q });
const first = await list({});
const startupMs = performance.now() - t0;
process.stdout.write(`${FIRST_PAGE_MARK}\n`);
if (first.rows.length !== 100) throw new Error(`first page has ${first.rows.length} rows`);

const startup = { startup_ms: round(startupMs, 2), import_ms: round(importMs, 2), recovered };
if (mode === 'startup') {
  process.stdout.write(`${JSON.stringify(startup)}\n`);
  await core.close();
  process.exit(0);
}

// 100 of each kind: the p95 is then the 95th of 100, so a few stray pauses of the process
// (another program taking the CPU for a moment) do not decide it, as the 24th of 25 let one.
const ROUNDS = 100;
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(QUERIES).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, q] of Object.entries(QUERIES)) {
    const t = performance.now();
    const answer = await list(q);
    samples[name]!.push(performance.now() - t);
    if (answer.total < answer.rows.length) throw new Error(`${name}: total ${answer.total} < ${answer.rows.length} rows`);
  }
}
const p95 = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(percentile(v, 95), 2)]));
const [worstKind, worst] = Object.entries(p95).sort((a, b) => b[1] - a[1])[0]!;
const stats = core.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()
  ? (core.db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl').all() as { tbl: string }[]).map((r) => r.tbl)
  : [];
process.stdout.write(
  `${JSON.stringify({
    ...startup,
    rounds: ROUNDS,
    log_query_p95_worst_kind_ms: worst,
    worst_kind: worstKind,
    per_kind_p95_ms: p95,
    per_kind_median_ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(median(v), 2)])),
    analyzed_tables: stats,
    rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
  })}\n`,
);
await core.close();
process.exit(0);
