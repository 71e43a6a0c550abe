import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Core, type CoreOptions } from '../../electron/core/open-core.ts';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator, type SimulatorOptions } from '../../electron/sandbox/simulator.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';

export { DEMO_APICODE, DEMO_CID };

/** A keychain service name of its own per test run, so tests never touch a person's entries. */
export const testKeychainService = (): string => `usage-place-reporter-test-${randomUUID()}`;

export function tempDir(prefix = 'upr-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Harness {
  sim: Simulator;
  core: Core;
  dataDir: string;
  keychainService: string;
  close(): Promise<void>;
}

/**
 * A real simulator on loopback, a real SQLite file in a temp dir and the real keychain,
 * set up and signed in with the demo account.
 */
export async function harness(options: { sim?: SimulatorOptions; core?: Partial<CoreOptions>; signIn?: boolean } = {}): Promise<Harness> {
  const sim = await startSimulator(options.sim);
  const tmp = tempDir();
  const keychainService = options.core?.keychainService ?? testKeychainService();
  const core = new Core({ dataDir: tmp.dir, keychainService, requestTimeoutMs: 3000, ...options.core });
  if (options.signIn !== false) await core.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE);
  return {
    sim,
    core,
    dataDir: tmp.dir,
    keychainService,
    async close() {
      await core.account.signOut().catch(() => {});
      await core.close();
      await sim.close();
      tmp.remove();
    },
  };
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for: ${what}`);
}

/** Fast retries for tests: the real policy waits seconds. */
export const FAST_BACKOFF = { baseMs: 20, capMs: 200 };
