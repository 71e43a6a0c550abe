// The Ropo One simulator in a process of its own, for the bench: prints its URL and its
// control token on the first line of stdout, then runs until SIGTERM. Faults and the
// record go through /__sim, with the token as a trainer's curl sends it.
import { startSimulator } from '../electron/sandbox/simulator.ts';

const sim = await startSimulator({ tokenTtlSeconds: Number(process.env.UPR_SIM_TTL ?? 7200) });
process.stdout.write(`${sim.url} ${sim.controlToken}\n`);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the bench that started us.
process.on('disconnect', stop);
setInterval(() => {
  if (process.ppid === 1) stop();
}, 1000).unref();
