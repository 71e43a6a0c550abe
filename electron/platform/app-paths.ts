import { app } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCT_NAME } from './app-identity.ts';

export interface AppPaths {
  /** The outbox, settings and logs: the OS user-data folder, shared with the CLI. */
  dataDir: string;
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
 * Must run before the app is ready. The data folder is Electron's userData, named after
 * the product ("Usage Place Reporter", as electron/core/data-paths.ts expects, so the CLI
 * finds the same outbox); `USAGEPLACE_DATA_DIR` moves it, and Chromium's own profile with
 * it, so two copies (tests, a trainer's demo) never share anything.
 */
export function setUpAppPaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  app.setName(PRODUCT_NAME);
  if (env.USAGEPLACE_DATA_DIR) app.setPath('userData', resolve(env.USAGEPLACE_DATA_DIR));
  // This file is bundled into out/main/main.js.
  const mainDir = dirname(fileURLToPath(import.meta.url));
  return {
    dataDir: app.getPath('userData'),
    rendererDir: join(app.getAppPath(), 'dist', 'renderer'),
    preloadPath: join(mainDir, '..', 'preload', 'preload.cjs'),
    assetsDir: join(mainDir, 'assets'),
    iconPath: join(mainDir, 'assets', 'icon.png'),
  };
}
