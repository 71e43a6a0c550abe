import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { CsvWarning } from '../../../shared/csv-import-problems.ts';
import { formatLocalTime } from '../../../shared/local-time.ts';
import { CsvImportError, importReportsCsv, type CsvImportResult, type SkippedRow } from '../../core/csv-import.ts';
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

/**
 * "3 rows already in the outbox, skipped; 1 queued." and what the skipped reports are now;
 * rows of an export that lists them as settled are counted apart, with their states.
 */
function summary(name: string, result: CsvImportResult): string {
  const queued = result.queued.length;
  if (result.importedBefore) {
    const { fileName, importedAt } = result.importedBefore;
    const rows = result.skipped.length;
    return `${name} was imported before, as ${fileName} on ${formatLocalTime(new Date(importedAt))}: its ${rows} row${plural(rows)} ` +
      `${rows === 1 ? 'is' : 'are'} already in the outbox, skipped; 0 queued.${rows > 0 ? ` (Skipped: ${byState(result.skipped)}.)` : ''}`;
  }
  if (result.skipped.length === 0) return `Queued ${queued} report${plural(queued)} from ${name}.`;
  const inOutbox = result.skipped.filter((s) => s.reason === 'in_outbox');
  const settled = result.skipped.filter((s) => s.reason === 'exported_state');
  const parts: string[] = [];
  const details: string[] = [];
  if (inOutbox.length > 0) {
    parts.push(`${inOutbox.length} row${plural(inOutbox.length)} already in the outbox, skipped`);
    details.push(`Skipped: ${byState(inOutbox)}`);
  }
  if (settled.length > 0) {
    parts.push(`${settled.length} row${plural(settled.length)} not in the outbox that the export lists as settled, not queued again`);
    details.push(`as the export lists them: ${byState(settled)}`);
  }
  return `${parts.join('; ')}; ${queued} queued. (${details.join('; ')}.)`;
}

const plural = (n: number): string => (n === 1 ? '' : 's');

/** "2 sent, 1 discarded" */
function byState(rows: readonly SkippedRow[]): string {
  const states = new Map<string, number>();
  for (const s of rows) states.set(s.state, (states.get(s.state) ?? 0) + 1);
  return [...states].map(([state, n]) => `${n} ${state}`).join(', ');
}
