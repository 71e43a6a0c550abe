#!/usr/bin/env node
// The `usageplace` command: the admin's and the script's way into the same outbox as the app.
import { AppError } from '../../shared/errors.ts';
import { EXIT, type CliIo } from './cli-context.ts';
import { runSetup, SETUP_HELP } from './commands/setup.ts';
import { runReport, REPORT_HELP } from './commands/report.ts';
import { runImport, IMPORT_HELP } from './commands/import.ts';
import { runExport, EXPORT_HELP } from './commands/export.ts';
import { runSync, SYNC_HELP } from './commands/sync.ts';
import { runList, LIST_HELP } from './commands/list.ts';
import { runStatus, STATUS_HELP } from './commands/status.ts';
import { runSandbox, SANDBOX_HELP } from './commands/sandbox.ts';
import { runAction, ACTIONS_HELP } from './commands/actions.ts';
import { insecureTlsRefusal } from './cli-network.ts';

const HELP = `Usage Place Reporter — command-line tool

${SETUP_HELP}
${REPORT_HELP}
${IMPORT_HELP}
${EXPORT_HELP}
${SYNC_HELP}
${LIST_HELP}
${STATUS_HELP}
${SANDBOX_HELP}
${ACTIONS_HELP}

Every command takes --data-dir DIR (or USAGEPLACE_DATA_DIR); the default is the desktop
app's own data folder, so both share one outbox.

Network: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (or their lower-case forms) are
read as curl reads them; the operating system's certificate store is trusted.`;

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  setup: runSetup,
  report: runReport,
  import: runImport,
  export: runExport,
  sync: runSync,
  list: runList,
  status: runStatus,
  sandbox: runSandbox,
  retry: (a, io) => runAction('retry', a, io),
  discard: (a, io) => runAction('discard', a, io),
  'sign-out': (a, io) => runAction('sign-out', a, io),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const refusal = insecureTlsRefusal(io.env);
  if (refusal) {
    io.err(refusal);
    return EXIT.error;
  }
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP);
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. See usageplace help.`);
    return EXIT.badInput;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIo): number {
  if (err instanceof AppError) {
    if (err.problems && err.problems.length > 0) {
      io.err(`Not done (${err.code}):`);
      for (const p of err.problems) io.err(`  ${p.field}: ${p.message}`);
    } else {
      io.err(`Not done (${err.code}): ${err.message}`);
    }
    return err.code === 'validation_failed' ? EXIT.badInput : EXIT.error;
  }
  // parseArgs throws TypeErrors with codes for unknown or malformed options.
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.err(`${(err as Error).message}. See usageplace help.`);
    return EXIT.badInput;
  }
  io.err(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return EXIT.error;
}

if (import.meta.main) {
  // `usageplace list | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdout: process.stdout,
    env: process.env,
    stdin: process.stdin,
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
