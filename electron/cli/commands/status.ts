import { parseArgs } from 'node:util';
import { endpointBaseUrl, endpointLabel, isProduction } from '../../../shared/endpoint.ts';
import { ReportState } from '../../../shared/outbox.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';
import { when } from '../format.ts';
import { clockWarning, describeCircuits, describeWait } from './describe-status.ts';
import { describeProxy, proxyFor, withoutCredentials } from '../proxy-env.ts';
import { statusReport } from '../../core/status-report.ts';

export const STATUS_HELP = `usageplace status [--json]
  Where the outbox stands: environment, sign-in, counts per state, the circuit (is Ropo One
  answering the process that delivers?), and why reports wait.`;

export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } }, strict: true });
  const { core } = openCliCore(values['data-dir'], io.env);
  try {
    const report = await statusReport(core);
    const { session, ...status } = report;
    const baseUrl = 'settings' in session && session.settings ? endpointBaseUrl(session.settings.endpoint) : null;
    const proxy = baseUrl ? withoutCredentials(proxyFor(baseUrl, io.env)) : null;
    if (values.json) {
      io.out(JSON.stringify({ ...report, proxy }, null, 2));
      return EXIT.ok;
    }
    const now = core.now();
    if ('error' in session) io.out(`Sign-in: unknown (${session.error})`);
    else if (!session.settings) io.out('Not set up: run usageplace setup.');
    else {
      const env = endpointLabel(session.settings.endpoint);
      io.out(`Environment: ${env}${isProduction(session.settings.endpoint) ? '' : '  [TEST]'} as ${session.settings.cid}`);
      if (session.signInNeeded) io.out(`Sign-in: needed (${session.signInNeeded.error?.message ?? 'not signed in'})`);
      else io.out(`Sign-in: signed in${session.tokenExpiresAt ? `, token until ${when(session.tokenExpiresAt)} (renewed automatically)` : ''}`);
    }
    if (baseUrl && proxy) io.out(`Proxy: ${describeProxy(proxy, baseUrl)}`);
    io.out(`Reports: ${ReportState.options.map((s) => `${s} ${status.counts[s]}`).join(', ')}`);
    io.out(`Last delivery: ${when(status.lastDeliveryAt)}`);
    for (const line of describeCircuits(status.circuits)) io.out(line);
    const wait = describeWait(status, now);
    if (wait) io.out(wait);
    else if (status.counts.queued > 0) io.out(`Next try: ${status.nextAttemptAt && status.nextAttemptAt > now ? when(status.nextAttemptAt) : 'now, when a deliverer runs (usageplace sync or the app)'}`);
    const clock = clockWarning(status);
    if (clock) io.out(clock);
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
