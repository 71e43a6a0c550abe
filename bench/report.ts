// The bench's results: one flat map of figures (the JSON keys named in issues 4 and 12), the
// machine they were measured on, and a readable table with each figure's baseline from
// the same run and its goal.
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { writeFileSync } from 'node:fs';

export type Figures = Record<string, number | null>;

/** What one measurement hands back: its figures and anything worth saying about them. */
export interface MeasurementResult {
  figures: Figures;
  /** Extra detail kept in the JSON (per-query timings, fault mix, ...). */
  detail?: Record<string, unknown>;
  notes?: string[];
}

export interface Goal {
  op: '<=' | '>=' | '==';
  value: number;
}

/** One row of the table. `baseline` names the figure measured beside it in the same run. */
export interface Row {
  key: string;
  label: string;
  unit: string;
  digits?: number;
  baseline?: string;
  goal?: Goal;
}

export interface Section {
  name: string;
  rows: Row[];
}

/**
 * Every figure the bench reports, in table order; a figure that is null is shown as "not
 * measured". To add one: return it from a measurement's `run()` (bench/run.ts lists them),
 * add its row here (with its goal, if it has one), run the bench, then `npm run
 * bench:readme`. A figure with a goal is also written at the top level of results.json.
 */
export const SECTIONS: Section[] = [
  {
    name: 'enqueue',
    rows: [
      { key: 'enqueue_p50_ms', label: 'report → committed, p50', unit: 'ms', digits: 3, baseline: 'baseline_insert_p50_ms' },
      { key: 'enqueue_p99_ms', label: 'report → committed, p99', unit: 'ms', digits: 3, baseline: 'baseline_insert_p99_ms' },
      { key: 'enqueue_ratio', label: 'enqueue p50 / bare insert p50 (outbox schema, same pragmas)', unit: '×', goal: { op: '<=', value: 2 } },
    ],
  },
  {
    name: 'drain',
    rows: [
      { key: 'drain_per_s', label: '10,000 reports / 1,000 places, c=4', unit: '/s', digits: 0, baseline: 'baseline_post_per_s' },
      { key: 'drain_ratio', label: 'drain / bare fetch loop, median of 5 rounds', unit: '×', goal: { op: '>=', value: 0.6 } },
      { key: 'drain_ratio_5ms', label: 'same ratio, answers 5 ms slow (latency-bound), 2,000 reports', unit: '×' },
      { key: 'faulty_drain_s', label: 'same drain, ~30% faults', unit: 's', digits: 1 },
      { key: 'faulty_retries', label: 'retries during it', unit: '', digits: 0 },
      { key: 'faulty_fault_rate', label: 'share of event requests faulted', unit: '', digits: 3 },
      { key: 'drain_lost', label: 'lost (all drains)', unit: '', digits: 0, goal: { op: '==', value: 0 } },
      { key: 'drain_duplicates_accepted', label: 'accepted twice (all drains)', unit: '', digits: 0, goal: { op: '==', value: 0 } },
      { key: 'drain_out_of_order', label: 'out of order (all drains)', unit: '', digits: 0, goal: { op: '==', value: 0 } },
    ],
  },
  {
    name: 'reconnect',
    rows: [{ key: 'reconnect_ms', label: 'online signal → first delivered, median', unit: 'ms', digits: 1, goal: { op: '<=', value: 250 } }],
  },
  {
    name: 'outage',
    rows: [
      { key: 'outage_recovery_s', label: 'Ropo One back after 60 s down → last of 1,000 reports delivered, no OS signal', unit: 's', digits: 2, goal: { op: '<=', value: 8 } },
      // Two per probe interval: 60 s / 5 s × 2.
      { key: 'outage_requests', label: 'requests that reached it while it was down', unit: '', digits: 0, goal: { op: '<=', value: 24 } },
    ],
  },
  {
    name: 'log',
    rows: [
      { key: 'log_query_p95_worst_kind_ms', label: 'log query p95, the slowest kind, 100,000 reports', unit: 'ms', digits: 2, goal: { op: '<=', value: 20 } },
      { key: 'cold_start_ms', label: 'new process → first log page, app code bundled, median', unit: 'ms', digits: 1, goal: { op: '<=', value: 250 } },
      { key: 'startup_ms', label: 'of which after loading the code (open, recover, first page)', unit: 'ms', digits: 1, goal: { op: '<=', value: 150 } },
      { key: 'cold_start_sources_ms', label: 'new process → first log page, from the TypeScript sources (as the CLI)', unit: 'ms', digits: 1 },
      { key: 'rss_mb', label: 'memory after the queries (RSS)', unit: 'MB', digits: 1, goal: { op: '<=', value: 150 } },
    ],
  },
  {
    name: 'renderer',
    rows: [
      { key: 'bundle_gzip_kb', label: "renderer's JavaScript loaded at start, gzipped", unit: 'KB', digits: 1, goal: { op: '<=', value: 100 } },
      { key: 'bundle_all_gzip_kb', label: 'all of it, with the screens loaded when opened', unit: 'KB', digits: 1 },
      { key: 'small_first_paint_ms', label: 'baseline: first painted log rows, 100 reports', unit: 'ms', digits: 0 },
      { key: 'log_first_paint_ms', label: 'first painted log rows, 100,000 reports', unit: 'ms', digits: 0, baseline: 'small_first_paint_ms', goal: { op: '<=', value: 300 } },
    ],
  },
];

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  node: string;
  sqlite: string;
  keychain: string;
}

