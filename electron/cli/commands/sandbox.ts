import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { runSimulatorForever } from '../../sandbox/run-simulator.ts';
import { EXIT, type CliIo } from '../cli-context.ts';

export const SANDBOX_HELP = `usageplace sandbox [--port <n>] [--token-file <file>]
  Runs the Ropo One simulator on 127.0.0.1 (default port 8787) until Ctrl-C.
  Prints this run's control token: POST /__sim/... requests must carry it in X-Sim-Token
  (and be Content-Type: application/json). --token-file also writes it to <file>.`;

const Port = z.coerce.number().int().min(0).max(65535);

export async function runSandbox(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, 'token-file': { type: 'string' } }, strict: true });
  const port = Port.safeParse(values.port ?? '8787');
  if (!port.success) throw new AppError('validation_failed', '--port: a number from 0 to 65535.', [{ field: 'port', message: 'Not a port.' }]);
  const tokenFile = values['token-file'];
  if (tokenFile !== undefined && !tokenFile.trim()) {
    throw new AppError('validation_failed', '--token-file: a file name.', [{ field: 'token-file', message: 'Empty.' }]);
  }
  await runSimulatorForever(port.data, io.out, tokenFile ? { tokenFile: resolve(tokenFile) } : {});
  return EXIT.ok;
}
