import { Core } from '../core/open-core.ts';
import { defaultDataDir } from '../core/data-paths.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import { createLog, type Log } from '../core/log.ts';

/** What every command gets: where output goes, and the core opened on the right data dir. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard output as a stream, for output too large for lines in memory (export). */
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stderrIsTty: boolean;
}

export function dataDirFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? defaultDataDir(env);
}

export function openCliCore(dataDir: string, env: NodeJS.ProcessEnv): { core: Core; log: Log } {
  const log = createLog(dataDir, 'cli');
  const core = new Core({ dataDir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE, log });
  return { core, log };
}

/** Exit codes a script can rely on. */
export const EXIT = {
  ok: 0,
  error: 1,
  badInput: 2,
  /** sync: failed or held reports remain, or sign-in is needed. */
  needsPerson: 3,
  /** sync: time ran out with reports still queued. */
  timedOut: 4,
} as const;
