import { parseArgs } from 'node:util';
import { Cid, ApiCode, endpointLabel, parseEndpointName, isProduction } from '../../../shared/endpoint.ts';
import { AppError } from '../../../shared/errors.ts';
import { openCliCore, EXIT, type CliIo } from '../cli-context.ts';
import { promptSecret } from '../prompt-secret.ts';
import { when } from '../format.ts';

export const SETUP_HELP = `usageplace setup --endpoint <base URL | fi-test | fi | se-test | se | no-test | no> --cid <cid>
  Signs in once to verify, then keeps the apicode and token in the system keychain.
  The apicode is read from USAGEPLACE_APICODE, or asked for without echo.
  A base URL must be https://; plain http:// only for 127.0.0.1 (or another 127.x.x.x) or [::1],
  not "localhost". A URL of Ropo One's own (https://ropo24.fi, https://rc.ropo24.fi, …) is
  that environment, production included.`;

export async function runSetup(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { endpoint: { type: 'string' }, cid: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  if (!values.endpoint) throw new AppError('validation_failed', '--endpoint is required.', [{ field: 'endpoint', message: 'Required.' }]);
  let endpoint;
  try {
    endpoint = parseEndpointName(values.endpoint);
  } catch (err) {
    const message = err instanceof Error && 'issues' in err ? (err as { issues: { message: string }[] }).issues[0]?.message : String(err);
    throw new AppError('validation_failed', `--endpoint: ${message}`, [{ field: 'endpoint', message: message ?? 'Invalid.' }]);
  }
  const cid = Cid.safeParse(values.cid ?? '');
  if (!cid.success) throw new AppError('validation_failed', `--cid: ${cid.error.issues[0]?.message}`, [{ field: 'cid', message: 'Required.' }]);

  let apicodeText = io.env.USAGEPLACE_APICODE;
  if (apicodeText === undefined) {
    if (!io.stdin.isTTY) {
      throw new AppError('validation_failed', 'No apicode: set USAGEPLACE_APICODE, or run in a terminal to be asked for it.', [
        { field: 'apicode', message: 'Required.' },
      ]);
    }
    apicodeText = await promptSecret('API code (not shown): ', io.stdin, (s) => process.stderr.write(s));
  }
  const apicode = ApiCode.safeParse(apicodeText);
  if (!apicode.success) throw new AppError('validation_failed', `apicode: ${apicode.error.issues[0]?.message}`, [{ field: 'apicode', message: 'Required.' }]);

  const { core, log } = openCliCore(values['data-dir'], io.env);
  try {
    const result = await core.account.setup(endpoint, cid.data, apicode.data);
    log.info('[setup] signed in', endpointLabel(endpoint), 'as', cid.data);
    io.out(`Signed in to ${endpointLabel(endpoint)}${endpoint.kind === 'preset' ? ` (${result.target.baseUrl})` : ''} as ${cid.data}.`);
    io.out(`Token valid until ${when(result.tokenExpiresAt)}; it is renewed automatically.`);
    io.out(isProduction(endpoint) ? 'Environment: PRODUCTION. New reports go to Ropo One for real.' : 'Environment: TEST. New reports go to a test environment.');
    return EXIT.ok;
  } finally {
    await core.close();
  }
}
