import { app } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumDir, thisMachine } from '../core/data-paths.ts';
import { resolveDataDir, usesOldFolder } from '../core/resolve-data-dir.ts';
import { PRODUCT_NAME } from './app-identity.ts';

export interface AppPaths {
  /** The outbox, settings and logs: the machine-local data folder, shared with the CLI. */
  dataDir: string;
  /** What resolving the data folder did (a one-time move), for the log once it runs. */
  dataNotes: string[];
  /**
   * The move out of the old folder waits, so this run uses the old one: its outbox is opened
   * only if it is still there (another process may finish the move first; resolve-data-dir.ts).
   */
  oldFolder: boolean;
  /** The built renderer (dist/renderer), inside app.asar when packaged. */
  rendererDir: string;
  /** The bundled preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** Icons copied next to the main bundle (out/main/assets). */
  assetsDir: string;
  /** The app icon, for the window (Linux) and notifications. */
  iconPath: string;
}

/**
 * Must run before the app is ready (and before the single-instance lock, which lives in
 * userData). The data folder is the one the CLI uses too (electron/core/resolve-data-dir.ts:
 * USAGEPLACE_DATA_DIR, else %LOCALAPPDATA%, ~/Library/Application Support or
 * $XDG_DATA_HOME), after the one-time move out of Electron's old roaming userData.
 *
 * Chromium's own profile moves with it, into `<data>/chromium` (sessionData): it is a
 * machine's cache and must not roam either, the single-instance lock then guards one data
 * folder, and the outbox folder stays readable. The old profile in the roaming folder is
 * only a cache; it is left there (MOVED.txt says it can be deleted).
 */
export function setUpAppPaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  app.setName(PRODUCT_NAME);
  const resolved = resolveDataDir(thisMachine(env));
  const { dataDir, notes } = resolved;
  app.setPath('userData', dataDir);
  app.setPath('sessionData', chromiumDir(dataDir));
  // This file is bundled into out/main/main.js.
  const mainDir = dirname(fileURLToPath(import.meta.url));
  return {
    dataDir,
    dataNotes: notes,
    oldFolder: usesOldFolder(resolved),
    rendererDir: join(app.getAppPath(), 'dist', 'renderer'),
    preloadPath: join(mainDir, '..', 'preload', 'preload.cjs'),
    assetsDir: join(mainDir, 'assets'),
    iconPath: join(mainDir, 'assets', 'icon.png'),
  };
}
