import { homedir } from 'node:os';
import { join } from 'node:path';

/** Electron names the user-data folder after the product name; the CLI must find the same one. */
export const APP_DIR_NAME = 'Usage Place Reporter';

/**
 * The app's OS user-data directory, as Electron's `app.getPath('userData')` gives it, so the
 * desktop app and the command-line tool share one outbox. `USAGEPLACE_DATA_DIR` overrides.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.USAGEPLACE_DATA_DIR) return env.USAGEPLACE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'outbox.sqlite');
export const logDir = (dataDir: string): string => join(dataDir, 'logs');
