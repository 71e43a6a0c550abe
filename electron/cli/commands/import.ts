import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { CsvWarning } from '../../../shared/csv-import-problems.ts';
import { CsvImportError, importReportsCsv, type CsvImportResult } from '../../core/csv-import.ts';
import { describeCsvProblem, describeCsvWarning, describePlace, describeReading } from '../../core/csv-problem-text.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';

export const IMPORT_HELP = `usageplace import <file.csv>
  Queues the rows of a CSV file that are not in the outbox yet — or none, if any row is
  wrong: each bad row is listed with its line number and field. Reads UTF-8, UTF-16 and
  Windows-1252, separated by ";", "," or tabs (see the README).`;

export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    throw new AppError('validation_failed', 'Give exactly one CSV file: usageplace import <file.csv>', [{ field: 'file', message: 'Required.' }]);
  }
  const name = basename(file);
  const { core, log } = openCliCore(values['data-dir'], io.env);
  try {
    const target = core.settings.currentTarget();
    let result: CsvImportResult;
    try {
      result = await importReportsCsv(file, { store: core.store, target, now: () => new Date(core.now()) });
    } catch (err) {
      if (!(err instanceof CsvImportError)) throw err;
      if (err.encoding) io.err(`${name}: ${describeReading(err.encoding, err.separator)}`);
      printWarnings(err.warnings, io);
      for (const p of err.csvProblems) io.err(`  ${describePlace(p)}: ${describeCsvProblem(p)}`);
      io.err(`Nothing was queued from ${name}.`);
      log.info('[import]', name, 'refused:', err.message);
      return EXIT.badInput;
    }
    io.out(`${name}: ${describeReading(result.encoding, result.separator)}`);
    printWarnings(result.warnings, io);
    io.out(summary(name, result));
    log.info('[import]', name, result.queued.length, 'queued,', result.skipped.length, 'already in the outbox');
    return EXIT.ok;
  } finally {
    await core.close();
  }
}

function printWarnings(warnings: readonly CsvWarning[], io: CliIo): void {
  for (const w of warnings) io.err(`Warning, ${describePlace(w)}: ${describeCsvWarning(w)}`);
}

/** "3 rows already in the outbox, skipped; 1 queued." and what the skipped reports are now. */
function summary(name: string, result: CsvImportResult): string {
  const queued = result.queued.length;
  const skipped = result.skipped.length;
  if (skipped === 0) return `Queued ${queued} report${queued === 1 ? '' : 's'} from ${name}.`;
  const states = new Map<string, number>();
  for (const s of result.skipped) states.set(s.state, (states.get(s.state) ?? 0) + 1);
  const byState = [...states].map(([state, n]) => `${n} ${state}`).join(', ');
  return `${skipped} row${skipped === 1 ? '' : 's'} already in the outbox, skipped; ${queued} queued. (Skipped: ${byState}.)`;
}
