// The sandboxed preload: puts `window.ropo` (the RopoBridge of shared/ipc.ts) on the page
// and nothing else. Never raw ipcRenderer: the page can call the contract's channels and
// listen to its events, no more. Bundled into one CommonJS file (out/preload/preload.cjs),
// because a sandboxed preload can require only 'electron' and a few Node built-ins.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RopoBridge } from '../shared/ipc.ts';
import { isChannel, isEventName } from '../shared/ipc-names.ts';

const ropo: RopoBridge = {
  async invoke(channel, request) {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'validation_failed', message: `Unknown channel ${String(channel)}.` } };
    }
    try {
      return await ipcRenderer.invoke(channel, request);
    } catch (err) {
      // Nothing throws across the bridge: a refused or broken call is an answer too.
      return { ok: false, error: { code: 'internal_error', message: err instanceof Error ? err.message : String(err) } };
    }
  },
  on(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
    // The page gets the payload only, never the IpcRendererEvent (it carries `sender`).
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('ropo', ropo);
