import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import type { Log } from '../core/log.ts';
import { HIDDEN_FLAG, linuxAutostartEntry, linuxAutostartFile, startsHidden } from '../desktop/login-item.ts';

export interface LoginItem {
  supported: boolean;
  apply(on: boolean): void;
  /** This run was started at login: stay in the tray. */
  startedHidden: boolean;
}

/**
 * Starting with the OS session: Electron's login item on Windows (the Run key, with our
 * --hidden flag) and macOS (SMAppService; macOS 13+ ignores openAsHidden, so the app asks
 * wasOpenedAtLogin itself), an XDG autostart entry on Linux.
 */
export function loginItem(log: Log): LoginItem {
  // In development the executable is Electron itself, which needs the app's folder.
  const args = app.isPackaged ? [HIDDEN_FLAG] : [app.getAppPath(), HIDDEN_FLAG];
  const wasOpenedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  const startedHidden = startsHidden(process.argv, wasOpenedAtLogin);
  if (process.platform === 'linux') {
    const file = linuxAutostartFile(process.env, homedir());
    return {
      supported: true,
      startedHidden,
      apply(on) {
        try {
          if (on) {
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, linuxAutostartEntry(process.env.APPIMAGE ?? process.execPath, args.slice(0, -1)));
          } else {
            rmSync(file, { force: true });
          }
          log.info('[login-item]', on ? 'starts at login:' : 'does not start at login:', file);
        } catch (err) {
          log.warn('[login-item] could not change', file, err);
        }
      },
    };
  }
  return {
    supported: true,
    startedHidden,
    apply(on) {
      app.setLoginItemSettings({ openAtLogin: on, args });
      log.info('[login-item]', on ? 'starts at login' : 'does not start at login');
    },
  };
}
