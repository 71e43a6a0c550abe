import { z } from 'zod';
import { BUILTIN_SIMULATOR_BASE_URL } from '../../shared/endpoint.ts';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../sandbox/simulator.ts';
import type { MetaStore } from '../core/meta-store.ts';
import type { OutboxStore } from '../core/outbox-store.ts';
import type { SettingsStore } from '../core/settings-store.ts';

/** Where versions before the `simulator` endpoint kept the simulator's port. */
const LEGACY_KEY = 'builtin_simulator';
const Legacy = z.object({ port: z.int() });

/**
 * "Try the built-in simulator": a Ropo One simulator inside the app, on 127.0.0.1, on
 * whatever port is free this run. Reports and credentials name it by
 * BUILTIN_SIMULATOR_BASE_URL, never by its address, and the core routes that name here
 * (see electron/core/builtin-simulator-fetch.ts): after a restart they reach this run's
 * simulator, never whatever program now holds the port an earlier run had.
 */
export class BuiltinSimulator {
  readonly #meta: MetaStore;
  #sim: Simulator | null = null;
  #starting: Promise<Simulator> | null = null;

  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  get url(): string | null {
    return this.#sim?.url ?? null;
  }

  /** Where the API of the running simulator is, for the core's routing; null when it is not running. */
  get apiUrl(): string | null {
    return this.#sim?.apiUrl ?? null;
  }

  get demo(): { cid: string; apicode: string } {
    return { cid: DEMO_CID, apicode: DEMO_APICODE };
  }

  /** It must run when the app is set up for it, or when reports for it still wait. */
  isNeeded(settings: SettingsStore, store: OutboxStore): boolean {
    return settings.get()?.endpoint.kind === 'simulator' || store.hasUnsentFor(BUILTIN_SIMULATOR_BASE_URL);
  }

  /**
   * Data of an earlier version named the simulator by its address (a custom endpoint on a
   * remembered port). Its unsent reports and the settings are renamed to the simulator, so
   * they follow it from now on; the old address is forgotten. Returns whether anything
   * was renamed, so the caller signs in to the simulator again with its demo account.
   */
  adoptLegacyData(settings: SettingsStore, store: OutboxStore, now: number): boolean {
    const legacy = this.#meta.get(LEGACY_KEY, Legacy);
    this.#meta.delete(LEGACY_KEY);
    if (!legacy) return false;
    const oldUrl = `http://127.0.0.1:${legacy.port}/rest`;
    const renamed = store.retargetUnsent(oldUrl, BUILTIN_SIMULATOR_BASE_URL, now);
    const current = settings.get();
    const wasCurrent = current?.endpoint.kind === 'custom' && current.endpoint.baseUrl === oldUrl;
    if (wasCurrent) settings.set({ endpoint: { kind: 'simulator' }, cid: current.cid });
    return wasCurrent || renamed > 0;
  }

  /** Starts it once; callers at the same moment share that start. */
  start(): Promise<Simulator> {
    this.#starting ??= startSimulator({ port: 0 }).then(
      (sim) => (this.#sim = sim),
      (err: unknown) => {
        this.#starting = null;
        throw err;
      },
    );
    return this.#starting;
  }

  async stop(): Promise<void> {
    const starting = this.#starting;
    this.#starting = null;
    this.#sim = null;
    await (await starting?.catch(() => null))?.close();
  }
}
