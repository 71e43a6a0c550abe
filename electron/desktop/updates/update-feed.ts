import { parse } from 'yaml';
import { z } from 'zod';
import { feedUrlProblem, installerFileName, installerUrlProblem, type FeedUrlOptions } from './feed-trust.ts';
import { UpdateFailure } from './update-error.ts';

// The generic update feed electron-builder writes next to the installers: latest.yml
// (Windows), latest-mac.yml, latest-linux.yml. Read with the same fetch as delivery, so a
// depot's proxy applies to updates too.

const FeedFile = z.object({ url: z.string().min(1), sha512: z.string().min(1), size: z.int().positive().optional() });
export const FeedYaml = z.object({
  version: z.string().min(1),
  files: z.array(FeedFile).min(1),
  releaseDate: z.string().optional(),
});

export interface FeedRelease {
  version: string;
  /** The installer's absolute URL. */
  url: string;
  /** base64 sha512 of the installer, as electron-builder writes it. */
  sha512: string;
  size: number | null;
  /** The file's own name (what electron-updater's cache expects): a plain name, never a path (feed-trust.ts). */
  fileName: string;
}

export function feedFileName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'latest-mac.yml' : platform === 'linux' ? 'latest-linux.yml' : 'latest.yml';
}

/** The installer electron-updater would take on this platform: NSIS .exe, the macOS .zip, the AppImage. */
const WANTED: Partial<Record<NodeJS.Platform, RegExp>> = { win32: /\.exe$/i, darwin: /\.zip$/i, linux: /\.AppImage$/i };

/**
 * Reads the feed and picks this platform's installer. Only an https feed is read, and only
 * an installer on the feed's own origin with a plain file name is taken (feed-trust.ts).
 */
export async function readFeed(
  feedUrl: string, platform: NodeJS.Platform, fetch: typeof globalThis.fetch, signal?: AbortSignal, options: FeedUrlOptions = {},
): Promise<FeedRelease> {
  const problem = feedUrlProblem(feedUrl, options);
  if (problem) throw new UpdateFailure('feed_untrusted', problem);
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  const res = await fetch(new URL(feedFileName(platform), base).href, { signal: signal ?? AbortSignal.timeout(30_000), cache: 'no-store' });
  if (!res.ok) throw new UpdateFailure('server_answered', `the update feed answered HTTP ${res.status}`, res.status);
  const feed = FeedYaml.parse(parse(await res.text()));
  const wanted = WANTED[platform];
  const file = feed.files.find((f) => (wanted ? wanted.test(f.url) : true)) ?? feed.files[0]!;
  const url = new URL(file.url, base).href;
  const elsewhere = installerUrlProblem(url, base);
  if (elsewhere) throw new UpdateFailure('feed_untrusted', elsewhere);
  return { version: feed.version, url, sha512: file.sha512, size: file.size ?? null, fileName: installerFileName(url) };
}

/** Is `candidate` a newer version than `current`? (x.y.z, a pre-release is older than its release.) */
export function isNewer(candidate: string, current: string): boolean {
  const split = (v: string) => {
    const [core = '', pre = ''] = v.replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const a = split(candidate);
  const b = split(current);
  for (let i = 0; i < 3; i++) {
    const d = (a.nums[i] ?? 0) - (b.nums[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  if (a.pre === b.pre) return false;
  if (!a.pre) return true;
  if (!b.pre) return false;
  return a.pre.localeCompare(b.pre, 'en', { numeric: true }) > 0;
}
