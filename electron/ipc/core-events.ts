import type { EventName, EventPayload } from '../../shared/ipc.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { LastError, OutboxEntry, SignInReason } from '../../shared/outbox.ts';
import type { Core } from '../core/open-core.ts';
import { statusView } from './status-view.ts';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Changes come in bursts (a drain of thousands); the renderer needs them a few times a second. */
const BATCH_MS = 150;
/** The status bar's countdown and "signed in until" stay fresh without a change. */
const STATUS_EVERY_MS = 5000;

/**
 * Forwards the delivery worker's events to the renderer as the contract's events, batched.
 * Returns a function that stops forwarding.
 */
export function forwardCoreEvents(core: Core, isOnline: () => boolean, emit: EmitEvent, alarmAfterMs: () => number): () => void {
  const worker = core.worker;
  const pendingIds = new Set<string>();
  let timer: NodeJS.Timeout | null = null;

  const sendStatus = () => emit('outbox:status', statusView(core, isOnline, alarmAfterMs()));
  const flush = () => {
    timer = null;
    emit('reports:changed', { ids: [...pendingIds] });
    pendingIds.clear();
    sendStatus();
  };
  const changed = (ids: string[]) => {
    for (const id of ids) pendingIds.add(id);
    timer ??= setTimeout(flush, BATCH_MS);
  };
  const failed = (entry: OutboxEntry) =>
    emit('outbox:attention', { kind: 'failed', id: entry.id, usageplacecode: entry.usageplacecode, error: entry.lastError });
  const signIn = (_target: Target, reason: SignInReason, error: LastError) => emit('outbox:attention', { kind: 'signInNeeded', reason, error });

  worker?.on('changed', changed);
  worker?.on('failed', failed);
  worker?.on('signInNeeded', signIn);
  const interval = setInterval(sendStatus, STATUS_EVERY_MS);
  return () => {
    worker?.off('changed', changed);
    worker?.off('failed', failed);
    worker?.off('signInNeeded', signIn);
    clearInterval(interval);
    if (timer) clearTimeout(timer);
  };
}
