// reconnect: Ropo One unreachable, reports queued and waiting, on backoff (tens of seconds
// away) or behind the target's open circuit (a probe every few seconds); the simulator comes
// back online and the OS says "online again" (`worker.onlineAgain()`): the time to the first
// report delivered.
// A backlog of 1,000 reports over 200 usage places waits behind it, as after a day offline.
import { join } from 'node:path';
import { Core } from '../electron/core/open-core.ts';
import { DEMO_APICODE, DEMO_CID } from '../electron/sandbox/simulator.ts';
import { parseEndpointName } from '../shared/endpoint.ts';
import { benchSecrets, median, round, startRemoteSimulator, tempDir, until, wireEvent } from './common.ts';
import type { MeasurementResult } from './report.ts';

const ROUNDS = 7;
const BACKLOG = 1000;
const BACKLOG_LANES = 200;
const PER_ROUND = 20;
/** Every retry waits 30 s (random fixed at 0.5): only the online signal can make it go sooner. */
const SLOW_BACKOFF = { baseMs: 60_000, capMs: 600_000 };

export async function run(): Promise<MeasurementResult> {
  const tmp = tempDir();
  const sim = await startRemoteSimulator();
  const { secrets } = await benchSecrets();
  try {
    const core = new Core({ dataDir: join(tmp.dir, 'core'), secrets, requestTimeoutMs: 5000 });
    const { target } = await core.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE); // token cached while online
    await sim.setFaults({ offline: true });
    let i = 0;
    const enqueue = (n: number, lanes: number): void => {
      core.store.enqueue(Array.from({ length: n }, () => ({ event: wireEvent(i++, lanes), target })), Date.now());
      core.worker?.kick();
    };
    enqueue(BACKLOG, BACKLOG_LANES);
    const worker = core.startDelivery({ backoff: SLOW_BACKOFF, random: () => 0.5 });
    let delivered = 0;
    worker.on('delivered', () => void (delivered += 1));
    let circuitOpen = false;
    worker.on('circuit', (_target, view) => void (circuitOpen = Boolean(view)));
    /**
     * Nothing in flight, and every lane head waits: on its backoff, or (once five failures in a
     * row opened the target's circuit) for the probe, whose next turn the online signal brings
     * forward as it does the backoffs.
     */
    const allWaiting = (): boolean => {
      if (worker.inFlight !== 0 || core.store.counts().sending !== 0) return false;
      const next = core.store.nextDueAt();
      return circuitOpen || next === null || next > Date.now() + 1000;
    };

    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        await sim.setFaults({ offline: true });
        enqueue(PER_ROUND, PER_ROUND);
      }
      await until(allWaiting, 'every lane head waiting on backoff or the circuit', 60_000, 10);
      await new Promise((r) => setTimeout(r, 50));
      if (delivered !== 0 && round === 0) throw new Error('delivered while offline?');
      await sim.setFaults({ offline: false });
      const before = delivered;
      const t0 = performance.now();
      worker.onlineAgain();
      await until(() => delivered > before, 'the first delivery after the online signal', 30_000, 1);
      samples.push(performance.now() - t0);
      // Let the rest of this round drain before going offline again.
      await until(() => core.store.counts().queued + core.store.counts().sending === 0, 'backlog delivered', 120_000, 20);
    }
    await worker.stop();
    await core.account.signOut();
    await core.close();
    return {
      figures: { reconnect_ms: round(median(samples), 1) },
      detail: { samples_ms: samples.map((s) => round(s, 1)) },
      notes: [
        `median of ${ROUNDS}; the first with ${BACKLOG} reports over ${BACKLOG_LANES} usage places waiting, then ${PER_ROUND} each; retries 30 s away, or the circuit open; samples ${samples.map((s) => s.toFixed(0)).join(', ')} ms`,
      ],
    };
  } finally {
    await sim.close();
    tmp.remove();
  }
}
