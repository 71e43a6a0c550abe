// outage: Ropo One (the simulator, in a process of its own) cuts every connection for 60 s.
// Meanwhile the clerk makes 1,000 reports over 200 usage places (20 a second for the first
// 50 s, through the same service as the form), and the core delivers with its real backoff
// and circuit. When the simulator is back nothing tells the core so (no OS signal, no Send
// now): the figures are the time from its return to the last report delivered, and how many
// requests reached it while it was down.
import { join } from 'node:path';
import { Core } from '../electron/core/open-core.ts';
import { DEMO_APICODE, DEMO_CID } from '../electron/sandbox/simulator.ts';
import { parseEndpointName } from '../shared/endpoint.ts';
import { benchSecrets, checkRecord, draft, round, sleep, startRemoteSimulator, tempDir, until } from './common.ts';
import type { MeasurementResult } from './report.ts';

const OUTAGE_MS = 60_000;
const REPORTS = 1000;
const LANES = 200;
/** The clerk's pace: a batch every second, until all are made. */
const PER_SECOND = 20;

export async function run(): Promise<MeasurementResult> {
  const tmp = tempDir();
  const sim = await startRemoteSimulator();
  const { secrets } = await benchSecrets();
  try {
    const core = new Core({ dataDir: join(tmp.dir, 'core'), secrets });
    await core.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE); // signed in while Ropo One answered
    // The app's defaults: backoff 2 s doubling to 10 min, circuit after five failures, probes every ≤ 5 s.
    const worker = core.startDelivery();
    let delivered = 0;
    let lastDelivered = 0;
    worker.on('delivered', () => {
      delivered += 1;
      lastDelivered = performance.now();
    });
    const opened: number[] = [];
    worker.on('circuit', (_t, view) => void (view && opened.push(performance.now())));

    await sim.reset(); // the record starts with the outage (the token stays valid)
    await sim.setFaults({ offline: true });
    const down = performance.now();
    const created: { id: string; usageplacecode: string; seq: number }[] = [];
    for (let i = 0; i < REPORTS; i++) {
      if (i > 0 && i % PER_SECOND === 0) await sleep(down + (i / PER_SECOND) * 1000 - performance.now());
      const { entry } = core.reports.create(draft(i, LANES));
      created.push({ id: entry.id, usageplacecode: entry.usageplacecode, seq: entry.seq });
    }
    if (delivered !== 0) throw new Error('delivered while Ropo One was down?');
    await sleep(down + OUTAGE_MS - performance.now());
    await sim.setFaults({ offline: false });
    const back = performance.now();
    const whileDown = (await sim.record()).requests.length;
    await until(() => delivered === REPORTS, 'every report delivered after the outage', 120_000, 5);
    const firstAfter = (await sim.record()).requests.find((r) => r.status !== 0);
    const recoveryS = (lastDelivered - back) / 1000;
    const record = await sim.record();
    const check = checkRecord(record, created);
    await worker.stop();
    await core.account.signOut();
    await core.close();
    if (check.lost + check.duplicates_accepted + check.out_of_order + check.unexpected > 0) {
      throw new Error(`outage: ${JSON.stringify(check)}`);
    }
    const openedAfterS = opened.length > 0 ? (opened[0]! - down) / 1000 : null;
    return {
      figures: { outage_recovery_s: round(recoveryS, 2), outage_requests: whileDown },
      detail: {
        outage_s: round((back - down) / 1000, 1),
        circuit_opened_after_s: openedAfterS === null ? null : round(openedAfterS, 2),
        first_answer_status: firstAfter?.status ?? null,
        requests_after_return: record.requests.length - whileDown,
        lost: check.lost,
        duplicates_accepted: check.duplicates_accepted,
        out_of_order: check.out_of_order,
      },
      notes: [
        `${REPORTS} reports over ${LANES} usage places made ${PER_SECOND} a second while the simulator cut every connection for ${((back - down) / 1000).toFixed(0)} s; the app's own backoff and circuit; no OS signal`,
        `the circuit opened ${openedAfterS?.toFixed(2) ?? '(never)'} s into the outage; ${whileDown} requests reached the simulator while it was down (bound ${OUTAGE_MS / 5000 * 2}: two per 5 s probe interval)`,
        `back: the last report delivered ${recoveryS.toFixed(2)} s later (the next probe, then the drain of ${REPORTS}); lost ${check.lost}, accepted twice ${check.duplicates_accepted}, out of order ${check.out_of_order}`,
      ],
    };
  } finally {
    await sim.close();
    tmp.remove();
  }
}
