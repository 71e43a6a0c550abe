import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { Locale } from '../../shared/i18n/locale.ts';
import { productName, trayMenuTexts } from '../ipc/main-texts.ts';

export interface TrayActions {
  open(): void;
  sendNow(): void;
  quit(): void;
}

export interface AppTray {
  /** A one-line summary in the tooltip ("3 to send, 1 failed"), already in the clerk's language. */
  setSummary(summary: string | null): void;
  /** The clerk chose another language: the menu and tooltip are worded again. */
  relabel(): void;
  destroy(): void;
}

/**
 * The tray (menu bar on macOS) icon: the app keeps delivering with its window closed, and
 * this is how the clerk gets it back or quits it for real.
 */
export function createAppTray(assetsDir: string, actions: TrayActions, locale: () => Locale): AppTray {
  // macOS wants a black "template" image it can tint for light and dark menu bars;
  // nativeImage picks the @2x file on high-density screens by itself.
  const file = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  const image = nativeImage.createFromPath(join(assetsDir, file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  let summary: string | null = null;

  const label = () => {
    if (tray.isDestroyed()) return;
    const texts = trayMenuTexts(locale());
    const name = productName(locale());
    tray.setToolTip(summary ? `${name}: ${summary}` : name);
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: texts.open, click: actions.open },
      { label: texts.sendNow, click: actions.sendNow },
      { type: 'separator' },
      { label: texts.quit, click: actions.quit },
    ]));
  };
  label();
  // Windows and Linux: a left click opens the window (macOS shows the menu).
  if (process.platform !== 'darwin') tray.on('click', actions.open);
  return {
    setSummary(next) {
      summary = next;
      if (!tray.isDestroyed()) tray.setToolTip(summary ? `${productName(locale())}: ${summary}` : productName(locale()));
    },
    relabel: label,
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
