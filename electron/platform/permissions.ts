import type { Session } from 'electron';
import type { Log } from '../core/log.ts';
import { APP_ORIGIN } from './app-url.ts';

/**
 * What the page may ask of its session: nothing. Every permission (camera, notifications,
 * geolocation, clipboard read, …) and device is refused; the page opens no connection
 * (everything goes through window.ropo); and the only download it may start is the CSV
 * export it builds itself (a blob: of its own origin), saved where the clerk chooses.
 */
export function lockDownSession(session: Session, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('[permissions] refused:', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // The CSP already forbids it; this makes "no network from the renderer" hold even if a
  // page lost its CSP. The core's requests to Ropo One come from Node, not this session.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    log.warn('[network] renderer request refused:', details.url);
    callback({ cancel: true });
  });

  session.on('will-download', (event, item) => {
    if (item.getURL().startsWith(`blob:${APP_ORIGIN}/`)) return;
    event.preventDefault();
    log.warn('[downloads] refused:', item.getURL());
  });
}
