// `npm run bench`: every measurement in a fresh process of its own (so one's garbage or
// memory never counts against the next), then one table and bench/results.json.
//   --json            print the JSON instead of the table
//   --only a,b        run only these measurements (enqueue, drain, reconnect, outage, log, renderer)
//   --out FILE        write the JSON there instead of bench/results.json (a run with --only
//                     writes no file unless --out is given)
// Set UPR_BENCH_DIR to put the databases somewhere other than the OS temp folder.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { benchFile, benchSecrets } from './common.ts';
import { goalsOf, machine, resultsJson, table, writeResults, type Figures, type MeasurementResult, type Results } from './report.ts';

/** Each measurement is a module exporting `run(): Promise<MeasurementResult>`. */
export const MEASUREMENTS = ['enqueue', 'drain', 'reconnect', 'outage', 'log', 'renderer'] as const;
type Name = (typeof MEASUREMENTS)[number];

const RESULT_MARK = '@@bench-result ';

async function runChild(name: Name): Promise<MeasurementResult> {
  const mod = (await import(`./${name}.ts`)) as { run: () => Promise<MeasurementResult> };
  return mod.run();
}

/** Runs one measurement in a child process; its progress goes to our stderr. */
function inChild(name: Name): Promise<MeasurementResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [benchFile('./run.ts'), '--child', name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as MeasurementResult);
      else reject(new Error(`bench ${name} failed (exit ${code ?? signal})\n${out}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      child: { type: 'string' },
    },
  });
  if (values.child) {
    const result = await runChild(values.child as Name);
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
    process.exit(0);
  }

  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...MEASUREMENTS];
  for (const name of only) {
    if (!(MEASUREMENTS as readonly string[]).includes(name)) throw new Error(`unknown measurement ${name}; known: ${MEASUREMENTS.join(', ')}`);
  }
  const started = Date.now();
  const secrets = await benchSecrets();
  const figures: Figures = {};
  const notes: Record<string, string[]> = {};
  const detail: Record<string, unknown> = {};
  for (const name of only as Name[]) {
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = Date.now();
    const result = await inChild(name);
    Object.assign(figures, result.figures);
    if (result.notes?.length) notes[name] = result.notes;
    if (result.detail) detail[name] = result.detail;
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(result.figures)}\n`);
  }
  const results: Results = {
    machine: await machine(secrets.kind === 'keychain' ? 'OS keychain (keytar)' : 'in memory (no keychain answered)'),
    started_at: new Date(started).toISOString(),
    duration_s: (Date.now() - started) / 1000,
    figures,
    goals: goalsOf(figures),
    notes,
    detail,
  };
  // A partial run (--only) does not overwrite the full run's results unless told where to write.
  const out = values.out ?? (values.only ? null : benchFile('./results.json'));
  if (out) writeResults(out, results);
  process.stdout.write(values.json ? resultsJson(results) : `${table(results)}\n`);
}

await main();
