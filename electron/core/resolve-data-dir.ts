import { resolve } from 'node:path';
import { legacyDataDir, platformDataDir, type PlatformEnv } from './data-paths.ts';
import { moveOutbox, type MoveOptions, type MoveResult } from './data-move.ts';

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
 * for a later start.
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
