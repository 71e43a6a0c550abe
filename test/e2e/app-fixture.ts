import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO = { cid: 'demo', apicode: 'demo-apicode-please-change' };

/** Starts a child process and resolves with the first stdout match of `pattern`. */
function startChild(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${out}\n${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export interface AppUnderTest {
  /** The preview page. */
  url: string;
  /** The simulator's base URL (type it as the Custom URL). */
  simUrl: string;
  dataDir: string;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  expireTokens(): Promise<void>;
  record(): Promise<{ accepted: { event: { id: string; status: string; usageplacecode: string } }[]; duplicates: number }>;
  /** The OS online signal, as Electron's net/powerMonitor would give it. */
  onlineAgain(): Promise<void>;
}

async function post(url: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
}

export interface StartedApp {
  app: AppUnderTest;
  /** Stops the preview and starts it again on the same data folder and keychain (a restart). */
  restart(): Promise<AppUnderTest>;
  stop(): Promise<void>;
}

const stopChild = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

/**
 * A simulator and a preview server with a fresh data folder and a keychain service of their
 * own. `rendererDir`: another build of the renderer (the pseudo-locale's).
 */
export async function startApp(options: { rendererDir?: string } = {}): Promise<StartedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'upr-e2e-'));
  const keychainService = `usage-place-reporter-e2e-${randomUUID()}`;
  const sim = await startChild(['electron/cli/usageplace.ts', 'sandbox', '--port', '0'], {}, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const simUrl = sim.match[1]!;
  const startPreview = () => startChild(
    ['electron/preview/preview-server.ts', '--port', '0', ...(options.rendererDir ? ['--renderer-dir', options.rendererDir] : [])],
    {
      USAGEPLACE_DATA_DIR: dataDir,
      USAGEPLACE_KEYCHAIN_SERVICE: keychainService,
      USAGEPLACE_BACKOFF_BASE_MS: '300',
      USAGEPLACE_BACKOFF_CAP_MS: '1500',
    },
    /Preview: (http:\/\/127\.0\.0\.1:\d+\/)/,
  );
  const describe = (url: string): AppUnderTest => ({
    url,
    simUrl,
    dataDir,
    setFaults: (faults) => post(`${simUrl}/__sim/faults`, faults),
    expireTokens: () => post(`${simUrl}/__sim/expire-tokens`),
    record: async () => (await (await fetch(`${simUrl}/__sim/record`)).json()) as Awaited<ReturnType<AppUnderTest['record']>>,
    onlineAgain: () => post(`${url}__preview/online`),
  });
  let preview = await startPreview();
  return {
    app: describe(preview.match[1]!),
    async restart() {
      await stopChild(preview.child);
      preview = await startPreview();
      return describe(preview.match[1]!);
    },
    async stop() {
      await stopChild(preview.child);
      await stopChild(sim.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One simulator and one preview server (fresh data dir, own keychain service) per worker. */
export const test = base.extend<object, { app: AppUnderTest }>({
  app: [
    async ({}, use) => {
      const started = await startApp();
      await use(started.app);
      await started.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect };
