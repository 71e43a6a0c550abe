import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { AlarmLine } from '../../shared/alarms.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { productName, trayMenuTexts, trayTooltip } from '../ipc/main-texts.ts';

export interface TrayActions {
  open(): void;
  sendNow(): void;
  quit(): void;
}

export interface AppTray {
  /** The alarm's line in the tooltip (in the clerk's language), and the icon with a red dot while an alarm is raised. */
  show(line: AlarmLine, alarm: boolean): void;
  /** The clerk chose another language: the menu and tooltip are worded again. */
  relabel(): void;
  destroy(): void;
}

/**
 * The tray (menu bar on macOS) icon: the app keeps delivering with its window closed, and
 * this is how the clerk gets it back, sees whether all is sent, or quits it for real.
 */
export function createAppTray(assetsDir: string, actions: TrayActions, locale: () => Locale): AppTray {
  // macOS wants a black "template" image it can tint for light and dark menu bars;
  // nativeImage picks the @2x file on high-density screens by itself.
  const image = (alarm: boolean) => {
    const name = `tray${alarm ? 'Alert' : ''}${process.platform === 'darwin' ? 'Template' : ''}.png`;
    const img = nativeImage.createFromPath(join(assetsDir, name));
    if (process.platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const tray = new Tray(image(false));
  let alarmShown = false;
  let shownLine: AlarmLine | null = null;

  const tooltip = () => (shownLine ? trayTooltip(shownLine, locale()) : productName(locale()));
  const label = () => {
    if (tray.isDestroyed()) return;
    const texts = trayMenuTexts(locale());
    tray.setToolTip(tooltip());
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
    show(line, alarm) {
      if (tray.isDestroyed()) return;
      shownLine = line;
      tray.setToolTip(tooltip());
      if (alarm !== alarmShown) {
        alarmShown = alarm;
        tray.setImage(image(alarm));
      }
    },
    relabel: label,
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
