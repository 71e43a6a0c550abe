import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import { mainTexts } from './main-texts.ts';

export interface TrayActions {
  open(): void;
  sendNow(): void;
  quit(): void;
}

export interface AppTray {
  /** The tooltip line, and the icon with a red dot while an alarm is raised. */
  show(tooltip: string, alarm: boolean): void;
  destroy(): void;
}

/**
 * The tray (menu bar on macOS) icon: the app keeps delivering with its window closed, and
 * this is how the clerk gets it back, sees whether all is sent, or quits it for real.
 */
export function createAppTray(assetsDir: string, actions: TrayActions): AppTray {
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
  tray.setToolTip(mainTexts.productName);
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: mainTexts.tray.open, click: actions.open },
    { label: mainTexts.tray.sendNow, click: actions.sendNow },
    { type: 'separator' },
    { label: mainTexts.tray.quit, click: actions.quit },
  ]));
  // Windows and Linux: a left click opens the window (macOS shows the menu).
  if (process.platform !== 'darwin') tray.on('click', actions.open);
  return {
    show(tooltip, alarm) {
      if (tray.isDestroyed()) return;
      tray.setToolTip(tooltip);
      if (alarm !== alarmShown) {
        alarmShown = alarm;
        tray.setImage(image(alarm));
      }
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
