import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import type { Log } from '../core/log.ts';
import { APP_SCHEME, contentTypeFor, resolveAppFile } from './app-url.ts';

/**
 * Must run before the app is ready: `app://` becomes a standard, secure scheme (a real
 * origin, `app://renderer`, so module scripts, relative URLs and the CSP's 'self' work as
 * on the web), unlike file://, which grants pages extra privileges.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

const BASE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Serves the built renderer (dist/renderer) at `app://renderer/…`, read-only. A request for
 * anything outside that folder is answered 404; every answer carries the CSP.
 */
export function serveRenderer(rendererDir: string, log: Log): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) {
      log.warn('[app-protocol] refused', request.url);
      return plain(404, 'Not found');
    }
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...BASE_HEADERS, 'content-type': contentTypeFor(file) },
      });
    } catch {
      return plain(404, 'Not found');
    }
  });
}
