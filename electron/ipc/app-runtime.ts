import { Core, type WorkerOptions } from '../core/open-core.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import { BUILTIN_SIMULATOR_BASE_URL } from '../../shared/endpoint.ts';
import type { Log } from '../core/log.ts';
import type { SessionView } from '../../shared/ipc.ts';
import type { LanguageChoice } from '../../shared/i18n/locale.ts';
import { BuiltinSimulator } from './builtin-simulator.ts';
import { createIpcHandlers, type IpcContext, type IpcHandlers } from './ipc-handlers.ts';
import { forwardCoreEvents, type EmitEvent } from './core-events.ts';
import { DesktopSettingsStore } from '../core/desktop-settings-store.ts';
import type { DesktopHooks } from './desktop-hooks.ts';

export interface AppRuntimeOptions {
  dataDir: string;
  /** Open only an outbox that is there (the old folder, while the move waits: see Core). */
  existingOnly?: boolean;
  keychainService?: string;
  isOnline: () => boolean;
  emit: EmitEvent;
  log: Log;
  worker?: WorkerOptions;
  /** Where an export goes: the app's save dialog, the preview's own folder. */
  chooseExportFile: (suggestedName: string) => Promise<string | null>;
  /** Which CSV file to import: the app's open dialog, the preview page's upload. */
  chooseImportFile: () => Promise<string | null>;
  /** Saving the window as PDF (the app); left out in the preview. */
  pdf?: IpcContext['pdf'];
  /** The OS's preferred languages, where the shell knows them (Electron; not the preview). */
  systemLanguages?: () => string[];
  /** The clerk chose another language: the shell re-words its tray and notifications. */
  onLanguageChanged?: (choice: LanguageChoice) => void;
  /** How requests reach Ropo One: Electron's net.fetch in the app (see Core's option). */
  fetch?: typeof fetch;
  /** The shell's side of the desktop settings (login item, updates, save dialog). */
  desktop?: DesktopHooks;
}

export interface AppRuntime {
  core: Core;
  desktopSettings: DesktopSettingsStore;
  handlers: IpcHandlers;
  simulator: BuiltinSimulator;
  /** The OS says the network is back, or the PC woke up: waiting retries go now. */
  onlineAgain(): void;
  close(): Promise<void>;
}

/**
 * What the desktop app runs behind its window (and the preview server behind its page):
 * the core delivering in the background, the built-in simulator when the settings or
 * unsent reports name it, and the IPC handlers. Plain Node: the Electron shell only wires it up.
 */
export async function startAppRuntime(options: AppRuntimeOptions): Promise<AppRuntime> {
  // The core routes the simulator's reports to wherever it listens now; it is made next.
  let builtin: BuiltinSimulator | null = null;
  const core = new Core({
    dataDir: options.dataDir,
    keychainService: options.keychainService ?? DEFAULT_KEYCHAIN_SERVICE,
    log: options.log,
    fetch: options.fetch,
    builtinSimulatorApiUrl: () => builtin?.apiUrl ?? null,
    existingOnly: options.existingOnly,
  });
  const simulator = new BuiltinSimulator(core.meta);
  builtin = simulator;
  const adopted = simulator.adoptLegacyData(core.settings, core.store, core.now());
  if (adopted) options.log.info('[runtime] reports and settings for the built-in simulator now follow it to any port');
  if (simulator.isNeeded(core.settings, core.store)) {
    // Reports for the built-in simulator can only be delivered while it runs: start it before delivery.
    try {
      await simulator.start();
      // The keychain knows the demo account under the old name only; the simulator's is public.
      if (adopted) await core.credentials.signIn({ baseUrl: BUILTIN_SIMULATOR_BASE_URL, cid: simulator.demo.cid }, simulator.demo.apicode);
    } catch (err) {
      options.log.warn('[runtime] simulator did not start', err);
    }
  }
  const worker = core.startDelivery(options.worker);
  worker.on('failed', (e) => options.log.warn('[delivery] failed', e.id, e.usageplacecode, e.lastError?.message));
  worker.on('signInNeeded', (_t, reason, error) => options.log.warn('[delivery] sign-in needed:', reason, error.message));
  worker.on('endpointPaused', (p) => options.log.warn('[delivery] paused for', p.target.baseUrl, 'until', new Date(p.until).toISOString(), ':', p.message));
  worker.on('stalled', (message) => options.log.warn('[delivery] stalled, retrying:', message));
  worker.on('circuit', (t, open) => options.log.warn('[delivery]', t.baseUrl, open ? 'is not answering: one probe every few seconds, the rest wait' : 'answers again: every waiting report goes'));
  worker.on('lease', (held) => options.log.info('[delivery]', held ? 'this process delivers' : 'another process delivers'));
  const desktopSettings = new DesktopSettingsStore(core.meta);
  const stopForwarding = forwardCoreEvents(core, options.isOnline, options.emit, () => desktopSettings.alarmAfterMs());
  const handlers = createIpcHandlers({
    core,
    simulator,
    isOnline: options.isOnline,
    chooseExportFile: options.chooseExportFile,
    chooseImportFile: options.chooseImportFile,
    onImportProgress: (progress) => options.emit('import:progress', progress),
    ...(options.pdf ? { pdf: options.pdf } : {}),
    onSessionChanged: (session: SessionView) => options.emit('session:changed', session),
    ...(options.systemLanguages ? { systemLanguages: options.systemLanguages } : {}),
    ...(options.onLanguageChanged ? { onLanguageChanged: options.onLanguageChanged } : {}),
    desktopSettings,
    desktop: options.desktop,
    onDesktopChanged: (view) => options.emit('desktop:changed', view),
  });
  options.log.info('[runtime] started, data in', options.dataDir);
  return {
    core,
    desktopSettings,
    handlers,
    simulator,
    onlineAgain: () => worker.onlineAgain(),
    async close() {
      stopForwarding();
      await core.close();
      await simulator.stop();
    },
  };
}
