import type { UpdateView } from '../../shared/desktop.ts';

/**
 * What only the shell can do for the desktop settings: the OS login item, updates, a save
 * dialog, the versions and the proxy. The Electron main process passes its own; the
 * browser preview passes PREVIEW_DESKTOP.
 */
export interface DesktopHooks {
  startAtLoginSupported: boolean;
  applyStartAtLogin(on: boolean): void;
  update(): UpdateView;
  /** Stops delivery and installs the downloaded update; false when there is none. */
  restartToUpdate(): Promise<boolean>;
  /** Asks where to save and writes the file; the file's name, or null when cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  versions(): Record<string, string>;
  /** How requests to `url` go out (for the diagnostics). */
  network(url: string | null): Promise<unknown>;
}

export const UPDATES_OFF_HERE: UpdateView = { state: 'off', offReason: 'not_packaged', version: null, lastError: null };

/** No shell around the runtime (benchmarks, tests): nothing to start at login, nothing to update or save. */
export const NO_DESKTOP: DesktopHooks = {
  startAtLoginSupported: false,
  applyStartAtLogin: () => undefined,
  update: () => UPDATES_OFF_HERE,
  restartToUpdate: async () => false,
  saveFile: async () => null,
  versions: () => ({ node: process.versions.node }),
  network: async () => 'Node fetch, no proxy',
};
