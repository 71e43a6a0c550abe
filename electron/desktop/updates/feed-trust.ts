import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { UpdateFailure } from './update-error.ts';

// What the app accepts from an update feed, and where it lets the installer land. The feed
// is read over the network and decides which file the app later runs, so a hostile feed
// (or anyone between the PC and a plain-http feed) must not be able to choose a path
// outside the updater's cache or a server other than the feed's own.

export interface FeedUrlOptions {
  /**
   * Tests only: accept `http://` on a literal loopback address (127.0.0.0/8, [::1]), where
   * the test serves its feed. A build never sets it: app-update.yml must name an https feed.
   */
  insecureLoopbackHttpForTests?: boolean;
}

const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '');
  return (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
};

/** Why `feedUrl` is not a feed the app reads, or null when it is. */
export function feedUrlProblem(feedUrl: string, options: FeedUrlOptions = {}): string | null {
  let url: URL;
  try {
    url = new URL(feedUrl);
  } catch {
    return `the update feed ${JSON.stringify(feedUrl)} is not a URL`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && options.insecureLoopbackHttpForTests && isLoopback(url.hostname)) return null;
  return `the update feed must be an https:// URL, not ${url.protocol}//${url.host}: anyone on the way could swap the installer`;
}

/** The installer's URL must be on the feed's own origin (scheme, host and port). */
export function installerUrlProblem(installerUrl: string, feedUrl: string): string | null {
  return new URL(installerUrl).origin === new URL(feedUrl).origin
    ? null
    : `the feed names an installer on another server (${new URL(installerUrl).origin}); only files next to the feed are taken`;
}

/**
 * The installer's file name, from its URL. The path is decoded first and only then cut to
 * its last segment, so an encoded `..%2F..%2Fevil.exe` is the name `evil.exe`, never the
 * path `../../evil.exe`; a name that could still mean a path, a parent or an NTFS stream
 * (`/ \ : ..`, control characters) is refused.
 */
export function installerFileName(installerUrl: string): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(installerUrl).pathname);
  } catch {
    throw new UpdateFailure('feed_untrusted', 'the installer\'s URL is not decodable');
  }
  const name = path.split(/[\\/]/).pop() ?? '';
  if (!name || /[\\/:]|\.\.|[\u0000-\u001f\u007f]/.test(name)) throw new UpdateFailure('feed_untrusted', `the installer's name ${JSON.stringify(name)} is not a plain file name`);
  return name;
}

/** `name` inside `cacheDir`, or an error when it would land anywhere else. */
export function installerPath(cacheDir: string, name: string): string {
  const file = resolve(join(cacheDir, name));
  if (dirname(file) !== resolve(cacheDir)) throw new UpdateFailure('feed_untrusted', `the installer's name ${JSON.stringify(name)} leads outside the update cache`);
  return file;
}
