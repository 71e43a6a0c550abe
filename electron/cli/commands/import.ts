import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { importReportsCsv } from '../../core/csv-import.ts';
import { dataDirFrom, openCliCore, EXIT, type CliIo } from '../cli-context.ts';

export const IMPORT_HELP = `usageplace import <file.csv>
  Queues every row of a CSV file (UTF-8, comma or semicolon separated) — or none, if
  any row is wrong: each bad row is listed with its line number and field.`;

export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    throw new AppError('validation_failed', 'Give exactly one CSV file: usageplace import <file.csv>', [{ field: 'file', message: 'Required.' }]);
  }
  const { core, log } = openCliCore(dataDirFrom(values['data-dir'], io.env), io.env);
  try {
    const target = core.settings.currentTarget();
    const { imported } = await importReportsCsv(file, { store: core.store, target, now: () => new Date(core.now()) });
    log.info('[import]', basename(file), imported.length, 'reports queued');
    io.out(`Queued ${imported.length} report${imported.length === 1 ? '' : 's'} from ${basename(file)}.`);
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
