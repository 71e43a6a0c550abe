import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { runSimulatorForever } from '../../sandbox/run-simulator.ts';
import { EXIT, type CliIo } from '../cli-context.ts';

export const SANDBOX_HELP = `usageplace sandbox [--port <n>]
  Runs the Ropo One simulator on 127.0.0.1 (default port 8787) until Ctrl-C.`;

const Port = z.coerce.number().int().min(0).max(65535);

export async function runSandbox(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
  const port = Port.safeParse(values.port ?? '8787');
  if (!port.success) throw new AppError('validation_failed', '--port: a number from 0 to 65535.', [{ field: 'port', message: 'Not a port.' }]);
  await runSimulatorForever(port.data, io.out);
  return EXIT.ok;
}
