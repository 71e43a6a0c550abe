import { Core, type WorkerOptions } from '../core/open-core.ts';
import { endpointBaseUrl } from '../../shared/endpoint.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import type { Log } from '../core/log.ts';
import type { SessionView } from '../../shared/ipc.ts';
import type { LanguageChoice } from '../../shared/i18n/locale.ts';
import { BuiltinSimulator } from './builtin-simulator.ts';
import { createIpcHandlers, type IpcHandlers } from './ipc-handlers.ts';
import { forwardCoreEvents, type EmitEvent } from './core-events.ts';

export interface AppRuntimeOptions {
  dataDir: string;
  keychainService?: string;
  isOnline: () => boolean;
  emit: EmitEvent;
  log: Log;
  worker?: WorkerOptions;
  /** Where an export goes: the app's save dialog, the preview's own folder. */
  chooseExportFile: (suggestedName: string) => Promise<string | null>;
  /** The OS's preferred languages, where the shell knows them (Electron; not the preview). */
  systemLanguages?: () => string[];
  /** The clerk chose another language: the shell re-words its tray and notifications. */
  onLanguageChanged?: (choice: LanguageChoice) => void;
}

export interface AppRuntime {
  core: Core;
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
  const core = new Core({ dataDir: options.dataDir, keychainService: options.keychainService ?? DEFAULT_KEYCHAIN_SERVICE, log: options.log });
  const simulator = new BuiltinSimulator(core.meta);
  const settings = core.settings.get();
  const remembered = simulator.rememberedUrl();
  if (settings && remembered && endpointBaseUrl(settings.endpoint).startsWith(remembered)) {
    // Reports queued for the built-in simulator can only be delivered if it runs.
    await simulator.start().catch((err: unknown) => options.log.warn('[runtime] simulator did not start', err));
  }
  const worker = core.startDelivery(options.worker);
  worker.on('failed', (e) => options.log.warn('[delivery] failed', e.id, e.usageplacecode, e.lastError?.message));
  worker.on('signInNeeded', (_t, reason, error) => options.log.warn('[delivery] sign-in needed:', reason, error.message));
  worker.on('endpointPaused', (p) => options.log.warn('[delivery] paused for', p.target.baseUrl, 'until', new Date(p.until).toISOString(), ':', p.message));
  worker.on('stalled', (message) => options.log.warn('[delivery] stalled, retrying:', message));
  worker.on('circuit', (t, open) => options.log.warn('[delivery]', t.baseUrl, open ? 'is not answering: one probe every few seconds, the rest wait' : 'answers again: every waiting report goes'));
  worker.on('lease', (held) => options.log.info('[delivery]', held ? 'this process delivers' : 'another process delivers'));
  const stopForwarding = forwardCoreEvents(core, options.isOnline, options.emit);
  const handlers = createIpcHandlers({
    core,
    simulator,
    isOnline: options.isOnline,
    chooseExportFile: options.chooseExportFile,
    onSessionChanged: (session: SessionView) => options.emit('session:changed', session),
    ...(options.systemLanguages ? { systemLanguages: options.systemLanguages } : {}),
    ...(options.onLanguageChanged ? { onLanguageChanged: options.onLanguageChanged } : {}),
  });
  options.log.info('[runtime] started, data in', options.dataDir);
  return {
    core,
    handlers,
    onlineAgain: () => worker.onlineAgain(),
    async close() {
      stopForwarding();
      await core.close();
      await simulator.stop();
    },
  };
}
