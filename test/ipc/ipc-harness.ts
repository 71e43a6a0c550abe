import { harness, type Harness } from '../helpers/harness.ts';
import { BuiltinSimulator } from '../../electron/ipc/builtin-simulator.ts';
import { createIpcHandlers, dispatchIpc, type IpcContext } from '../../electron/ipc/ipc-handlers.ts';
import type { Channel, ChannelRequest, ChannelResponse, IpcResult } from '../../shared/ipc.ts';

// The IPC handler table the app and the preview use, on a real core (SQLite file, keychain,
// simulator over loopback), called the way the bridge calls it: through dispatchIpc, which
// parses every request with its channel's schema.

export interface IpcHarness extends Harness {
  call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<IpcResult<ChannelResponse<C>>>;
  /** The same, for a call expected to work: its value. */
  ok<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>>;
}

export async function ipcHarness(context: Partial<IpcContext> = {}): Promise<IpcHarness> {
  const h = await harness();
  const handlers = createIpcHandlers({
    core: h.core,
    simulator: new BuiltinSimulator(h.core.meta),
    isOnline: () => true,
    chooseExportFile: async () => null,
    chooseImportFile: async () => null,
    ...context,
  });
  const call = async <C extends Channel>(channel: C, request: ChannelRequest<C>) =>
    (await dispatchIpc(handlers, channel, request)) as IpcResult<ChannelResponse<C>>;
  return {
    ...h,
    call,
    async ok(channel, request) {
      const result = await call(channel, request);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
  };
}
