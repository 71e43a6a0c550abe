import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';

export const ACTIONS_HELP = `usageplace retry <id>      Send a failed report again as it is (same id), or a queued one now.
usageplace discard <id>    Give up a failed, queued or held report; it stays in the log.
usageplace sign-out        Remove the apicode and token from the keychain.`;

export async function runAction(action: 'retry' | 'discard' | 'sign-out', argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  const id = positionals[0];
  if (action !== 'sign-out' && (!id || positionals.length > 1)) {
    throw new AppError('validation_failed', `Give one report id: usageplace ${action} <id>`, [{ field: 'id', message: 'Required.' }]);
  }
  const { core, log } = openCliCore(values['data-dir'], io.env);
  try {
    if (action === 'sign-out') {
      await core.account.signOut();
      io.out('Signed out: the apicode and token are removed from the keychain.');
    } else if (action === 'retry') {
      const entry = core.reports.retryNow(id!);
      io.out(`${entry.id} is ${entry.state}; usageplace sync (or the app) will send it.`);
    } else {
      const entry = core.reports.discard(id!, 'cli');
      io.out(`${entry.id} is discarded; it stays in the log.`);
    }
    log.info(`[${action}]`, id ?? '');
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
