// The Electron main process: wiring only. Each job lives in electron/platform/; the outbox,
// delivery and IPC handlers are the plain-Node runtime in electron/ipc/app-runtime.ts.
import { app, dialog, net, powerMonitor, session, type BrowserWindow } from 'electron';
import type { EventPayload } from '../shared/ipc.ts';
import { effectiveLocale, type Locale } from '../shared/i18n/locale.ts';
import { startFailedTitle, traySummary } from './ipc/main-texts.ts';
import type { Log } from './core/log.ts';
import { startAppRuntime, type AppRuntime } from './ipc/app-runtime.ts';
import type { EmitEvent } from './ipc/core-events.ts';
import { APP_ID } from './platform/app-identity.ts';
import { setAppMenu } from './platform/app-menu.ts';
import { setUpAppPaths } from './platform/app-paths.ts';
import { registerAppScheme, serveRenderer } from './platform/app-protocol.ts';
import { registerIpcBridge, sendToWindows } from './platform/ipc-main-bridge.ts';
import { chooseCsvSavePath } from './platform/save-dialog.ts';
import { chooseCsvOpenPath } from './platform/open-dialog.ts';
import { choosePdfSavePath, printWindowToPdf } from './platform/print-pdf.ts';
import { startMainLog } from './platform/logging.ts';
import { guardAllWebContents } from './platform/navigation-guard.ts';
import { createAttentionNotifier } from './platform/notifications.ts';
import { startOnlineSignal } from './platform/online-signal.ts';
import { lockDownSession } from './platform/permissions.ts';
import { claimSingleInstance } from './platform/single-instance.ts';
import { createAppTray, type AppTray } from './platform/tray.ts';
import { TrustedSenders } from './platform/trusted-senders.ts';
import { createMainWindow, showWindow } from './platform/window.ts';

// Before the app is ready (and without a top-level await, which would hold 'ready' back).
app.enableSandbox(); // every renderer sandboxed, whatever a window's options say
registerAppScheme();
const paths = setUpAppPaths();
let mainWindow: BrowserWindow | null = null;

if (!claimSingleInstance(() => showWindow(mainWindow))) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const log = startMainLog(paths.dataDir, { console: !app.isPackaged });
  guardAllWebContents(log);
  app.whenReady().then(() => start(log)).catch((err: unknown) => {
    log.error('[main] could not start:', err);
    // The settings may be what failed to open: the computer's own language.
    dialog.showErrorBox(startFailedTitle(effectiveLocale('system', app.getPreferredSystemLanguages())), err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

async function start(log: Log): Promise<void> {
  const devTools = !app.isPackaged;
  const trusted = new TrustedSenders();
  let runtime: AppRuntime | null = null;
  let tray: AppTray | null = null;
  let quitting = false;
  // The clerk's choice from Settings, else the OS's preferred languages, read afresh each time.
  const locale = (): Locale => effectiveLocale(runtime?.core.settings.language() ?? 'system', app.getPreferredSystemLanguages());

  lockDownSession(session.defaultSession, log);
  serveRenderer(paths.rendererDir, log);
  setAppMenu({ devTools, locale: locale() });

  const notify = createAttentionNotifier({ iconPath: paths.iconPath, onClick: () => showWindow(mainWindow), locale });
  let lastStatus: EventPayload<'outbox:status'> | null = null;
  const emit: EmitEvent = (event, payload) => {
    sendToWindows(trusted, event, payload);
    if (event === 'outbox:attention') notify(payload as EventPayload<'outbox:attention'>);
    if (event === 'outbox:status') {
      lastStatus = payload as EventPayload<'outbox:status'>;
      tray?.setSummary(traySummary(lastStatus, locale()));
    }
  };
  const pushStatus = () => {
    runtime?.handlers['outbox:status'](undefined).then((status) => emit('outbox:status', status), (err: unknown) => log.warn('[main] status', err));
  };

  const online = startOnlineSignal({
    probe: () => net.isOnline(),
    onWake: (listener) => {
      powerMonitor.on('resume', listener);
      powerMonitor.on('unlock-screen', listener);
      return () => {
        powerMonitor.off('resume', listener);
        powerMonitor.off('unlock-screen', listener);
      };
    },
    onOnlineAgain: (reason) => {
      log.info('[online] try waiting reports now:', reason === 'wake' ? 'the PC woke up' : 'the network is back');
      runtime?.onlineAgain();
    },
    onChange: (isOnline) => {
      log.info('[online]', isOnline ? 'online' : 'offline');
      pushStatus();
    },
  });

  runtime = await startAppRuntime({
    dataDir: paths.dataDir,
    keychainService: process.env.USAGEPLACE_KEYCHAIN_SERVICE,
    isOnline: online.isOnline,
    emit,
    log,
    chooseExportFile: (suggestedName) => chooseCsvSavePath(mainWindow, suggestedName),
    chooseImportFile: () => chooseCsvOpenPath(mainWindow),
    pdf: {
      choosePath: (suggestedName) => choosePdfSavePath(mainWindow, suggestedName),
      render: () => printWindowToPdf(mainWindow),
    },
    systemLanguages: () => app.getPreferredSystemLanguages(),
    onLanguageChanged: () => {
      // The window switched by itself; the main process's own words follow at once.
      setAppMenu({ devTools, locale: locale() });
      tray?.relabel();
      if (lastStatus) tray?.setSummary(traySummary(lastStatus, locale()));
    },
  });
  const running = runtime;
  registerIpcBridge(running.handlers, trusted, log);

  mainWindow = createMainWindow({
    preloadPath: paths.preloadPath,
    iconPath: paths.iconPath,
    trusted,
    isQuitting: () => quitting,
    devTools,
    log,
  });
  tray = createAppTray(paths.assetsDir, {
    open: () => showWindow(mainWindow),
    sendNow: () => running.onlineAgain(),
    quit: () => app.quit(),
  }, locale);
  setAppMenu({ devTools, locale: locale() });

  app.on('activate', () => showWindow(mainWindow));
  // The window only hides; keep delivering from the tray until the clerk quits.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    closed = true;
    event.preventDefault();
    online.stop();
    tray?.destroy();
    running.close()
      .catch((err: unknown) => log.error('[main] closing the outbox:', err))
      .finally(() => app.exit(0));
  });
  log.info('[main] ready; data in', paths.dataDir);
}
