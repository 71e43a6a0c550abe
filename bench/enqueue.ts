// enqueue: a clerk's report → committed, through the core's own API (`core.reports.create`:
// validation, lane warnings, one IMMEDIATE transaction with its attempt record), against a
// bare node:sqlite INSERT of the same row, one autocommit each, into a file of its own opened
// the way the core opens its own (openDatabase: the same pragmas, WAL and synchronous=FULL,
// and every migration, so the same table with the same indexes to update, today's and any
// later migration's). The two alternate, so both see the same noise.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core } from '../electron/core/open-core.ts';
import { openDatabase, schemaVersion } from '../electron/core/db/database.ts';
import { draft, percentile, round, tempDir, wireEvent } from './common.ts';
import type { MeasurementResult } from './report.ts';

const LANES = 1000;
const WARMUP = 300;
const SAMPLES = 3000;

export async function run(): Promise<MeasurementResult> {
  const tmp = tempDir();
  try {
    const core = new Core({ dataDir: join(tmp.dir, 'core') });
    // Reports need a target; no sign-in is needed to queue them.
    core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'demo' });

    const bare = openDatabase(join(tmp.dir, 'bare.sqlite'));
    const version = schemaVersion(core.db);
    if (schemaVersion(bare) !== version) throw new Error('the baseline must have the outbox schema');
    const insert = bare.prepare(
      `INSERT INTO reports (id, state, base_url, cid, usageplacecode, status, customernumber, payload, lane_pos,
         created_at, updated_at, next_attempt_at) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    );

    const subject = (i: number): number => {
      const d = draft(i, LANES);
      const t0 = performance.now();
      core.reports.create(d);
      return performance.now() - t0;
    };
    const baseline = (i: number): number => {
      const e = wireEvent(i, LANES);
      e.id = randomUUID();
      const now = Date.now();
      const t0 = performance.now();
      insert.run(e.id, 'http://127.0.0.1:9/rest', 'demo', e.usageplacecode, e.status, e.customernumber ?? null, JSON.stringify(e), now, now, now);
      return performance.now() - t0;
    };

    for (let i = 0; i < WARMUP; i++) {
      subject(i);
      baseline(i);
    }
    const s: number[] = [];
    const b: number[] = [];
    for (let i = WARMUP; i < WARMUP + SAMPLES; i++) {
      // Alternate which goes first, so neither always follows the other's fsync.
      if (i % 2 === 0) {
        s.push(subject(i));
        b.push(baseline(i));
      } else {
        b.push(baseline(i));
        s.push(subject(i));
      }
    }
    bare.close();
    await core.close();

    const p50 = percentile(s, 50);
    const base50 = percentile(b, 50);
    return {
      figures: {
        enqueue_p50_ms: round(p50, 3),
        enqueue_p99_ms: round(percentile(s, 99), 3),
        baseline_insert_p50_ms: round(base50, 3),
        baseline_insert_p99_ms: round(percentile(b, 99), 3),
        enqueue_ratio: round(p50 / base50, 2),
      },
      detail: { samples: SAMPLES, lanes: LANES, reports_in_db_at_end: WARMUP + SAMPLES, baseline_schema_version: version },
      notes: [`${SAMPLES} of each, alternating, after ${WARMUP} warm-up; ${LANES} usage places; the baseline's file has the outbox's schema (version ${version}, every migration) and pragmas`],
    };
  } finally {
    tmp.remove();
  }
}
