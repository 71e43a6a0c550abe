// log: a year of history, 100,000 reports over 5,000 usage places (mostly sent; the newest
// still queued, a few failed with what they hold, 4 left `sending` by a crash). In fresh
// processes, as the app starts:
//   startup_ms        new Core(...) on that file + recoverSending + the first log page answered
//   log_query_p95_ms  the log's queries exactly as `reports:list` answers them (count + list →
//                     log rows): first page, state filters, searches by usage place,
//                     customer and invoice number, a deep page
//   rss_mb            the process's resident memory after those queries
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core } from '../electron/core/open-core.ts';
import { inTransaction } from '../electron/core/db/database.ts';
import { benchFile, customerNumber, invoiceNumber, median, round, tempDir, usageplaceCode } from './common.ts';
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
  db.exec('ANALYZE');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await core.close();
  return { states };
}

/** Runs bench/log-child.ts on the data directory and returns what it printed as JSON. */
function child(dataDir: string, mode: 'startup' | 'queries'): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [benchFile('./log-child.ts'), mode], {
      env: { ...process.env, UPR_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, unknown>) : reject(new Error(`log-child ${mode} exited ${code}: ${out}`))));
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

    const startups: number[] = [];
    const imports: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      await leaveSending(dataDir);
      const r = await child(dataDir, 'startup');
      startups.push(r.startup_ms as number);
      imports.push(r.import_ms as number);
    }
    await leaveSending(dataDir);
    const q = await child(dataDir, 'queries');
    return {
      figures: {
        log_query_p95_ms: q.log_query_p95_ms as number,
        startup_ms: round(median(startups), 1),
        rss_mb: q.rss_mb as number,
      },
      detail: {
        states,
        generate_ms: round(generateMs, 0),
        startup_samples_ms: startups,
        module_import_ms_median: round(median(imports), 1),
        per_query_p95_ms: q.per_query_p95_ms,
        per_query_median_ms: q.per_query_median_ms,
        broad_search_median_ms: q.broad_median_ms,
        recovered: q.recovered,
      },
      notes: [
        `${LOG_REPORTS.toLocaleString('en-US')} reports (${Object.entries(states).map(([k, v]) => `${k} ${v}`).join(', ')}) generated in ${(generateMs / 1000).toFixed(1)} s`,
        `start-up: median of ${STARTUP_RUNS} fresh processes, ${SENDING} rows left sending each time; loading the modules before it took ${round(median(imports), 0)} ms more`,
        `searches every report matches (not in the p95; first digits of a code): ${Object.entries(q.broad_median_ms as Record<string, number>).map(([k, v]) => `${k} ${v} ms`).join(', ')} (median)`,
        `slowest queries (p95): ${Object.entries(q.per_query_p95_ms as Record<string, number>).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v} ms`).join(', ')}`,
      ],
    };
  } finally {
    tmp.remove();
  }
}
