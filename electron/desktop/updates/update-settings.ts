import { existsSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { UpdateView } from '../../../shared/desktop.ts';
import { feedUrlProblem } from './feed-trust.ts';
import type { InstallPolicy } from './machine-policy.ts';

// Whether this installation updates itself, decided from what the build left on disk and
// what IT said for the machine (machine-policy.ts).

export interface FeedConfig {
  url: string;
  cacheDirName: string;
  /**
   * Whose Authenticode signature a Windows installer must carry: electron-builder writes
   * `publisherName` into app-update.yml when the build is signed. Empty for an unsigned build.
   */
  publisherNames: string[];
}

const AppUpdateYml = z.object({
  url: z.string().optional(),
  updaterCacheDirName: z.string().optional(),
  publisherName: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * The feed electron-builder wrote into app-update.yml at build time from USAGEPLACE_UPDATE_URL;
 * `feed` is null when none was set, or when the one set is not https (then `problem` says so,
 * for the log: a build with a plain-http feed does not update itself).
 */
export function readFeedConfig(resourcesDir: string): { feed: FeedConfig | null; problem: string | null } {
  const file = join(resourcesDir, 'app-update.yml');
  if (!existsSync(file)) return { feed: null, problem: null };
  const parsed = AppUpdateYml.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return { feed: null, problem: `${file} could not be read: ${parsed.error.message}` };
  const url = parsed.data.url?.trim() ?? '';
  if (!url) return { feed: null, problem: null };
  const problem = feedUrlProblem(url);
  if (problem) return { feed: null, problem: `${problem}; updates are off` };
  const names = parsed.data.publisherName;
  return {
    feed: {
      url,
      cacheDirName: parsed.data.updaterCacheDirName || 'usage-place-reporter-updater',
      publisherNames: (Array.isArray(names) ? names : names ? [names] : []).map((n) => n.trim()).filter(Boolean),
    },
    problem: null,
  };
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

export function updatesOffReason(input: {
  packaged: boolean; feed: FeedConfig | null; policy: InstallPolicy; perMachine: boolean; platform: NodeJS.Platform;
}): UpdateView['offReason'] {
  if (!input.packaged) return 'not_packaged';
  if (input.policy.updates === false) return 'policy';
  if (input.perMachine) return 'per_machine';
  if (!input.feed) return 'no_feed';
  // Without a publisher to check, a Windows installer could come from whoever controls the
  // feed: an unsigned build does not update itself (installer-signature.ts).
  if (input.platform === 'win32' && input.feed.publisherNames.length === 0) return 'unsigned';
  return null;
}

/** Where electron-updater keeps downloads (its ElectronAppAdapter.baseCachePath), so the verified installer is where it looks. */
export function updaterCacheBase(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return env.LOCALAPPDATA || join(home, 'AppData', 'Local');
  if (platform === 'darwin') return join(home, 'Library', 'Caches');
  return env.XDG_CACHE_HOME || join(home, '.cache');
}
