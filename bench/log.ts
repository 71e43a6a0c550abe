// log: a year of history, 100,000 reports over 5,000 usage places (mostly sent; the newest
// still queued, a few failed with what they hold, 4 left `sending` by a crash), written and
// closed by the core itself, so the planner's statistics are what the app's own PRAGMA
// optimize leaves (no ANALYZE of the bench's own). In fresh processes, as the app starts:
//   cold_start_ms   from spawning a new Node process to the log's first page answered:
//                   starting Node, loading the app's modules (bundled by esbuild as the app's
//                   main process is, bench/bundle.ts), opening the database, recovering what
//                   a crash left `sending`, answering `reports:list`
//   cold_start_sources_ms
//                   the same with the modules loaded from the TypeScript sources, as the
//                   command-line tool runs (Node strips their types as it loads each file)
//   startup_ms      the part after the modules are loaded (bundled)
//   log_query_p95_worst_kind_ms
//                   every kind of the log's queries (bench/log-queries.ts) exactly as
//                   `reports:list` answers them (count + page → log rows), 100 times each: the
//                   p95 of the slowest kind
//   rss_mb          the process's resident memory after those queries
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core } from '../electron/core/open-core.ts';
import { inTransaction } from '../electron/core/db/database.ts';
import { benchFile, customerNumber, invoiceNumber, median, round, tempDir, usageplaceCode } from './common.ts';
import { FIRST_PAGE_MARK, LOG_QUERIES } from './log-queries.ts';
import { bundleForNode } from './bundle.ts';
import type { MeasurementResult } from './report.ts';
import { seededRandom } from '../electron/sandbox/seeded-random.ts';

export const LOG_REPORTS = 100_000;
const LANES = 5_000;
const ACTIVE_TAIL = 3_000;
const SENDING = 4;
const STARTUP_RUNS = 7;
const BASE_URL = 'https://rc.ropo24.fi/rest';
const CID = 'demo';

/**
 * Writes `count` reports straight into the core's own schema in one transaction (a second
 * or two, where the store's one-by-one path would take minutes). The rows look like the
 * store writes them, with their attempt records.
 */
