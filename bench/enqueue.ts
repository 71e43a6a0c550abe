// enqueue: a clerk's report → committed, through the core's own API (`core.reports.create`:
// validation, lane warnings, one IMMEDIATE transaction with its attempt record), against a
// bare node:sqlite INSERT of the same row into a fresh file with the same pragmas (WAL,
// synchronous=FULL), one autocommit each. The two alternate, so both see the same noise.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core } from '../electron/core/open-core.ts';
import { migration001 } from '../electron/core/db/migrations/001-outbox.ts';
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

    const bare = new DatabaseSync(join(tmp.dir, 'bare.sqlite'));
    bare.exec('PRAGMA journal_mode = WAL');
    bare.exec('PRAGMA synchronous = FULL');
    bare.exec(migration001.sql); // the same table and indexes
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
      detail: { samples: SAMPLES, lanes: LANES, reports_in_db_at_end: WARMUP + SAMPLES },
      notes: [`${SAMPLES} of each, alternating, after ${WARMUP} warm-up; ${LANES} usage places; files in ${tmp.dir.replace(/\/[^/]*$/, '')}`],
    };
  } finally {
    tmp.remove();
  }
}
