import { app, nativeImage, Notification, type BrowserWindow } from 'electron';
import { newEpisodes, type AlarmKind, type AlarmState } from '../../shared/alarms.ts';
import { BADGE_SIZE, badgeBitmap } from './badge-image.ts';
import { mainTexts } from './main-texts.ts';
import type { AppTray } from './tray.ts';

export interface AlarmPresenter {
  show(state: AlarmState): void;
  /** What is shown now, for the launch test. */
  shown(): { tooltip: string; alarm: boolean; refused: number; notified: string[] };
}

/**
 * Shows what shared/alarms.ts decided: the tray icon and tooltip, the refused count on the
 * taskbar (Windows overlay) or dock (macOS badge; Linux launchers that support it), and one
 * OS notification when an alarm begins. It decides nothing itself.
 */
export function createAlarmPresenter(options: {
  tray: () => AppTray | null;
  window: () => BrowserWindow | null;
  iconPath: string;
  onClick: () => void;
}): AlarmPresenter {
  let raised: AlarmKind[] = [];
  let refusedShown = -1;
  const notified: string[] = [];
  let current: { tooltip: string; alarm: boolean; refused: number } = { tooltip: mainTexts.productName, alarm: false, refused: 0 };

  const notify = (body: string) => {
    notified.push(body);
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: mainTexts.productName, body, icon: options.iconPath });
    n.on('click', options.onClick);
    n.show();
  };

  const badge = (refused: number) => {
    if (refused === refusedShown) return;
    refusedShown = refused;
    if (process.platform === 'win32') {
      const win = options.window();
      if (!win || win.isDestroyed()) return;
      const image = refused > 0 ? nativeImage.createFromBitmap(badgeBitmap(refused), { width: BADGE_SIZE, height: BADGE_SIZE, scaleFactor: 2 }) : null;
      win.setOverlayIcon(image, refused > 0 ? mainTexts.badge.refused(refused) : '');
    } else {
      app.setBadgeCount(refused);
    }
  };

  return {
    show(state) {
      const line = mainTexts.tray.line(state.line);
      current = { tooltip: `${mainTexts.productName}: ${line}`, alarm: state.level === 'alarm', refused: state.refused };
      options.tray()?.show(current.tooltip, current.alarm);
      badge(state.refused);
      for (const kind of newEpisodes(raised, state.raised)) notify(mainTexts.notifications.alarm(kind, state.line, state.refused));
      raised = state.raised;
    },
    shown: () => ({ ...current, notified: [...notified] }),
  };
}
