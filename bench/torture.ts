// `npm run torture`: the deliverer is killed with SIGKILL at random moments, again and
// again, while it makes reports, sends them and commits their outcomes, with the simulator
// (in this process, living through all of it) dropping requests, answering 503, losing
// answers after accepting, and expiring tokens. Then a last life without faults sends what is
// left, and the simulator's own record is checked:
//   lost                 reports a child printed as queued (so: committed) that never arrived
//   duplicates_accepted  ids Ropo One would have accepted twice (accepted entries with a repeated id)
//   out_of_order         reports accepted before an earlier-made report of their usage place
//                        (made = the database's seq)
// plus: every report in the database arrived, the database passes integrity_check, and a
// restarted child takes the lease at once (the dead holder's pid is checked, not its expiry).
//   --kills N   lives to kill (default 200)        --quick   20 kills
//   --seed S    (or SEED=S) replays a run's schedule: every kill offset, every life's reports,
//               the fault mixes and the simulator's dice (bench/torture-schedule.ts)
//   --json      print the result as JSON
//   --out FILE  where to write the result; the full run (200 kills) writes bench/torture.json
//               by default, a shorter one writes nothing unless told where
// Exits 1 when any check fails. Needs the OS keychain (on Linux a D-Bus session with an
// unlocked gnome-keyring, as for `npm test`).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Core } from '../electron/core/open-core.ts';
import { startSimulator, DEMO_APICODE, DEMO_CID } from '../electron/sandbox/simulator.ts';
import { parseEndpointName } from '../shared/endpoint.ts';
import { writeFileSync } from 'node:fs';
import { benchFile, checkRecord, median, tempDir } from './common.ts';
import { machine, type Machine } from './report.ts';
import { seededRandom } from '../electron/sandbox/seeded-random.ts';
import { faultMix, runSeed, tortureSchedule } from './torture-schedule.ts';

/** Lives killed by `npm run torture` without --kills or --quick: the run bench/torture.json holds. */
export const FULL_KILLS = 200;

export interface TortureOptions {
  kills: number;
  seed?: number;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
}

export interface TortureResult {
  seed: number;
  /** For each life, ms from its start to its SIGKILL (the schedule SEED replays). */
  kill_after_ms: number[];
  lost: number;
  duplicates_accepted: number;
  out_of_order: number;
  kills: number;
  duration_s: number;
  reports_made: number;
  reports_printed: number;
  not_delivered: number;
  printed_not_in_db: number;
  repeats_answered: number;
  requests: number;
  requests_faulted: number;
  tokens_expired: number;
  /** Times delivery paused for "sign in again" (a fresh token refused too, by design) and the clerk signed in again. */
  signed_in_again: number;
  lease_takeover_ms_median: number | null;
  lease_takeover_ms_max: number | null;
  /** Lives that ended before they were killed (a crash of the core), with the end of their stderr. */
  crashes: string[];
  /** Whether the last life (no faults) got everything sent. */
  final_drain: 'done' | string;
  integrity_check: string;
  ok: boolean;
}

