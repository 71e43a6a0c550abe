import type { AppErrorData } from '../../../../shared/errors.ts';
import type { IpcResult } from '../api.ts';
import { outboxLog } from './outbox-log.svelte.ts';

export interface LiveRead<T> {
  /** The last answer, or null until the first comes. */
  readonly value: T | null;
  /** Why the last read failed; null once one succeeds. */
  readonly error: AppErrorData | null;
}

/**
 * What `read(key())` answers from the main process, read again whenever the key or the
 * outbox's reports change (a receipt of a queued report shows it sent once it is); an answer
 * for an earlier key that comes late is dropped. It owns an effect: create it while a
 * component initialises.
 */
export function liveRead<K, T>(key: () => K, read: (key: K) => Promise<IpcResult<T>>): LiveRead<T> {
  let value = $state<T | null>(null);
  let error = $state<AppErrorData | null>(null);
  $effect(() => {
    const wanted = key();
    void outboxLog.changes;
    let cancelled = false;
    void read(wanted).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        value = result.value;
        error = null;
      } else {
        error = result.error;
      }
    });
    return () => {
      cancelled = true;
    };
  });
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
  };
}