export async function machine(keychain: string): Promise<Machine> {
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    sqlite,
    keychain,
  };
}

export interface Results {
  machine: Machine;
  started_at: string;
  duration_s: number;
  figures: Figures;
  goals: Record<string, { goal: string; met: boolean | null }>;
  notes: Record<string, string[]>;
  detail: Record<string, unknown>;
}

export const goalText = (g: Goal): string => `${g.op === '==' ? '=' : g.op === '<=' ? '≤' : '≥'} ${g.value}`;

export function meets(goal: Goal, value: number | null): boolean | null {
  if (value === null || Number.isNaN(value)) return null;
  if (goal.op === '<=') return value <= goal.value;
  if (goal.op === '>=') return value >= goal.value;
  return value === goal.value;
}

export function goalsOf(figures: Figures): Results['goals'] {
  const goals: Results['goals'] = {};
  for (const s of SECTIONS) {
    for (const r of s.rows) {
      if (r.goal) goals[r.key] = { goal: goalText(r.goal), met: meets(r.goal, figures[r.key] ?? null) };
    }
  }
  return goals;
}

export function fmt(value: number | null | undefined, digits = 2, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not measured';
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === '' || unit === '×' ? `${text}${unit}` : `${text} ${unit}`;
}

/** The results as a plain-text table (also valid Markdown, for the README). */
export function table(results: Results): string {
  const head = ['measurement', 'figure', 'value', 'baseline (same run)', 'goal', 'met'];
  const lines: string[][] = [];
  for (const s of SECTIONS) {
    for (const r of s.rows) {
      const value = results.figures[r.key] ?? null;
      const base = r.baseline ? results.figures[r.baseline] : undefined;
      const met = r.goal ? meets(r.goal, value) : null;
      lines.push([
        s.name,
        `${r.label} (${r.key})`,
        fmt(value, r.digits ?? 2, r.unit),
        r.baseline ? `${fmt(base, r.digits ?? 2, r.unit)} (${r.baseline})` : '',
        r.goal ? goalText(r.goal) : '',
        r.goal ? (met === null ? '—' : met ? 'yes' : 'NO') : '',
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const m = results.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}; secrets: ${m.keychain}`,
    `Run: ${results.started_at}, ${results.duration_s.toFixed(0)} s`,
    '',
    row(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(row),
    ...Object.entries(results.notes).flatMap(([name, notes]) => notes.map((n) => `- ${name}: ${n}`)),
  ].join('\n');
}

/** The figures that have a goal, in table order: they also go at the top level of the JSON. */
export function headline(figures: Figures): Figures {
  return Object.fromEntries(SECTIONS.flatMap((s) => s.rows).filter((r) => r.goal).map((r) => [r.key, figures[r.key] ?? null]));
}

/** The results as JSON: the figures with a goal at the top level, then everything. */
export function resultsJson(results: Results): string {
  return `${JSON.stringify({ ...headline(results.figures), ...results }, null, 2)}\n`;
}

export function writeResults(file: string, results: Results): void {
  writeFileSync(file, resultsJson(results));
}
