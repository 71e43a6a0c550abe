import { resolve } from 'node:path';
import { legacyDataDir, platformDataDir, type PlatformEnv } from './data-paths.ts';
import { moveOutbox, type MoveOptions, type MoveResult } from './data-move.ts';
import { isOutboxElsewhere } from './outbox-elsewhere.ts';

export interface ResolvedDataDir {
  dataDir: string;
  /** What happened on the way (a move, a deferred move), for the caller's log. */
  notes: string[];
  move: MoveResult | null;
}

/**
 * The data folder, for the app and the CLI alike: `USAGEPLACE_DATA_DIR` if it is set
 * (then nothing moves), else this platform's machine-local folder, after moving the outbox
 * there from the old roaming one once (data-move.ts). If the old outbox is busy (an older
 * version of the app still delivering from it), this run keeps using it and the move waits
 * for a later start: open it with `existingOnly` (see openWhereResolved).
 */
export function resolveDataDir(where: PlatformEnv, options: MoveOptions = {}): ResolvedDataDir {
  const explicit = where.env.USAGEPLACE_DATA_DIR;
  if (explicit) return { dataDir: resolve(explicit), notes: [], move: null };
  const to = platformDataDir(where);
  const from = legacyDataDir(where);
  if (!from || from === to) return { dataDir: to, notes: [], move: null };
  const notes: string[] = [];
  const move = moveOutbox(from, to, notes, options);
  if (move.kind === 'deferred') {
    notes.push(`[data] the outbox stays in ${from} for now: ${move.reason}; it moves to ${to} at a later start`);
    return { dataDir: from, notes, move };
  }
  return { dataDir: to, notes, move };
}

/** True when this run uses the old folder because the move waits: open only what is there. */
export const usesOldFolder = (resolved: ResolvedDataDir): boolean => resolved.move?.kind === 'deferred';

/**
 * Resolves the data folder and opens the outbox there. When the move waits, this run uses
 * the old folder, but another process may finish the move (and delete the old database)
 * between resolving and opening: the old outbox is therefore opened only if it is still
 * there and not marked as moved (`existingOnly`), and otherwise the folder is resolved
 * again, which finds it moved. Never a fresh database in the old folder, where no later
 * start would look for its reports.
 */
export function openWhereResolved<T>(
  resolveNow: () => ResolvedDataDir,
  open: (resolved: ResolvedDataDir, existingOnly: boolean) => T,
  tries = 3,
): T {
  for (let attempt = 1; ; attempt++) {
    const resolved = resolveNow();
    try {
      return open(resolved, usesOldFolder(resolved));
    } catch (err) {
      if (!usesOldFolder(resolved) || !isOutboxElsewhere(err) || attempt >= tries) throw err;
    }
  }
}
