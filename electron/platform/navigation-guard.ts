import { app } from 'electron';
import type { Log } from '../core/log.ts';
import { isAppPageUrl } from './app-url.ts';

/**
 * For every webContents the app ever gets (windows, devtools, anything a bug creates): no
 * new windows, no navigation away from the app page, no <webview>. The page has no reason
 * to do any of these; a page that tries has been tampered with.
 */
export function guardAllWebContents(log: Log): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('[guard] window.open refused:', url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      if (isAppPageUrl(event.url)) return;
      event.preventDefault();
      log.warn('[guard] navigation refused:', event.url);
    });
    contents.on('will-redirect', (event) => {
      if (isAppPageUrl(event.url)) return;
      event.preventDefault();
      log.warn('[guard] redirect refused:', event.url);
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('[guard] <webview> refused');
    });
  });
}
