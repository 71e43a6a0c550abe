// `npm run bench:readme`: writes the README's measured figures from the committed results,
// so every figure there comes from a command:
//   bench/results.json  `npm run bench -- --json`     the bench table, the log's query kinds
//   bench/torture.json  `npm run torture -- --json`   the torture run
//   bench/profile.json  `npm run bench:profile`       where the drain's and enqueue's time goes
// Each block sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->` in README.md and
// is replaced whole; nothing else in the README is touched. The output depends on the JSON
// files alone, so running it twice changes nothing.
//   --check   write nothing; exit 1 naming each block that differs (test/bench/readme-figures.test.ts)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchFile } from './common.ts';
import { fmt, goalText, meets, SECTIONS, type Machine, type Results } from './report.ts';
import type { TortureFile } from './torture.ts';
import type { ProfileSummary } from './cpu-profile.ts';

export const README = benchFile('../README.md');
export const SOURCES = {
  results: benchFile('./results.json'),
  torture: benchFile('./torture.json'),
  profile: benchFile('./profile.json'),
};

interface PerItem {
  per_s: number;
  wall_ms_per_item: number;
  js_thread_cpu_ms_per_item: number;
  process_cpu_ms_per_item: number;
  js_thread_busy_share: number;
  event_loop_utilization: number;
}

export interface ProfileFile {
  machine: Machine;
  started_at: string;
  duration_s: number;
  drain: { reports: number; concurrency: number; core: PerItem; bare_fetch_loop: PerItem; js_thread_profile: ProfileSummary; bare_loop_js_thread_profile: ProfileSummary };
  enqueue: { reports: number; core: PerItem; bare_insert: PerItem; wal_pages_per_item: { core: number; bare_insert: number }; js_thread_profile: ProfileSummary };
}

export interface Inputs {
  results: Results;
  torture: TortureFile;
  profile: ProfileFile;
}

const n = (value: number, digits = 0): string => fmt(value, digits);
const pct = (share: number): string => `${Math.round(share * 100)}%`;
const day = (iso: string): string => iso.slice(0, 10);

function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}; secrets: ${m.keychain}`;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The bench's table: every row of bench/report.ts's SECTIONS, with its baseline, goal and whether it was met. */
function benchBlock({ results }: Inputs): string {
  const rows = SECTIONS.flatMap((s) =>
    s.rows.map((r) => {
      const value = results.figures[r.key] ?? null;
      const met = r.goal ? meets(r.goal, value) : null;
      return [
        `${s.name}: ${r.label} (\`${r.key}\`)`,
        fmt(value, r.digits ?? 2, r.unit),
        r.baseline ? `${fmt(results.figures[r.baseline], r.digits ?? 2, r.unit)} (\`${r.baseline}\`)` : '',
        r.goal ? goalText(r.goal) : '',
        r.goal ? (met === null ? '—' : met ? 'yes' : '**no**') : '',
      ];
    }),
  );
  const notes = Object.entries(results.notes).flatMap(([name, list]) => list.map((note) => `- ${name}: ${note}`));
  return [
    `Latest \`npm run bench\`: ${machineLine(results.machine)}; ${day(results.started_at)}, ${n(results.duration_s)} s.`,
    '',
    table(['figure', 'value', 'baseline (same run)', 'goal', 'met'], rows),
    '',
    ...notes,
  ].join('\n');
}

/** Every kind of the log's queries with its p95 and median (the slowest kind's p95 is the figure). */
function logKindsBlock({ results }: Inputs): string {
  const log = results.detail.log as {
    kinds: Record<string, Record<string, unknown>>;
    per_kind_p95_ms: Record<string, number>;
    per_kind_median_ms: Record<string, number>;
    rounds_per_kind: number;
    worst_kind: string;
  };
  const rows = Object.entries(log.kinds).map(([kind, request]) => [
    kind === log.worst_kind ? `**${kind}**` : kind,
    `\`${JSON.stringify(request)}\``,
    n(log.per_kind_p95_ms[kind]!, 2),
    n(log.per_kind_median_ms[kind]!, 2),
  ]);
  return [
    `The log's queries at 100,000 reports, each kind ${log.rounds_per_kind} times through \`reports:list\` (count and a page of 100 rows; same run as the table above):`,
    '',
    table(['kind', 'request', 'p95 ms', 'median ms'], rows),
  ].join('\n');
}

function tortureBlock({ torture: t }: Inputs): string {
  return [
    `Latest \`npm run torture\`: ${t.kills} kills in ${n(t.duration_s)} s, seed ${t.seed} (\`SEED=${t.seed} npm run torture\` replays its schedule); ` +
      `${n(t.reports_made)} reports made, ${n(t.requests)} event requests (${n(t.requests_faulted)} dropped, 5xx or 401; ` +
      `${n(t.repeats_answered)} repeats of an accepted id answered), tokens expired ${t.tokens_expired} times: ` +
      `**lost ${t.lost}, duplicates_accepted ${t.duplicates_accepted}, out_of_order ${t.out_of_order}**, ` +
      `${t.not_delivered} not delivered, \`integrity_check\` ${t.integrity_check}, ${t.crashes.length} crashes; a restarted deliverer ` +
      `takes the lease over in a median of ${t.lease_takeover_ms_median} ms (max ${t.lease_takeover_ms_max} ms). ${t.ok ? 'Every check passed.' : '**A check failed.**'}`,
    `Machine: ${machineLine(t.machine)}; ${day(t.started_at)}.`,
  ].join('\n');
}

