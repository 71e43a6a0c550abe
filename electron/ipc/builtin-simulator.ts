import { z } from 'zod';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../sandbox/simulator.ts';
import type { MetaStore } from '../core/meta-store.ts';

const Remembered = z.object({ port: z.int() });
const PREFERRED_PORT = 8787;

/**
 * "Try the built-in simulator": a Ropo One simulator inside the app, on 127.0.0.1. Its
 * port is remembered so reports queued for it can still be delivered after a restart.
 */
export class BuiltinSimulator {
  readonly #meta: MetaStore;
  #sim: Simulator | null = null;

  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  get url(): string | null {
    return this.#sim?.url ?? null;
  }

  get demo(): { cid: string; apicode: string } {
    return { cid: DEMO_CID, apicode: DEMO_APICODE };
  }

  /** The simulator's base URL if a previous session used it (so it must run again). */
  rememberedUrl(): string | null {
    const r = this.#meta.get('builtin_simulator', Remembered);
    return r ? `http://127.0.0.1:${r.port}` : null;
  }

  async start(): Promise<Simulator> {
    if (this.#sim) return this.#sim;
    const remembered = this.#meta.get('builtin_simulator', Remembered)?.port;
    for (const port of [remembered ?? PREFERRED_PORT, 0]) {
      try {
        this.#sim = await startSimulator({ port });
        break;
      } catch {
        // Port taken: fall through to a random one.
      }
    }
    if (!this.#sim) throw new Error('The built-in simulator could not start.');
    this.#meta.set('builtin_simulator', { port: this.#sim.port });
    return this.#sim;
  }

  async stop(): Promise<void> {
    await this.#sim?.close();
    this.#sim = null;
  }
}
