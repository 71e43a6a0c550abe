import electronLog from 'electron-log/node.js';
import { join } from 'node:path';
import { logDir } from './data-paths.ts';
import { redact } from './redact.ts';

export interface Log {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

const ONE_MB = 1024 * 1024;

/**
 * A rotated log file (`logs/<name>.log`, kept to 1 MB plus one `.old.log`) in the data
 * directory. Every line goes through `redact` before it is written. Each line carries a
 * `[scope]` prefix so a reader knows which part wrote it.
 */
export function createLog(dataDir: string, name: string): Log {
  const log = electronLog.create({ logId: `${name}-${dataDir}` });
  log.transports.console.level = false;
  log.transports.file.level = 'info';
  log.transports.file.maxSize = ONE_MB;
  log.transports.file.resolvePathFn = () => join(logDir(dataDir), `${name}.log`);
  log.hooks.push((message) => {
    message.data = message.data.map((part) => redact(typeof part === 'string' ? part : safeString(part)));
    return message;
  });
  return {
    info: (...p) => log.info(...p),
    warn: (...p) => log.warn(...p),
    error: (...p) => log.error(...p),
  };
}

function safeString(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
