// Runs the simulator until Ctrl+C, for `usageplace sandbox`: a new user can try the app,
// and a trainer can switch faults with curl, before anyone has Ropo One credentials.
import { writeFileSync } from 'node:fs';
import type { Simulator } from './simulator.ts';
import { CONTROL_TOKEN_HEADER, DEMO_APICODE, DEMO_CID, startSimulator } from './simulator.ts';

/** A string in POSIX shell single quotes. */
const sh = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
/** A string in PowerShell single quotes. */
const ps = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * What `usageplace sandbox` prints; `tokenFile` is where the control token was written, if
 * anywhere. The lines to paste are for the shell a trainer has: curl in a POSIX shell on
 * macOS and Linux, PowerShell's Invoke-RestMethod on Windows (where `$(cat '…')` and
 * single-quoted curl arguments mean nothing to cmd, and curl is another command in
 * Windows PowerShell). They read the token from its file when there is one, so they can be
 * pasted as they are.
 */
export function describeSimulator(sim: Simulator, tokenFile?: string, platform: NodeJS.Platform = process.platform): string[] {
  const windows = platform === 'win32';
  let post: (path: string, body: string) => string;
  let setupLine: string;
  let recordLine: string;
  if (windows) {
    const token = tokenFile ? `(Get-Content ${ps(tokenFile)})` : ps(sim.controlToken);
    post = (path, body) =>
      `  Invoke-RestMethod -Method Post -Uri ${sim.controlUrl}${path} -ContentType 'application/json' -Headers @{ '${CONTROL_TOKEN_HEADER}' = ${token} } -Body ${ps(body)}`;
    setupLine = `  $env:USAGEPLACE_APICODE = ${ps(DEMO_APICODE)}; npx usageplace setup --endpoint ${sim.url} --cid ${DEMO_CID}`;
    recordLine = `  Invoke-RestMethod -Uri ${sim.controlUrl}/record`;
  } else {
    const token = tokenFile ? `"${CONTROL_TOKEN_HEADER}: $(cat ${sh(tokenFile)})"` : sh(`${CONTROL_TOKEN_HEADER}: ${sim.controlToken}`);
    post = (path, body) => `  curl -X POST ${sim.controlUrl}${path} -H 'content-type: application/json' -H ${token} -d ${sh(body)}`;
    setupLine = `  USAGEPLACE_APICODE=${DEMO_APICODE} npx usageplace setup --endpoint ${sim.url} --cid ${DEMO_CID}`;
    recordLine = `  curl ${sim.controlUrl}/record`;
  }
  return [
    `Ropo One simulator listening on ${sim.url}`,
    `  API:      ${sim.apiUrl}  (POST /rest/token, POST /rest/usageplace/event)`,
    `  Control:  ${sim.controlUrl}  (GET/POST /faults, POST /reset, GET /record, POST /expire-tokens)`,
    `  Control token: ${sim.controlToken}`,
    tokenFile ? `    (also in ${tokenFile})` : null,
    `    POST requests to ${sim.controlUrl} need it in ${CONTROL_TOKEN_HEADER}, and Content-Type: application/json.`,
    `  Demo cid: ${DEMO_CID}`,
    `  Apicode:  ${DEMO_APICODE}`,
    '',
    windows ? 'Try it (in PowerShell):' : 'Try it:',
    setupLine,
    post('/faults', '{"offline":true}'),
    post('/faults', '{"status":503,"statusCount":3,"retryAfter":"2"}'),
    post('/reset', '{}'),
    recordLine,
    '',
    'Press Ctrl+C to stop.',
  ].filter((line): line is string => line !== null);
}

/**
 * Starts the simulator on 127.0.0.1:port, logs how to use it, and resolves once SIGINT or
 * SIGTERM closed it. With `tokenFile`, the control token is also written there (readable by
 * this user only), for scripts and a second terminal.
 */
export async function runSimulatorForever(port: number, log: (line: string) => void, options: { tokenFile?: string } = {}): Promise<void> {
  const sim = await startSimulator({ port });
  if (options.tokenFile) writeFileSync(options.tokenFile, `${sim.controlToken}\n`, { mode: 0o600 });
  for (const line of describeSimulator(sim, options.tokenFile)) log(line);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log(`Received ${signal}, stopping the simulator.`);
      sim.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
