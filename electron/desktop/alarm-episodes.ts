import { NotifiedEpisodes, trackEpisodes, type AlarmKind, type AlarmState } from '../../shared/alarms.ts';
import type { MetaStore } from '../core/meta-store.ts';

// Which alarms get an OS notification, remembered beside the outbox: the app starts at every
// login, and a report refused yesterday, or a firewall that refused us before the restart,
// is the same episode today, already notified (shared/alarms.ts decides what an episode is).

export const NOTIFIED_KEY = 'alarm:notified';
/** seenAt is refreshed in memory on every status; on disk at most this often (it only ages pauses out). */
const REWRITE_AFTER_MS = 60_000;

export class AlarmEpisodes {
  readonly #meta: MetaStore;
  readonly #now: () => number;
  #notified: NotifiedEpisodes;
  #writtenKeys: string;
  #writtenAt = 0;

  constructor(meta: MetaStore, now: () => number = Date.now) {
    this.#meta = meta;
    this.#now = now;
    this.#notified = meta.get(NOTIFIED_KEY, NotifiedEpisodes) ?? [];
    this.#writtenKeys = keysOf(this.#notified);
  }

  /** The alarms in `state` whose episode has not been notified yet, in this run or an earlier one. */
  fresh(state: Pick<AlarmState, 'raised' | 'episodes'>): AlarmKind[] {
    const now = this.#now();
    const { fresh, notified } = trackEpisodes(this.#notified, state, now);
    this.#notified = notified;
    const keys = keysOf(notified);
    if (keys !== this.#writtenKeys || (notified.length > 0 && now - this.#writtenAt >= REWRITE_AFTER_MS)) {
      try {
        this.#meta.set(NOTIFIED_KEY, notified);
        this.#writtenKeys = keys;
        this.#writtenAt = now;
      } catch {
        // The outbox is closing (the app quits): remembered in memory; at worst one notification comes again.
      }
    }
    return fresh;
  }
}

const keysOf = (notified: NotifiedEpisodes): string => JSON.stringify(notified.map((n) => n.key).sort());
