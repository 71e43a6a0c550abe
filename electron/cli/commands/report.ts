import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.ts';
import type { LaneWarning } from '../../../shared/lane-warnings.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';

export const REPORT_HELP = `usageplace report --status <disconnected|connected|notdisconnected> --usageplace <code>
    [--customer <no>] [--contract <no>] [--invoice <invoicenumber>:<jobid>]...
    [--time "YYYY-MM-DD HH:mm:ss"] [--description <text>]
  Queues one report. Prints its event id once it is safely on disk.`;

/** `--invoice 594294:1234` → {invoicenumber, jobid}; the shared schema judges the job id. */
export function parseInvoiceOption(text: string, index: number): { invoicenumber: string; jobid: string } {
  const at = text.lastIndexOf(':');
  if (at <= 0) {
    throw new AppError('validation_failed', `--invoice "${text}": use <invoicenumber>:<jobid>, for example 594294:1234.`, [
      { field: `invoices.${index}`, code: 'invalid', message: 'Use <invoicenumber>:<jobid>.' },
    ]);
  }
  return { invoicenumber: text.slice(0, at), jobid: text.slice(at + 1) };
}

export async function runReport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      status: { type: 'string' },
      usageplace: { type: 'string' },
      customer: { type: 'string' },
      contract: { type: 'string' },
      invoice: { type: 'string', multiple: true },
      time: { type: 'string' },
      description: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const draft = {
    status: values.status,
    usageplacecode: values.usageplace ?? '',
    customernumber: values.customer,
    contract_no: values.contract,
    invoices: (values.invoice ?? []).map(parseInvoiceOption),
    time: values.time,
    description: values.description,
  };
  const { core, log } = openCliCore(values['data-dir'], io.env);
  try {
    let created;
    try {
      created = core.reports.create(draft);
    } catch (err) {
      throw err instanceof AppError && err.problems ? inOptionTerms(err) : err;
    }
    const { entry, warnings } = created;
    log.info('[report] queued', entry.id, entry.status, entry.usageplacecode);
    for (const w of warnings) io.err(`Warning: ${laneWarningText(w)}`);
    io.out(entry.id);
    return EXIT.ok;
  } finally {
    await core.close();
  }
}

/** The command line is English; the window words the same warning in the clerk's language. */
function laneWarningText(w: LaneWarning): string {
  const other = `An unsent "${w.otherStatus}" report (${w.otherTime}) for this usage place`;
  return w.kind === 'repeats' ? `${other} is already in the outbox.` : `${other} says the opposite.`;
}

const OPTION_OF: Record<string, string> = {
  status: '--status', usageplacecode: '--usageplace', customernumber: '--customer', contract_no: '--contract',
  time: '--time', description: '--description',
};

/** The schema speaks of `usageplacecode`; the person typed `--usageplace`. Name what they typed. */
function inOptionTerms(err: AppError): AppError {
  const problems = (err.problems ?? []).map((p) => {
    const invoice = /^invoices\.(\d+)/.exec(p.field);
    const field = invoice ? `--invoice (${Number(invoice[1]) + 1})` : (OPTION_OF[p.field] ?? p.field);
    return { ...p, field };
  });
  return new AppError(err.code, problems.map((p) => `${p.field}: ${p.message}`).join('\n'), problems);
}