export async function generateLogDatabase(dataDir: string, count = LOG_REPORTS): Promise<{ states: Record<string, number> }> {
  const core = new Core({ dataDir });
  core.settings.set({ endpoint: { kind: 'preset', country: 'fi', stage: 'test' }, cid: CID });
  const db = core.db;
  const random = seededRandom(42);
  const now = Date.now();
  const yearMs = 365 * 24 * 60 * 60_000;
  const insert = db.prepare(
    `INSERT INTO reports (seq, id, state, base_url, cid, usageplacecode, status, customernumber, payload, lane_pos,
       created_at, updated_at, sent_at, next_attempt_at, attempts, wait_reason, last_error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const attempt = db.prepare(
    'INSERT INTO attempts (report_seq, report_id, at, from_state, to_state, outcome, http_status, error_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const statuses = ['disconnected', 'connected', 'notdisconnected'] as const;
  const laneState = new Map<number, 'free' | 'blocked'>();
  const states: Record<string, number> = {};
  let sending = 0;
  const unreachable = JSON.stringify({ code: 'server_unreachable', message: 'Could not reach Ropo One (ECONNREFUSED).', httpStatus: null, problem: null });
  const rejected = JSON.stringify({
    code: 'rejected', message: 'Bad Request: invoices.0.jobid: must be integer', httpStatus: 400,
    problem: { status: 400, type: null, title: 'Bad Request', detail: 'invoices.0.jobid: must be integer' },
  });
  inTransaction(db, () => {
    for (let i = 0; i < count; i++) {
      const seq = i + 1;
      const lane = Math.floor(random() * LANES);
      const created = Math.round(now - yearMs + (yearMs * i) / count);
      const status = statuses[Math.floor(random() * 3)]!;
      const id = randomUUID();
      const event = {
        id,
        usageplacecode: usageplaceCode(lane),
        customernumber: customerNumber(lane),
        contract_no: `${555000 + lane}b`,
        invoices: [{ invoicenumber: invoiceNumber(i), jobid: 1000 + (i % 9000) }],
        time: new Date(created).toISOString().slice(0, 19).replace('T', ' '),
        status,
        ...(status === 'notdisconnected' ? { description: 'Meter room locked, nobody home.' } : {}),
      };
      let state: string;
      if (i < count - ACTIVE_TAIL) state = random() < 0.005 ? 'discarded' : 'sent';
      else {
        // The newest reports are still on their way; every 97th usage place has a failed head.
        const ls = laneState.get(lane);
        if (ls === 'blocked') state = 'held';
        else if (ls === 'free') state = 'queued';
        else if (lane % 97 === 0) {
          state = 'failed';
          laneState.set(lane, 'blocked');
        } else {
          state = sending < SENDING ? 'sending' : 'queued';
          if (state === 'sending') sending += 1;
          laneState.set(lane, 'free');
        }
      }
      states[state] = (states[state] ?? 0) + 1;
      const tries = state === 'queued' || state === 'sending' ? 1 + Math.floor(random() * 5) : state === 'sent' ? 1 : state === 'failed' ? 1 : 0;
      insert.run(
        seq, id, state, BASE_URL, CID, event.usageplacecode, status, event.customernumber, JSON.stringify(event), seq,
        created, created + 1000, state === 'sent' ? created + 1000 : null,
        state === 'queued' ? now + Math.floor(random() * 600_000) : null,
        tries, state === 'queued' ? 'server_unreachable' : null,
        state === 'queued' || state === 'sending' ? unreachable : state === 'failed' ? rejected : null,
      );
      attempt.run(seq, id, created, null, state === 'held' ? 'held' : 'queued', 'created', null, null, null);
      if (state === 'sent') attempt.run(seq, id, created + 1000, 'sending', 'sent', 'sent', 200, null, null);
      if (state === 'discarded') attempt.run(seq, id, created + 1000, 'queued', 'discarded', 'discarded', null, null, 'Discarded by the clerk.');
      if (state === 'failed') attempt.run(seq, id, created + 1000, 'sending', 'failed', 'rejected', 400, 'rejected', 'Bad Request');
      if (state === 'queued') attempt.run(seq, id, created + 1000, 'sending', 'queued', 'retry', null, 'server_unreachable', 'Could not reach Ropo One.');
    }
  });
  // As the app leaves it: the search index caught up (the store does it before a search).
  core.store.count({ search: 'warm-up' });
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await core.close();
  return { states };
}

/**
 * Runs bench/log-child.ts on the data directory: what it printed as JSON, and the time from
 * spawning it to its first page (the parent's clock, so Node's own start counts too).
 */
function child(
  dataDir: string, mode: 'startup' | 'queries', bundle: { file: string; env: Record<string, string> } | null,
): Promise<{ result: Record<string, unknown>; coldMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [bundle?.file ?? benchFile('./log-child.ts'), mode], {
      env: { ...process.env, ...bundle?.env, UPR_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let coldMs = NaN;
    proc.stdout!.on('data', (d: Buffer) => {
      if (Number.isNaN(coldMs) && (out + d.toString()).includes(`${FIRST_PAGE_MARK}\n`)) coldMs = performance.now() - t0;
      out += d.toString();
    });
    proc.once('exit', (code) => {
      const json = out.split('\n').find((line) => line.startsWith('{'));
      if (code === 0 && json && !Number.isNaN(coldMs)) resolve({ result: JSON.parse(json) as Record<string, unknown>, coldMs });
      else reject(new Error(`log-child ${mode} exited ${code}: ${out}`));
    });
  });
}

/** Puts a few reports back in `sending`, as a crash mid-delivery leaves them, before each start-up. */
async function leaveSending(dataDir: string): Promise<void> {
  const core = new Core({ dataDir });
  core.db.exec(`UPDATE reports SET state = 'sending', next_attempt_at = NULL WHERE seq IN (
    SELECT seq FROM reports WHERE state = 'queued' ORDER BY seq LIMIT ${SENDING})`);
  await core.close();
}

export async function run(): Promise<MeasurementResult> {
  const tmp = tempDir();
  try {
    const dataDir = join(tmp.dir, 'log');
    const t0 = performance.now();
    const { states } = await generateLogDatabase(dataDir);
    const generateMs = performance.now() - t0;

    const bundle = await bundleForNode('bench/log-child.ts', tmp.dir);
    // Bundled and from the sources alternate, so both see the same noise.
    const starts: { cold: number; startup: number; imports: number }[] = [];
    const fromSources: { cold: number; imports: number }[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      await leaveSending(dataDir);
      const { result, coldMs } = await child(dataDir, 'startup', bundle);
      starts.push({ cold: coldMs, startup: result.startup_ms as number, imports: result.import_ms as number });
      await leaveSending(dataDir);
      const sources = await child(dataDir, 'startup', null);
      fromSources.push({ cold: sources.coldMs, imports: sources.result.import_ms as number });
    }
    await leaveSending(dataDir);
    const { result: q } = await child(dataDir, 'queries', bundle);
    const perKind = q.per_kind_p95_ms as Record<string, number>;
    const cold = median(starts.map((s) => s.cold));
    const importMs = median(starts.map((s) => s.imports));
    return {
      figures: {
        log_query_p95_worst_kind_ms: q.log_query_p95_worst_kind_ms as number,
        cold_start_ms: round(cold, 1),
        cold_start_sources_ms: round(median(fromSources.map((s) => s.cold)), 1),
        startup_ms: round(median(starts.map((s) => s.startup)), 1),
        rss_mb: q.rss_mb as number,
      },
      detail: {
        states,
        generate_ms: round(generateMs, 0),
        cold_start_samples_ms: starts.map((s) => round(s.cold, 1)),
        cold_start_sources_samples_ms: fromSources.map((s) => round(s.cold, 1)),
        module_import_sources_ms_median: round(median(fromSources.map((s) => s.imports)), 1),
        startup_samples_ms: starts.map((s) => s.startup),
        module_import_ms_median: round(importMs, 1),
        worst_kind: q.worst_kind,
        rounds_per_kind: q.rounds,
        kinds: LOG_QUERIES,
        per_kind_p95_ms: perKind,
        per_kind_median_ms: q.per_kind_median_ms,
        analyzed_tables: q.analyzed_tables,
        recovered: q.recovered,
      },
      notes: [
        `${LOG_REPORTS.toLocaleString('en-US')} reports (${Object.entries(states).map(([k, v]) => `${k} ${v}`).join(', ')}) generated in ${(generateMs / 1000).toFixed(1)} s; statistics left by the core's PRAGMA optimize for: ${(q.analyzed_tables as string[]).join(', ') || 'no table'}`,
        `start-up: median of ${STARTUP_RUNS} fresh processes each way, ${SENDING} rows left sending each time; loading the modules took ${round(importMs, 0)} ms bundled, ${round(median(fromSources.map((s) => s.imports)), 0)} ms from the TypeScript sources`,
        `${Object.keys(perKind).length} kinds of query, ${q.rounds as number} times each; slowest (p95): ${Object.entries(perKind).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v} ms`).join(', ')}`,
      ],
    };
  } finally {
    tmp.remove();
  }
}
