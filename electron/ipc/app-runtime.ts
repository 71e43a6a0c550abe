import { Core, type WorkerOptions } from '../core/open-core.ts';
import { endpointBaseUrl } from '../../shared/endpoint.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import type { Log } from '../core/log.ts';
import type { SessionView } from '../../shared/ipc.ts';
import { BuiltinSimulator } from './builtin-simulator.ts';
import { createIpcHandlers, type IpcHandlers } from './ipc-handlers.ts';
import { forwardCoreEvents, type EmitEvent } from './core-events.ts';
import { DesktopSettingsStore } from '../core/desktop-settings-store.ts';
import type { DesktopHooks } from './desktop-hooks.ts';

export interface AppRuntimeOptions {
  dataDir: string;
  keychainService?: string;
  isOnline: () => boolean;
  emit: EmitEvent;
  log: Log;
  worker?: WorkerOptions;
  /** How requests reach Ropo One: Electron's net.fetch in the app (see Core's option). */
  fetch?: typeof fetch;
  /** The shell's side of the desktop settings (login item, updates, save dialog). */
  desktop?: DesktopHooks;
}

export interface AppRuntime {
  core: Core;
  desktopSettings: DesktopSettingsStore;
  handlers: IpcHandlers;
  /** The OS says the network is back, or the PC woke up: waiting retries go now. */
  onlineAgain(): void;
  close(): Promise<void>;
}

/**
 * What the desktop app runs behind its window (and the preview server behind its page):
 * the core delivering in the background, the built-in simulator when the last session
 * used it, and the IPC handlers. Plain Node: the Electron shell only wires it up.
 */
export async function startAppRuntime(options: AppRuntimeOptions): Promise<AppRuntime> {
  const core = new Core({ dataDir: options.dataDir, keychainService: options.keychainService ?? DEFAULT_KEYCHAIN_SERVICE, fetch: options.fetch });
  const simulator = new BuiltinSimulator(core.meta);
  const settings = core.settings.get();
  const remembered = simulator.rememberedUrl();
  if (settings && remembered && endpointBaseUrl(settings.endpoint).startsWith(remembered)) {
    // Reports queued for the built-in simulator can only be delivered if it runs.
    await simulator.start().catch((err: unknown) => options.log.warn('[runtime] simulator did not start', err));
  }
  const worker = core.startDelivery(options.worker);
  worker.on('failed', (e) => options.log.warn('[delivery] failed', e.id, e.usageplacecode, e.lastError?.message));
  worker.on('signInNeeded', (_t, message) => options.log.warn('[delivery] sign-in needed:', message));
  worker.on('stalled', (message) => options.log.warn('[delivery] stalled, retrying:', message));
  worker.on('lease', (held) => options.log.info('[delivery]', held ? 'this process delivers' : 'another process delivers'));
  const desktopSettings = new DesktopSettingsStore(core.meta);
  const stopForwarding = forwardCoreEvents(core, options.isOnline, options.emit, () => desktopSettings.alarmAfterMs());
  const handlers = createIpcHandlers({
    core,
    simulator,
    isOnline: options.isOnline,
    onSessionChanged: (session: SessionView) => options.emit('session:changed', session),
    desktopSettings,
    desktop: options.desktop,
    onDesktopChanged: (view) => options.emit('desktop:changed', view),
  });
  options.log.info('[runtime] started, data in', options.dataDir);
  return {
    core,
    desktopSettings,
    handlers,
    onlineAgain: () => worker.onlineAgain(),
    async close() {
      stopForwarding();
      await core.close();
      await simulator.stop();
    },
  };
}