interface Life {
  proc: ChildProcess;
  startedAt: number;
  queued: string[];
  leaseAt: number | null;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function startLife(env: Record<string, string>): Life {
  const startedAt = Date.now();
  const proc = spawn(process.execPath, [benchFile('./torture-child.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const life: Life = { proc, startedAt, queued: [], leaseAt: null, lines: [], exited: Promise.resolve({ code: null, signal: null }), stderr: () => err };
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const rl = createInterface({ input: proc.stdout! });
  rl.on('line', (line) => {
    life.lines.push(line);
    const queued = /^queued ([0-9a-f-]{36})$/.exec(line);
    if (queued) life.queued.push(queued[1]!);
    const lease = /^lease true (\d+)$/.exec(line);
    if (lease && life.leaseAt === null) life.leaseAt = Number(lease[1]);
  });
  const closed = new Promise<void>((r) => rl.once('close', () => r()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  life.exited = Promise.all([exit, closed]).then(([e]) => e);
  return life;
}

export async function runTorture(options: TortureOptions): Promise<TortureResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = options.seed ?? Math.floor(Math.random() * 1e9);
  const schedule = tortureSchedule(seed, options.kills);
  const faultRandom = seededRandom(schedule.faultSeed);
  log(`torture: ${options.kills} kills, seed ${seed} (SEED=${seed} replays this schedule)`);
  log(`  kill offsets, ms after each life's start: ${schedule.killAfterMs.join(' ')}`);
  const started = Date.now();
  // Tokens live 5 min 5 s: the client renews 5 min before expiry, so every ~5 s, besides the
  // forced expiries below.
  const sim = await startSimulator({ tokenTtlSeconds: 305, random: seededRandom(schedule.simulatorSeed) });
  const tmp = tempDir('upr-torture-');
  const keychainService = `usage-place-reporter-torture-${randomUUID()}`;
  const env = { UPR_DATA_DIR: tmp.dir, UPR_KEYCHAIN_SERVICE: keychainService };
  const setup = new Core({ dataDir: tmp.dir, keychainService });
  let faultTimer: NodeJS.Timeout | undefined;
  let current: Life | undefined;
  try {
    await setup.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE);
    await setup.close();
    sim.reset(); // the record starts with the first report

    let tokensExpired = 0;
    faultTimer = setInterval(() => {
      sim.setFaults(faultMix(faultRandom));
      if (faultRandom() < 0.1) {
        sim.expireTokens();
        tokensExpired += 1;
      }
    }, 250);
    // The clerk: when a fresh token is refused as well (the expiry hit it between /token and
    // its use), delivery pauses in "sign in again", as DESIGN.md asks; the clerk signs in again.
    const clerk = new Core({ dataDir: tmp.dir, keychainService });
    let signedInAgain = 0;
    const signInIfAsked = async (): Promise<void> => {
      if (clerk.holds.signInPauses().length === 0) return;
      await clerk.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE);
      signedInAgain += 1;
    };

    const printed: string[] = [];
    const crashes: string[] = [];
    const takeovers: number[] = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      const life = startLife({ ...env, UPR_TORTURE_MODE: 'work', UPR_TORTURE_SEED: String(schedule.lifeSeeds[kill - 1]) });
      current = life;
      // Anywhere in a life: while it starts (migrating, recovering), takes the lease, makes
      // reports, sends them, or commits what Ropo One answered.
      await new Promise((r) => setTimeout(r, schedule.killAfterMs[kill - 1]));
      life.proc.kill('SIGKILL');
      const exit = await life.exited;
      await signInIfAsked();
      if (exit.signal !== 'SIGKILL') crashes.push(`life ${kill} ended by itself (${JSON.stringify(exit)}): ${life.stderr().slice(-500)}`);
      printed.push(...life.queued);
      if (life.leaseAt !== null) takeovers.push(life.leaseAt - life.startedAt);
      if (kill % 20 === 0 || kill === options.kills) {
        log(`  ${kill} kills, ${printed.length} reports queued, ${sim.record().accepted.length} accepted`);
      }
    }
    clearInterval(faultTimer);
    sim.setFaults({ dropRate: 0, dropAfterAcceptRate: 0, status: null, latencyMs: 0 });

    // The last life: no faults, no new reports, until everything is sent.
    await signInIfAsked();
    const last = startLife({ ...env, UPR_TORTURE_MODE: 'drain', UPR_TORTURE_SEED: String(schedule.lifeSeeds[options.kills]) });
    current = last;
    const lastExit = await last.exited;
    const status = clerk.status();
    await clerk.close();
    const finalDrain = lastExit.code === 0 && last.lines.includes('done')
      ? 'done'
      : `did not finish (${JSON.stringify(lastExit)}): ${last.stderr().slice(-300)} status ${JSON.stringify({ counts: status.counts, waitReason: status.waitReason, waitDetail: status.waitDetail })}`;
    if (last.leaseAt !== null) takeovers.push(last.leaseAt - last.startedAt);

    // Check everything against the simulator's own record and the database.
    const record = sim.record();
    const core = new Core({ dataDir: tmp.dir, keychainService });
    const integrity = (core.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
    const made = core.db.prepare('SELECT id, usageplacecode, seq FROM reports ORDER BY seq').all() as { id: string; usageplacecode: string; seq: number }[];
    await core.account.signOut();
    await core.close();

    const check = checkRecord(record, made);
    const inDb = new Set(made.map((m) => m.id));
    const accepted = new Set(record.accepted.map((a) => a.event.id));
    const events = record.requests.filter((r) => r.path === '/rest/usageplace/event');
    const result: TortureResult = {
      seed,
      kill_after_ms: schedule.killAfterMs,
      lost: printed.filter((id) => !accepted.has(id)).length,
      duplicates_accepted: check.duplicates_accepted,
      out_of_order: check.out_of_order,
      kills: options.kills,
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      reports_made: made.length,
      reports_printed: printed.length,
      not_delivered: check.lost,
      printed_not_in_db: printed.filter((id) => !inDb.has(id)).length,
      repeats_answered: record.duplicates,
      requests: events.length,
      requests_faulted: events.filter((r) => r.status === 0 || r.status >= 500 || r.status === 401).length,
      tokens_expired: tokensExpired,
      signed_in_again: signedInAgain,
      lease_takeover_ms_median: takeovers.length ? Math.round(median(takeovers)) : null,
      lease_takeover_ms_max: takeovers.length ? Math.max(...takeovers) : null,
      crashes,
      final_drain: finalDrain,
      integrity_check: integrity,
      ok: false,
    };
    // A restart must not wait out the 15 s lease of the dead holder.
    const leaseOk = result.lease_takeover_ms_max !== null && result.lease_takeover_ms_max < 5000;
    result.ok =
      result.lost === 0 && result.duplicates_accepted === 0 && result.out_of_order === 0 && result.not_delivered === 0 &&
      result.printed_not_in_db === 0 && check.unexpected === 0 && integrity === 'ok' && leaseOk && result.reports_printed > 0 &&
      crashes.length === 0 && finalDrain === 'done';
    return result;
  } finally {
    clearInterval(faultTimer);
    current?.proc.kill('SIGKILL');
    await sim.close();
    tmp.remove();
  }
}

export function formatTorture(r: TortureResult): string {
  return [
    `seed                 ${r.seed} (SEED=${r.seed} replays the schedule)`,
    `lost                 ${r.lost}`,
    `duplicates_accepted  ${r.duplicates_accepted}`,
    `out_of_order         ${r.out_of_order}`,
    `kills                ${r.kills}`,
    `duration             ${r.duration_s} s`,
    `reports made         ${r.reports_made} (${r.reports_printed} printed as queued; ${r.printed_not_in_db} of those missing from the database; ${r.not_delivered} not delivered)`,
    `event requests       ${r.requests} (${r.requests_faulted} dropped, 5xx or 401; ${r.repeats_answered} repeats of an accepted id answered)`,
    `tokens               expired ${r.tokens_expired} times; ${r.signed_in_again} "sign in again" pauses, each ended by signing in again`,
    `lease takeover       median ${r.lease_takeover_ms_median} ms, max ${r.lease_takeover_ms_max} ms after the restart`,
    `last life            ${r.final_drain}`,
    `crashes              ${r.crashes.length}${r.crashes.map((c) => `\n  ${c}`).join('')}`,
    `integrity_check      ${r.integrity_check}`,
    r.ok ? 'OK' : 'FAILED',
  ].join('\n');
}

/** What bench/torture.json holds: the result, and where and when it was measured. */
export interface TortureFile extends TortureResult {
  machine: Machine;
  started_at: string;
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string' }, quick: { type: 'boolean', default: false }, seed: { type: 'string' },
      json: { type: 'boolean', default: false }, out: { type: 'string' },
    },
  });
  const kills = values.kills ? Number(values.kills) : values.quick ? 20 : FULL_KILLS;
  if (!Number.isInteger(kills) || kills < 1) throw new Error('--kills must be a whole number ≥ 1');
  const startedAt = new Date().toISOString();
  const result = await runTorture({ kills, seed: runSeed(values.seed) });
  const file: TortureFile = {
    ...result,
    machine: await machine('OS keychain (keytar)'), // the lives sign in through it: no keychain, no run
    started_at: startedAt,
  };
  // A shorter run does not overwrite the full run's results unless told where to write.
  const out = values.out ?? (kills === FULL_KILLS ? benchFile('./torture.json') : null);
  if (out) writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(file, null, 2)}\n` : `${formatTorture(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}
