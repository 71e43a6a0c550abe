import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ReportState } from '../../../shared/outbox.ts';
import { AppError } from '../../../shared/errors.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';
import { table, truncate, when } from '../format.ts';

export const LIST_HELP = `usageplace list [--state <${ReportState.options.join('|')}>] [--search <text>] [--limit <n>] [--json]
  Lists reports, newest first. --json prints an array for scripts.`;

const Limit = z.coerce.number().int().positive().max(1_000_000);

export async function runList(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      state: { type: 'string' }, search: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const state = values.state === undefined ? undefined : ReportState.safeParse(values.state);
  if (state && !state.success) {
    throw new AppError('validation_failed', `--state: use one of ${ReportState.options.join(', ')}.`, [{ field: 'state', message: 'Unknown state.' }]);
  }
  const limit = values.limit === undefined ? undefined : Limit.safeParse(values.limit);
  if (limit && !limit.success) {
    throw new AppError('validation_failed', '--limit: a whole number above 0.', [{ field: 'limit', message: 'Not a whole number.' }]);
  }
  const { core } = openCliCore(values['data-dir'], io.env);
  try {
    const entries = core.store.list({ state: state?.data, search: values.search, limit: limit?.data ?? (values.json ? 1_000_000 : 100) });
    if (values.json) {
      io.out(JSON.stringify(entries.map((e) => ({
        id: e.id, state: e.state, status: e.status, usageplacecode: e.usageplacecode, time: e.event.time,
        attempts: e.attempts, lastError: e.lastError?.message ?? null, lastErrorCode: e.lastError?.code ?? null,
        httpStatus: e.lastError?.httpStatus ?? null, createdAt: e.createdAt, sentAt: e.sentAt,
        nextAttemptAt: e.nextAttemptAt, target: e.target, correctsId: e.correctsId, supersededBy: e.supersededBy,
        event: e.event,
      })), null, 2));
      return EXIT.ok;
    }
    if (entries.length === 0) {
      io.out(state?.data ? `No ${state.data} reports.` : 'The outbox is empty.');
      return EXIT.ok;
    }
    // One column for what happened last: when a sent report went, or why an unsent one waits.
    const rows = entries.map((e) => [
      e.event.time, e.state, e.status, e.usageplacecode, String(e.attempts),
      e.state === 'sent' ? when(e.sentAt) : truncate(e.lastError?.message ?? '', 60), e.id,
    ]);
    for (const line of table(['TIME', 'STATE', 'STATUS', 'USAGE PLACE', 'TRIES', 'SENT AT / LAST ERROR', 'ID'], rows)) io.out(line);
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
