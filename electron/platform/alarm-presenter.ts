import { app, nativeImage, Notification, type BrowserWindow } from 'electron';
import type { AlarmKind, AlarmState } from '../../shared/alarms.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { alarmNotification, badgeText, productName, trayTooltip } from '../ipc/main-texts.ts';
import { BADGE_SIZE, badgeBitmap } from './badge-image.ts';
import type { AppTray } from './tray.ts';

export interface AlarmPresenter {
  show(state: AlarmState): void;
  /** The clerk chose another language: the badge's description follows (the tray relabels itself). */
  relabel(): void;
  /** What is shown now, for the launch test. */
  shown(): { tooltip: string; alarm: boolean; refused: number; notified: string[] };
}

/**
 * Shows what shared/alarms.ts decided: the tray icon and tooltip, the refused count on the
 * taskbar (Windows overlay) or dock (macOS badge; Linux launchers that support it), and one
 * OS notification when an alarm's episode begins (`newAlarms`: electron/desktop/alarm-episodes.ts,
 * which remembers them across restarts), each worded in the clerk's language at the time. It
 * decides nothing itself.
 */
export function createAlarmPresenter(options: {
  tray: () => AppTray | null;
  window: () => BrowserWindow | null;
  iconPath: string;
  onClick: () => void;
  locale: () => Locale;
  /** The alarms in this state that were not notified before. */
  newAlarms: (state: AlarmState) => AlarmKind[];
}): AlarmPresenter {
  let refusedShown = -1;
  let last: AlarmState | null = null;
  const notified: string[] = [];

  const notify = (body: string) => {
    notified.push(body);
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: productName(options.locale()), body, icon: options.iconPath });
    n.on('click', options.onClick);
    n.show();
  };

  const badge = (refused: number, force = false) => {
    if (refused === refusedShown && !force) return;
    refusedShown = refused;
    if (process.platform === 'win32') {
      const win = options.window();
      if (!win || win.isDestroyed()) return;
      const image = refused > 0 ? nativeImage.createFromBitmap(badgeBitmap(refused), { width: BADGE_SIZE, height: BADGE_SIZE, scaleFactor: 2 }) : null;
      win.setOverlayIcon(image, refused > 0 ? badgeText(refused, options.locale()) : '');
    } else {
      app.setBadgeCount(refused);
    }
  };

  return {
    show(state) {
      last = state;
      options.tray()?.show(state.line, state.level === 'alarm');
      badge(state.refused);
      for (const kind of options.newAlarms(state)) notify(alarmNotification(kind, state, options.locale()));
    },
    relabel() {
      if (last && process.platform === 'win32') badge(last.refused, true);
    },
    shown: () => ({
      tooltip: last ? trayTooltip(last.line, options.locale()) : productName(options.locale()),
      alarm: last?.level === 'alarm',
      refused: last?.refused ?? 0,
      notified: [...notified],
    }),
  };
}
