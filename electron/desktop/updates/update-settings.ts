import { existsSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { UpdateView } from '../../../shared/desktop.ts';

// Whether this installation updates itself, decided from what IT and the build left on disk.

/** `policy.json` in the installation folder; IT writes it. Unknown keys are ignored. */
export const InstallPolicy = z.object({
  /** false: never look for updates (IT deploys new versions itself). */
  updates: z.boolean().optional(),
});
export type InstallPolicy = z.infer<typeof InstallPolicy>;

export const POLICY_FILE = 'policy.json';

/**
 * The policy file in `installDir`, if any. A file that is there but cannot be read turns
 * updates off: IT meant something by it, and a managed PC must not update against its will.
 */
export function readInstallPolicy(installDir: string): { policy: InstallPolicy; problem: string | null } {
  const file = join(installDir, POLICY_FILE);
  if (!existsSync(file)) return { policy: {}, problem: null };
  try {
    return { policy: InstallPolicy.parse(JSON.parse(readFileSync(file, 'utf8'))), problem: null };
  } catch (err) {
    return { policy: { updates: false }, problem: `${file} could not be read, so updates are off: ${(err as Error).message}` };
  }
}

/** The feed electron-builder wrote into app-update.yml at build time from USAGEPLACE_UPDATE_URL; null when none was set. */
export function readFeedConfig(resourcesDir: string): { url: string; cacheDirName: string } | null {
  const file = join(resourcesDir, 'app-update.yml');
  if (!existsSync(file)) return null;
  const parsed = z.object({ url: z.string().optional(), updaterCacheDirName: z.string().optional() }).safeParse(parse(readFileSync(file, 'utf8')));
  const url = parsed.success ? parsed.data.url?.trim() : '';
  if (!url || !/^https?:\/\//.test(url)) return null;
  return { url, cacheDirName: (parsed.success && parsed.data.updaterCacheDirName) || 'usage-place-reporter-updater' };
}

/**
 * Installed for all users (the MSI, under Program Files) rather than for this user (the
 * NSIS installer, under %LOCALAPPDATA%\Programs): IT deploys the new MSI, the app does not
 * update itself (it could not write there, and should not).
 */
export function isPerMachineInstall(platform: NodeJS.Platform, exePath: string, env: NodeJS.ProcessEnv): boolean {
  if (platform !== 'win32') return false;
  const local = env.LOCALAPPDATA;
  if (!local) return false;
  const rel = win32.relative(local.toLowerCase(), exePath.toLowerCase());
  return rel.startsWith('..') || win32.isAbsolute(rel);
}

export function updatesOffReason(input: { packaged: boolean; feed: unknown; policy: InstallPolicy; perMachine: boolean }): UpdateView['offReason'] {
  if (!input.packaged) return 'not_packaged';
  if (input.policy.updates === false) return 'policy';
  if (input.perMachine) return 'per_machine';
  if (!input.feed) return 'no_feed';
  return null;
}

/** Where electron-updater keeps downloads (its ElectronAppAdapter.baseCachePath), so the verified installer is where it looks. */
export function updaterCacheBase(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return env.LOCALAPPDATA || join(home, 'AppData', 'Local');
  if (platform === 'darwin') return join(home, 'Library', 'Caches');
  return env.XDG_CACHE_HOME || join(home, '.cache');
}
