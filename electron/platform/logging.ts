import { ipcMain } from 'electron';
import electronLog from 'electron-log/main';
import { join } from 'node:path';
import { logDir } from '../core/data-paths.ts';
import type { Log } from '../core/log.ts';
import { redact } from '../core/redact.ts';

const ONE_MB = 1024 * 1024;
/** electron-log/main listens on this channel for renderer logging, which the app does not use. */
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';

/**
 * The main process's log: `<data dir>/logs/main.log`, rotated at about 1 MB (one
 * `main.old.log` is kept). Every line passes through `redact` first, so an apicode or token
 * never reaches the file. Uncaught errors are logged instead of shown in a dialog.
 */
export function startMainLog(dataDir: string, options: { console: boolean }): Log {
  // Importing electron-log/main registers an IPC listener and handler for renderer
  // logging. Our renderer never logs through it, and every IPC channel must check its
  // sender: remove them rather than leave a channel that accepts any sender.
  ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);
  ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);

  const log = electronLog;
  log.transports.file.level = 'info';
  log.transports.file.maxSize = ONE_MB;
  log.transports.file.resolvePathFn = () => join(logDir(dataDir), 'main.log');
  log.transports.console.level = options.console ? 'info' : false;
  // In development electron-log copies main-process lines to every window; the renderer
  // has no business seeing the main log.
  log.transports.ipc.level = false;
  log.transports.remote.level = false;
  log.hooks.push((message) => {
    message.data = message.data.map((part) => redact(typeof part === 'string' ? part : describe(part)));
    return message;
  });
  log.errorHandler.startCatching({ showDialog: false });
  return {
    info: (...parts) => log.info(...parts),
    warn: (...parts) => log.warn(...parts),
    error: (...parts) => log.error(...parts),
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
