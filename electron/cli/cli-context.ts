import { Core } from '../core/open-core.ts';
import { thisMachine } from '../core/data-paths.ts';
import { openWhereResolved, resolveDataDir } from '../core/resolve-data-dir.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import { createLog, type Log } from '../core/log.ts';
import { cliFetch } from './cli-network.ts';

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

/**
 * The outbox of `--data-dir`, else of the folder the desktop app uses (resolve-data-dir.ts,
 * which moves an outbox out of the old roaming folder once and says so in logs/cli.log),
 * opened so that a move finished by another process meanwhile is followed, never undone.
 */
export function openCliCore(dataDirOption: string | undefined, env: NodeJS.ProcessEnv): { core: Core; log: Log } {
  return openWhereResolved(
    () => (dataDirOption ? { dataDir: dataDirOption, notes: [], move: null } : resolveDataDir(thisMachine(env))),
    ({ dataDir, notes }, existingOnly) => {
      const log = createLog(dataDir, 'cli');
      for (const note of notes) log.info(note);
      const core = new Core({
        dataDir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE, log, fetch: cliFetch(env), existingOnly,
      });
      return { core, log };
    },
  );
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
