// Runs the simulator until Ctrl+C, for `usageplace sandbox`: a new user can try the app,
// and a trainer can switch faults with curl, before anyone has Ropo One credentials.
import type { Simulator } from './simulator.ts';
import { DEMO_APICODE, DEMO_CID, startSimulator } from './simulator.ts';

export function describeSimulator(sim: Simulator): string[] {
  return [
    `Ropo One simulator listening on ${sim.url}`,
    `  API:      ${sim.apiUrl}  (POST /rest/token, POST /rest/usageplace/event)`,
    `  Control:  ${sim.controlUrl}  (GET/POST /faults, POST /reset, GET /record, POST /expire-tokens)`,
    `  Demo cid: ${DEMO_CID}`,
    `  Apicode:  ${DEMO_APICODE}`,
    '',
    'Try it:',
    `  USAGEPLACE_APICODE=${DEMO_APICODE} npx usageplace setup --endpoint ${sim.url} --cid ${DEMO_CID}`,
    `  curl -X POST ${sim.controlUrl}/faults -H 'content-type: application/json' -d '{"offline":true}'`,
    `  curl -X POST ${sim.controlUrl}/faults -H 'content-type: application/json' -d '{"status":503,"statusCount":3,"retryAfter":"2"}'`,
    `  curl -X POST ${sim.controlUrl}/reset`,
    `  curl ${sim.controlUrl}/record`,
    '',
    'Press Ctrl+C to stop.',
  ];
}

/** Starts the simulator on 127.0.0.1:port, logs how to use it, and resolves once SIGINT or SIGTERM closed it. */
export async function runSimulatorForever(port: number, log: (line: string) => void): Promise<void> {
  const sim = await startSimulator({ port });
  for (const line of describeSimulator(sim)) log(line);
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
