// A Ropo One simulator on loopback: `POST /rest/token` and `POST /rest/usageplace/event`
// with real JWTs, the OpenAPI document's validation, repeated-id detection and switchable
// faults, plus a control API under /__sim/. Plain node:http, so tests, the CLI and
// trainers can all run it without Electron.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PartialSimulatorFaults, SimulatorFaults } from './faults.ts';
import { defaultFaults, mergeFaults } from './faults.ts';
import type { SimulatorRecord } from './sim-record.ts';
import { SimRecorder } from './sim-record.ts';
import { TokenAuthority } from './tokens.ts';
import { handleRopo } from './ropo-api.ts';
import type { RopoState } from './ropo-api.ts';
import { CONTROL_PREFIX, handleControl } from './control-routes.ts';
import { sendProblem, sendText } from './http-io.ts';
import { createLoopbackGuard } from './loopback-guard.ts';

export type { SimulatorFaults, PartialSimulatorFaults } from './faults.ts';
export type { SimulatorRecord, AcceptedEvent, RecordedRequest } from './sim-record.ts';

export const DEMO_CID = 'demo';
/** Public on purpose: it only opens the local simulator. */
export const DEMO_APICODE = 'demo-apicode-please-change';
export const DEFAULT_TOKEN_TTL_SECONDS = 7200;
/** The header that carries the control token on POST /__sim/… requests. */
export const CONTROL_TOKEN_HEADER = 'X-Sim-Token';

export interface SimulatorAccount {
  cid: string;
  apicode: string;
}

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the simulator accepts the demo apicode and must not be reachable from the network. */
  host?: '127.0.0.1';
  tokenTtlSeconds?: number;
  /** Defaults to one account, DEMO_CID with DEMO_APICODE. */
  accounts?: SimulatorAccount[];
  /** Source of randomness for the rate faults; tests may pass a fixed sequence. Returns [0, 1). */
  random?: () => number;
  /** Serve https:// with this key and certificate (PEM), as a real Ropo One does. */
  tls?: { key: string; cert: string };
}

export interface Simulator {
  /** `http://127.0.0.1:PORT` (https:// with `tls`); the API lives under `${url}/rest`. */
  readonly url: string;
  /** `${url}/rest`, the base URL a client is configured with. */
  readonly apiUrl: string;
  /** `${url}/__sim`. */
  readonly controlUrl: string;
  /**
   * This run's token: POST /__sim/… requests must carry it in X-Sim-Token (and be
   * application/json), so no web page can switch its faults, reset it or expire its tokens.
   */
  readonly controlToken: string;
  readonly port: number;
  close(): Promise<void>;
  /** Merges a partial change into the faults and returns them; throws on an invalid value. */
  setFaults(partial: PartialSimulatorFaults): SimulatorFaults;
  faults(): SimulatorFaults;
  /** A copy of everything received since the start or the last reset. */
  record(): SimulatorRecord;
  /** Clears faults and the record (issued tokens stay valid). */
  reset(): void;
  /** Makes every token issued so far invalid. */
  expireTokens(): void;
}

interface PendingSleep {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The simulator listens on 127.0.0.1 only');
  const initialTtl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const accounts = new Map((options.accounts ?? [{ cid: DEMO_CID, apicode: DEMO_APICODE }]).map((a) => [a.cid, a.apicode]));

  const sockets = new Set<Socket>();
  const sleeps = new Set<PendingSleep>();
  let closed = false;
  let listeningPort = 0;
  // Every route, the API included: a DNS-rebinding page must not reach even the demo account.
  const guard = createLoopbackGuard({ port: () => listeningPort, tokenHeader: CONTROL_TOKEN_HEADER });

  const state: RopoState = {
    faults: mergeFaults(defaultFaults(initialTtl), {}),
    recorder: new SimRecorder(),
    tokens: new TokenAuthority(),
    accounts,
    random: options.random ?? Math.random,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const pending: PendingSleep = {
          timer: setTimeout(() => {
            sleeps.delete(pending);
            resolve();
          }, ms),
          resolve,
        };
        sleeps.add(pending);
      }),
  };

  const control = {
    faults: (): SimulatorFaults => ({ ...state.faults }),
    setFaults: (change: unknown): SimulatorFaults => {
      state.faults = mergeFaults(state.faults, change);
      return { ...state.faults };
    },
    reset: (): void => {
      state.faults = defaultFaults(initialTtl);
      state.recorder.reset();
    },
    record: (): SimulatorRecord => state.recorder.snapshot(),
    expireTokens: (): void => state.tokens.expireAll(),
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    // The API's own requests are guarded by its tokens; the control routes by the run's token.
    const refusal = guard.check(req, { changes: isControl && req.method !== 'GET' && req.method !== 'HEAD' });
    if (refusal) {
      req.resume();
      sendProblem(res, refusal.status, refusal.reason);
      return;
    }
    if (isControl) {
      await handleControl(req, res, path, control);
      return;
    }
    if (path !== '/rest' && !path.startsWith('/rest/')) {
      req.resume();
      sendProblem(res, 404, `No such endpoint: ${path}; the API lives under /rest`);
      return;
    }
    // Only the API is recorded and faulted: the record is about what a client sent to "Ropo One".
    const outcome = await handleRopo(req, res, path, state);
    state.recorder.request({ method: req.method ?? '?', path, status: outcome.status, openApiValid: outcome.openApiValid });
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error: unknown) => {
      if (closed) return;
      if (!res.headersSent) sendText(res, 500, `Simulator error: ${(error as Error).message}`);
      else res.destroy();
    });
  };
  const server = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The simulator did not get a TCP port');
  listeningPort = address.port;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    apiUrl: `${url}/rest`,
    controlUrl: `${url}${CONTROL_PREFIX}`,
    controlToken: guard.token,
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        // Wake slow answers so their handlers end instead of keeping timers alive.
        for (const pending of sleeps) {
          clearTimeout(pending.timer);
          pending.resolve();
        }
        sleeps.clear();
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open for seconds; tests need it prompt.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
    setFaults: (partial) => control.setFaults(partial),
    faults: control.faults,
    record: control.record,
    reset: control.reset,
    expireTokens: control.expireTokens,
  };
}
