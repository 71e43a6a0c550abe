import { ipcMain } from 'electron';
import { CHANNEL_NAMES, type EventName, type EventPayload } from '../../shared/ipc.ts';
import type { Log } from '../core/log.ts';
import { dispatchIpc, type IpcHandlers } from '../ipc/ipc-handlers.ts';
import type { TrustedSenders } from './trusted-senders.ts';

/**
 * One `ipcMain.handle` per channel of the contract (shared/ipc.ts), nothing else. Each call
 * checks its sender, then `dispatchIpc` parses the payload with the channel's schema and
 * answers `{ok, value}` or `{ok: false, error}`.
 */
export function registerIpcBridge(handlers: IpcHandlers, trusted: TrustedSenders, log: Log): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!trusted.isTrusted(event)) {
        log.warn('[ipc] refused', channel, 'from a sender that is not the app page:', event.senderFrame?.url ?? '(no frame)');
        throw new Error('Refused: not the app page.');
      }
      return dispatchIpc(handlers, channel, payload);
    });
  }
}

/** Main → renderer events, to the app's own windows only. */
export function sendToWindows<E extends EventName>(trusted: TrustedSenders, event: E, payload: EventPayload<E>): void {
  for (const contents of trusted.all()) contents.send(event, payload);
}
