import { homedir } from 'node:os';
import { isAbsolute, join as hostJoin, posix, win32 } from 'node:path';

/** The product name: the data folder's name on Windows and macOS, and the keychain service. */
export const APP_DIR_NAME = 'Usage Place Reporter';
/** Linux folders are lower-case with dashes, as the XDG base directory spec's users expect. */
export const LINUX_DIR_NAME = 'usage-place-reporter';

/** Where we run: injected so each platform's rules are tested on any machine. */
export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** How paths join: the platform's own rules, unless a test lays a platform out on this machine. */
  join?: (...parts: string[]) => string;
}

export const thisMachine = (env: NodeJS.ProcessEnv = process.env): PlatformEnv => ({ platform: process.platform, env, home: homedir() });

function joiner(where: PlatformEnv): (...parts: string[]) => string {
  if (where.join) return where.join;
  if (where.platform === process.platform) return hostJoin;
  return where.platform === 'win32' ? win32.join : posix.join;
}

/** An environment folder variable, if it is set to an absolute path (the XDG spec says to ignore others). */
function folderVar(where: PlatformEnv, name: string): string | null {
  const value = where.env[name];
  if (!value) return null;
  const absolute = where.platform === 'win32' ? win32.isAbsolute(value) || isAbsolute(value) : posix.isAbsolute(value);
  return absolute ? value : null;
}

/**
 * The outbox's machine-local folder (DESIGN.md "Where data lives"): never the roaming
 * profile, because an SQLite WAL database must not sit on a redirected or roamed folder.
 *
 * - Windows: `%LOCALAPPDATA%\Usage Place Reporter`
 * - macOS: `~/Library/Application Support/Usage Place Reporter`
 * - Linux: `$XDG_DATA_HOME/usage-place-reporter` (default `~/.local/share/usage-place-reporter`)
 */
export function platformDataDir(where: PlatformEnv): string {
  const join = joiner(where);
  if (where.platform === 'win32') return join(folderVar(where, 'LOCALAPPDATA') ?? join(where.home, 'AppData', 'Local'), APP_DIR_NAME);
  if (where.platform === 'darwin') return join(where.home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(folderVar(where, 'XDG_DATA_HOME') ?? join(where.home, '.local', 'share'), LINUX_DIR_NAME);
}

/**
 * Where older versions kept the outbox: Electron's default userData folder (the
 * roaming `%APPDATA%` on Windows, `$XDG_CONFIG_HOME` on Linux). Null where nothing moves
 * (macOS: the same folder as before).
 */
export function legacyDataDir(where: PlatformEnv): string | null {
  const join = joiner(where);
  if (where.platform === 'win32') return join(folderVar(where, 'APPDATA') ?? join(where.home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (where.platform === 'darwin') return null;
  return join(folderVar(where, 'XDG_CONFIG_HOME') ?? join(where.home, '.config'), APP_DIR_NAME);
}

export const databaseFile = (dataDir: string): string => hostJoin(dataDir, 'outbox.sqlite');
export const logDir = (dataDir: string): string => hostJoin(dataDir, 'logs');
/** Chromium's own profile (caches, network state), kept apart from the outbox inside the data folder. */
export const chromiumDir = (dataDir: string): string => hostJoin(dataDir, 'chromium');
