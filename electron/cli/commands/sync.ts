import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';
import { describeWait } from './describe-status.ts';

export const SYNC_HELP = `usageplace sync [--timeout <seconds>]
  Delivers until nothing is queued; starts by trying every waiting report at once, then
  waits out retries (while Ropo One is not answering, one probe every few seconds). Exit 0: all delivered;
  3: failed or held reports remain, sign-in is needed, or the address refuses us
  (firewall, wrong address, proxy); 4: time ran out (default 600 s).`;

const Seconds = z.coerce.number().positive().max(7 * 24 * 3600);
const PROGRESS_EVERY_MS = 2000;

export async function runSync(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { timeout: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true });
  const timeout = Seconds.safeParse(values.timeout ?? '600');
  if (!timeout.success) throw new AppError('validation_failed', '--timeout: seconds, a number above 0.', [{ field: 'timeout', message: 'Not a number of seconds.' }]);

  const { core, log } = openCliCore(values['data-dir'], io.env);
  const worker = core.startDelivery();
  // A person asked to deliver now, as Send now does: reports that wait on the network or on
  // Ropo One are due at once (their backoff was about a network that may be back), addresses
  // that refused us earlier are tried again, and an open circuit probes at once.
  worker.onlineAgain();
  worker.on('endpointPaused', (p) => log.warn('[sync] paused:', p.message));
  worker.on('circuit', (t, open) => log.warn('[sync]', t.baseUrl, open ? 'is not answering: probing every few seconds' : 'answers again'));
  worker.on('failed', (e) => log.warn('[sync] failed', e.id, e.lastError?.message));
  worker.on('delivered', (id) => log.info('[sync] sent', id));
  const started = core.now();
  const deadline = started + timeout.data * 1000;
  const startCounts = core.store.counts();
  let lastProgress = 0;
  try {
    for (;;) {
      const status = core.status();
      const { queued, sending, failed, held } = status.counts;
      const now = core.now();
      if (queued + sending === 0) {
        const sent = status.counts.sent - startCounts.sent;
        io.err(`Delivered ${sent} report${sent === 1 ? '' : 's'}.`);
        if (failed + held > 0) {
          io.err(`${failed} failed and ${held} held report(s) need you: ${describeWait(status, now) ?? ''}`);
          io.err('See them with: usageplace list --state failed');
          return EXIT.needsPerson;
        }
        return EXIT.ok;
      }
      // Nothing moves until a person acts: say what to do instead of waiting out the timeout.
      if ((status.waitReason === 'sign_in_needed' || status.waitReason === 'endpoint_refused') && sending === 0) {
        io.err(`${queued} report(s) queued. ${describeWait(status, now)}`);
        return EXIT.needsPerson;
      }
      if (now >= deadline) {
        io.err(`Time ran out with ${queued} report(s) queued. ${describeWait(status, now) ?? ''}`);
        return EXIT.timedOut;
      }
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        const holder = worker.holdsLease ? '' : ' Another process (the desktop app?) is delivering; watching it.';
        io.err(`${status.counts.sent - startCounts.sent} sent, ${queued + sending} to go.${holder} ${describeWait(status, now) ?? ''}`.trimEnd());
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await core.close();
  }
}
