import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { EventPayload } from '../../shared/ipc.ts';
import { PRODUCT_NAME } from './app-identity.ts';

export interface TrayActions {
  open(): void;
  sendNow(): void;
  quit(): void;
}

export interface AppTray {
  /** A one-line summary in the tooltip ("3 queued, 1 failed"). */
  setSummary(summary: string | null): void;
  destroy(): void;
}

/**
 * The tray (menu bar on macOS) icon: the app keeps delivering with its window closed, and
 * this is how the clerk gets it back or quits it for real.
 */
export function createAppTray(assetsDir: string, actions: TrayActions): AppTray {
  // macOS wants a black "template" image it can tint for light and dark menu bars;
  // nativeImage picks the @2x file on high-density screens by itself.
  const file = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  const image = nativeImage.createFromPath(join(assetsDir, file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip(PRODUCT_NAME);
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: `Open ${PRODUCT_NAME}`, click: actions.open },
    { label: 'Send now', click: actions.sendNow },
    { type: 'separator' },
    { label: 'Quit', click: actions.quit },
  ]));
  // Windows and Linux: a left click opens the window (macOS shows the menu).
  if (process.platform !== 'darwin') tray.on('click', actions.open);
  return {
    setSummary(summary) {
      if (!tray.isDestroyed()) tray.setToolTip(summary ? `${PRODUCT_NAME}: ${summary}` : PRODUCT_NAME);
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/** "2 to send, 1 failed" for the tooltip, or null when nothing waits. */
export function trayStatusSummary(status: EventPayload<'outbox:status'>): string | null {
  const c = status.counts;
  const toSend = (c.queued ?? 0) + (c.sending ?? 0) + (c.held ?? 0);
  const parts = [
    ...(toSend > 0 ? [`${toSend} to send`] : []),
    ...((c.failed ?? 0) > 0 ? [`${c.failed} failed`] : []),
    ...(status.signInNeeded.length > 0 ? ['sign in again'] : []),
    ...(status.online ? [] : ['offline']),
  ];
  return parts.length > 0 ? parts.join(', ') : null;
}
