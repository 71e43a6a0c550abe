import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { CsvSeparator } from '../../../shared/csv-import-problems.ts';
import { ExportQuery } from '../../../shared/export-query.ts';
import { ReportState } from '../../../shared/outbox.ts';
import { writeReportsCsv } from '../../core/csv-export.ts';
import { exportReportsToFile, streamSink } from '../../core/csv-export-file.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';

export const EXPORT_HELP = `usageplace export [--state <${ReportState.options.join('|')}>] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
    [--search <text>] [--out <file.csv>] [--separator <;|,|tab>]
  Writes the log as CSV for Excel (UTF-8 with BOM, ";" unless told), oldest first, to
  the file or to standard output. --from/--to are days of the reports' own time.
  Cells Excel would run as formulas start with an apostrophe. The file imports again.`;

/** What --separator accepts: the character, or its name (a tab is awkward to type). */
const SEPARATOR_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', semicolon: ';', comma: ',' };

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      state: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, search: { type: 'string' },
      out: { type: 'string' }, separator: { type: 'string' }, 'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const query = ExportQuery.safeParse({ state: values.state, from: values.from, to: values.to, search: values.search });
  if (!query.success) {
    const problems = query.error.issues.map((i) => ({
      field: `--${String(i.path[0] ?? 'state')}`,
      message: i.path[0] === 'state' ? `Use one of ${ReportState.options.join(', ')}.` : i.message,
    }));
    throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join(' '), problems);
  }
  const separator = CsvSeparator.safeParse(SEPARATOR_NAMES[values.separator ?? ''] ?? values.separator ?? ';');
  if (!separator.success) {
    throw new AppError('validation_failed', '--separator: use ";", "," or tab.', [{ field: '--separator', message: 'Use ";", "," or tab.' }]);
  }
  const { core, log } = openCliCore(values['data-dir'], io.env);
  try {
    const options = { separator: separator.data };
    const { count } = values.out
      ? await exportReportsToFile(core.store, query.data, values.out, options)
      : await writeReportsCsv(core.store, query.data, streamSink(io.stdout), options);
    const summary = `Exported ${count} report${count === 1 ? '' : 's'}${values.out ? ` to ${basename(values.out)}` : ''}.`;
    // With the CSV on standard output, the summary must not end up inside it.
    if (values.out) io.out(summary);
    else io.err(summary);
    log.info('[export]', count, 'reports', values.out ? basename(values.out) : 'to standard output');
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
