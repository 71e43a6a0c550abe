import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

// The renderer's address, `app://renderer/index.html`, and how a request for it maps to a
// file in dist/renderer. No 'electron' import: the path rules are tested under plain Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Any address inside the renderer's origin (the page, its scripts and styles). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
}

/** The app's one page (with any query or hash): the only place the window may navigate to. */
export function isAppPageUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && isAppUrl(url) && (u.pathname === '/' || u.pathname === '/index.html');
}

/**
 * The file under `root` that an app:// request asks for, or null when it asks for anything
 * outside it (`..`, encoded `%2e%2e%2f`, backslashes, NUL, another host or scheme).
 */
export function resolveAppFile(root: string, url: string): string | null {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
