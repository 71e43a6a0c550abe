// Everything random in `npm run torture`, drawn from the seed (electron/sandbox/seeded-random.ts),
// so `SEED=n npm run torture` replays a run: when each life is killed, what each life's clerk
// types and how long it pauses, the order of the fault mixes, and the simulator's dice. What
// no seed can fix is timing: which request a kill lands on, and which fault mix a request
// meets, depend on how fast the machine is at that moment.
import { seededRandom } from '../electron/sandbox/seeded-random.ts';
import type { PartialSimulatorFaults } from '../electron/sandbox/simulator.ts';

/** A life lives this long before its SIGKILL, plus up to KILL_SPREAD_MS more. */
const KILL_MIN_MS = 150;
const KILL_SPREAD_MS = 1000;

export interface TortureSchedule {
  seed: number;
  /** For each life, how long after its start it is killed. */
  killAfterMs: number[];
  /** For each life, the seed of its clerk (UPR_TORTURE_SEED of bench/torture-child.ts). */
  lifeSeeds: number[];
  /** The fault mixes and token expiries, one draw every 250 ms (faultMix). */
  faultSeed: number;
  /** The simulator's own dice (drops, 503s, lost answers). */
  simulatorSeed: number;
}

/** The whole plan of a run: a pure function of the seed and the number of kills. */
export function tortureSchedule(seed: number, kills: number): TortureSchedule {
  const random = seededRandom(seed);
  const killAfterMs: number[] = [];
  const lifeSeeds: number[] = [];
  for (let i = 0; i < kills; i++) {
    killAfterMs.push(KILL_MIN_MS + Math.floor(random() * KILL_SPREAD_MS));
    lifeSeeds.push(Math.floor(random() * 2 ** 32));
  }
  // The last life (drain mode) makes nothing; it still gets a seed of its own.
  lifeSeeds.push(Math.floor(random() * 2 ** 32));
  return { seed, killAfterMs, lifeSeeds, faultSeed: (seed ^ 0x0fa17) >>> 0, simulatorSeed: (seed ^ 0x5eed) >>> 0 };
}

/** A new mix of faults every few hundred milliseconds; never all at once, never none for long. */
export function faultMix(random: () => number): PartialSimulatorFaults {
  const pick = random();
  const base: PartialSimulatorFaults = {
    dropRate: 0, dropAfterAcceptRate: 0, status: null, statusRate: 1, latencyMs: Math.floor(random() * 15),
    // Ropo One may answer a repeated id with 200 or with 409: either must end as sent, once.
    repeatStatus: random() < 0.5 ? 409 : 200,
  };
  if (pick < 0.15) return base; // a quiet moment
  if (pick < 0.35) return { ...base, dropRate: 0.3 };
  if (pick < 0.55) return { ...base, status: 503, statusRate: 0.4 };
  if (pick < 0.75) return { ...base, dropAfterAcceptRate: 0.3 };
  return { ...base, dropRate: 0.1, status: 503, statusRate: 0.15, dropAfterAcceptRate: 0.1 };
}

const STATUSES = ['disconnected', 'connected', 'notdisconnected'] as const;

/** One report of the torture's clerk (a draft as the form gives it) and the pause after it. */
export function clerkStep(random: () => number, lanes: number): { draft: Record<string, unknown>; pauseMs: number } {
  const lane = Math.floor(random() * lanes);
  const status = STATUSES[Math.floor(random() * 3)]!;
  const draft = {
    status,
    usageplacecode: `TORTURE-${String(lane).padStart(3, '0')}`,
    customernumber: `C${1000 + lane}`,
    invoices: [{ invoicenumber: String(Math.floor(random() * 1e6)), jobid: String(lane) }],
    ...(status === 'notdisconnected' ? { description: 'Gate locked' } : {}),
  };
  return { draft, pauseMs: random() * 25 };
}

/** The seed of a run: --seed, else SEED from the environment, else a new one (printed, to replay). */
export function runSeed(fromArgs: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const given = fromArgs ?? env.SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 1e9);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`a seed is a whole number ≥ 0, not ${given}`);
  return seed;
}