function categoriesTable(columns: [string, ProfileSummary][]): string {
  const names = Object.keys(columns[0]![1].categories);
  return table(
    ['share of the JS thread\'s sampled time', ...columns.map(([title]) => title)],
    names.map((name) => [name, ...columns.map(([, s]) => pct(s.categories[name] ?? 0))]),
  );
}

function profileBlock({ profile: p }: Inputs): string {
  const d = p.drain;
  const e = p.enqueue;
  const costRows = (a: PerItem, b: PerItem): string[][] => [
    ['per second', n(a.per_s), n(b.per_s)],
    ['JS thread CPU per item', `${n(a.js_thread_cpu_ms_per_item, 3)} ms`, `${n(b.js_thread_cpu_ms_per_item, 3)} ms`],
    ['whole process CPU per item', `${n(a.process_cpu_ms_per_item, 3)} ms`, `${n(b.process_cpu_ms_per_item, 3)} ms`],
    ['JS thread busy (its CPU / wall time)', pct(a.js_thread_busy_share), pct(b.js_thread_busy_share)],
    ['event loop utilisation', pct(a.event_loop_utilization), pct(b.event_loop_utilization)],
  ];
  const top = (s: ProfileSummary): string =>
    s.top_functions.slice(0, 6).map((f) => `\`${f.function}\`${f.where ? ` (${f.where})` : ''} ${pct(f.share)}`).join(', ');
  return [
    `Latest \`npm run bench:profile\`: ${machineLine(p.machine)}; ${day(p.started_at)}.`,
    '',
    `Drain, ${n(d.reports)} reports, ${d.concurrency} at a time (CPU from one unprofiled run each, beside the mean of two bare loops):`,
    '',
    table(['', 'core drain', 'bare fetch loop'], costRows(d.core, d.bare_fetch_loop)),
    '',
    categoriesTable([['core drain', d.js_thread_profile], ['bare fetch loop', d.bare_loop_js_thread_profile]]),
    '',
    `Drain, functions with the most self time: ${top(d.js_thread_profile)}.`,
    '',
    `Enqueue, ${n(e.reports)} reports one at a time:`,
    '',
    table(['', 'core.reports.create', 'bare insert'], [
      ...costRows(e.core, e.bare_insert),
      ['pages written to the WAL per item', n(e.wal_pages_per_item.core, 2), n(e.wal_pages_per_item.bare_insert, 2)],
    ]),
    '',
    `Enqueue, functions with the most self time: ${top(e.js_thread_profile)}.`,
  ].join('\n');
}

/** Every generated block of the README, by name. */
export const BLOCKS: Record<string, (inputs: Inputs) => string> = {
  bench: benchBlock,
  'log-kinds': logKindsBlock,
  torture: tortureBlock,
  profile: profileBlock,
};

const begin = (name: string): string => `<!-- generated: ${name} (npm run bench:readme) -->`;
const end = (name: string): string => `<!-- end: ${name} -->`;

export function readInputs(): Inputs {
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
  return { results: read(SOURCES.results), torture: read(SOURCES.torture), profile: read(SOURCES.profile) };
}

/** The README with every block regenerated, and the names of the blocks that changed. */
export function regenerate(readme: string, inputs: Inputs): { text: string; changed: string[] } {
  let text = readme;
  const changed: string[] = [];
  for (const [name, render] of Object.entries(BLOCKS)) {
    const from = text.indexOf(begin(name));
    const to = text.indexOf(end(name));
    if (from < 0 || to < from) throw new Error(`README.md has no block "${name}": put ${begin(name)} and ${end(name)} where it goes`);
    const block = `${begin(name)}\n${render(inputs)}\n${end(name)}`;
    const current = text.slice(from, to + end(name).length);
    if (current !== block) changed.push(name);
    text = text.slice(0, from) + block + text.slice(to + end(name).length);
  }
  return { text, changed };
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const { text, changed } = regenerate(readFileSync(README, 'utf8'), readInputs());
  if (values.check) {
    if (changed.length) {
      process.stderr.write(`README.md differs from the results in: ${changed.join(', ')} (run npm run bench:readme)\n`);
      process.exit(1);
    }
    process.stdout.write('README.md matches bench/results.json, bench/torture.json and bench/profile.json\n');
  } else {
    writeFileSync(README, text);
    process.stdout.write(changed.length ? `README.md: regenerated ${changed.join(', ')}\n` : 'README.md: already up to date\n');
  }
}
