// One start of the core on the log bench's database, in a fresh process (argv[2]):
//   startup  prints {startup_ms, import_ms}
//   queries  also runs the log's queries and prints their p95 and the RSS after them
// The timings go to stdout as one JSON object.
import { median, percentile, round } from './common.ts';

const mode = process.argv[2];
const dataDir = process.env.UPR_DATA_DIR;
if (!dataDir || (mode !== 'startup' && mode !== 'queries')) {
  process.stderr.write('usage: UPR_DATA_DIR=... node bench/log-child.ts startup|queries\n');
  process.exit(3);
}

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
type ListRequest = Parameters<typeof handlers['reports:list']>[0];
const list = (q: Partial<ListRequest>) => handlers['reports:list']({ offset: 0, limit: 100, ...q });
const first = await list({});
const startupMs = performance.now() - t0;
if (first.rows.length !== 100) throw new Error(`first page has ${first.rows.length} rows`);

if (mode === 'startup') {
  process.stdout.write(JSON.stringify({ startup_ms: round(startupMs, 2), import_ms: round(importMs, 2), recovered }));
  await core.close();
  process.exit(0);
}

// What a clerk does in the log: open it, page on, filter by state, type a usage place code
// (whole or its end), a customer or an invoice number into the search box, scroll far down.
const QUERIES: Record<string, Partial<ListRequest>> = {
  first_page: {},
  second_page: { offset: 100 },
  state_queued: { state: 'queued' },
  state_failed: { state: 'failed' },
  state_sent: { state: 'sent' },
  search_usageplace: { search: '643007572000004321' },
  search_usageplace_end: { search: '04321' },
  search_customer: { search: 'A102345' },
  search_invoice: { search: '577777' },
  search_no_match: { search: 'ZZZ-nothing' },
  state_and_search: { state: 'sent', search: 'A101111' },
  deep_page: { offset: 90_000 },
  deep_page_sent: { state: 'sent', offset: 90_000 },
};
// Reported apart, not in the p95: text every report matches, as while the first digits of a
// code are typed (every usage place code of a utility starts with the same ten digits).
const BROAD: Record<string, Partial<ListRequest>> = {
  search_common_prefix: { search: '6430075720' },
  search_one_char: { search: '4' },
};
const ROUNDS = 25;
const measure = async (set: Record<string, Partial<ListRequest>>, rounds: number): Promise<Record<string, number[]>> => {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(set).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, q] of Object.entries(set)) {
      const t = performance.now();
      const answer = await list(q);
      samples[name]!.push(performance.now() - t);
      if (answer.total < answer.rows.length) throw new Error(`${name}: total ${answer.total} < ${answer.rows.length} rows`);
    }
  }
  return samples;
};
const samples = await measure(QUERIES, ROUNDS);
const broad = await measure(BROAD, 5);
const all = Object.values(samples).flat();
process.stdout.write(
  JSON.stringify({
    startup_ms: round(startupMs, 2),
    import_ms: round(importMs, 2),
    recovered,
    log_query_p95_ms: round(percentile(all, 95), 2),
    per_query_p95_ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(percentile(v, 95), 2)])),
    per_query_median_ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(median(v), 2)])),
    broad_median_ms: Object.fromEntries(Object.entries(broad).map(([k, v]) => [k, round(median(v), 2)])),
    rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
  }),
);
await core.close();
process.exit(0);
