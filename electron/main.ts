// The Electron main process: wiring only. Each job lives in electron/platform/; the outbox,
// delivery and IPC handlers are the plain-Node runtime in electron/ipc/app-runtime.ts.
import { app, dialog, net, powerMonitor, session, type BrowserWindow } from 'electron';
import { basename } from 'node:path';
import type { EventPayload } from '../shared/ipc.ts';
import { effectiveLocale, type Locale } from '../shared/i18n/locale.ts';
import { startFailedTitle } from './ipc/main-texts.ts';
import { unsentCount } from './desktop/quit-decision.ts';
import { AlarmEpisodes } from './desktop/alarm-episodes.ts';
import type { Log } from './core/log.ts';
import { isOutboxElsewhere } from './core/outbox-elsewhere.ts';
import { writeFileAtomically } from './core/pdf-file.ts';
import { startAppRuntime, type AppRuntime } from './ipc/app-runtime.ts';
import type { EmitEvent } from './ipc/core-events.ts';
import type { DesktopHooks } from './ipc/desktop-hooks.ts';
import { createAlarmPresenter } from './platform/alarm-presenter.ts';
import { APP_ID } from './platform/app-identity.ts';
import { setAppMenu } from './platform/app-menu.ts';
import { setUpAppPaths } from './platform/app-paths.ts';
import { registerAppScheme, serveRenderer } from './platform/app-protocol.ts';
import { registerIpcBridge, sendToWindows } from './platform/ipc-main-bridge.ts';
import { chooseSavePath, type SaveDialogHost } from './platform/save-dialog.ts';
import { chooseCsvOpenPath } from './platform/open-dialog.ts';
import { printWindowToPdf } from './platform/print-pdf.ts';
import { startMainLog } from './platform/logging.ts';
import { loginItem } from './platform/login-item.ts';
import { guardAllWebContents } from './platform/navigation-guard.ts';
import { startOnlineSignal } from './platform/online-signal.ts';
import { lockDownSession } from './platform/permissions.ts';
import { guardQuit } from './platform/quit-guard.ts';
import { ropoFetch } from './platform/ropo-network.ts';
import { claimSingleInstance } from './platform/single-instance.ts';
import { createAppTray, type AppTray } from './platform/tray.ts';
import { TrustedSenders } from './platform/trusted-senders.ts';
import { startUpdates, type AppUpdates } from './platform/updater.ts';
import { createMainWindow, showWindow } from './platform/window.ts';
import { DEBUGGING_SWITCH_NAMES, debuggingSwitch, exposingVariable } from './platform/debugging-switches.ts';

// Before the app is ready (and without a top-level await, which would hold 'ready' back).
app.enableSandbox(); // every renderer sandboxed, whatever a window's options say
registerAppScheme();
const paths = setUpAppPaths();
let mainWindow: BrowserWindow | null = null;
// A packaged build never runs open to a debugger or with its traffic readable: Chromium's
// DevTools server would let any program on the PC drive the window (and so the outbox), and
// ignored certificate errors or a TLS key log would hand out the API code and the token.
// Development builds may.
const debugging = app.isPackaged
  ? (debuggingSwitch(process.argv.slice(1))
    ?? DEBUGGING_SWITCH_NAMES.find((name) => app.commandLine.hasSwitch(name))
    ?? exposingVariable(process.env)
    ?? null)
  : null;

if (debugging) {
  const log = startMainLog(paths.dataDir, { console: true });
  log.error(`[main] refusing to start: ${debugging} would open the app to a debugger or let its traffic (the API code, the token) be read, which a packaged build never allows.`);
  app.exit(1);
} else if (!claimSingleInstance(() => showWindow(mainWindow))) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const log = startMainLog(paths.dataDir, { console: !app.isPackaged });
  for (const note of paths.dataNotes) log.info(note);
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
  let updates: AppUpdates | null = null;
  // The clerk's choice from Settings, else the OS's preferred languages, read afresh each time
  // (the computer's own once the outbox is closed, while the app quits).
  const choice = () => {
    try {
      return runtime?.core.settings.language() ?? 'system';
    } catch {
      return 'system';
    }
  };
  const locale = (): Locale => effectiveLocale(choice(), app.getPreferredSystemLanguages());

  lockDownSession(session.defaultSession, log);
  serveRenderer(paths.rendererDir, log);
  setAppMenu({ devTools, locale: locale() });
  const fetchRopo = ropoFetch();
  const login = loginItem(log);

  // Made with the outbox: which alarms were notified is kept there, across restarts.
  let episodes: AlarmEpisodes | null = null;
  const alarms = createAlarmPresenter({
    tray: () => tray,
    window: () => mainWindow,
    iconPath: paths.iconPath,
    onClick: () => showWindow(mainWindow),
    locale,
    newAlarms: (state) => (runtime ? (episodes ??= new AlarmEpisodes(runtime.core.meta)).fresh(state) : []),
  });
  const emit: EmitEvent = (event, payload) => {
    sendToWindows(trusted, event, payload);
    // The window announces outbox:attention itself; the OS notification comes from the alarm.
    if (event === 'outbox:status') alarms.show((payload as EventPayload<'outbox:status'>).alarm);
  };
  const pushStatus = () => {
    runtime?.handlers['outbox:status'](undefined).then((status) => emit('outbox:status', status), (err: unknown) => log.warn('[main] status', err));
  };
  const pushDesktop = () => {
    runtime?.handlers['desktop:get'](undefined).then((view) => emit('desktop:changed', view), (err: unknown) => log.warn('[main] desktop', err));
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
      updates?.policy.onlineAgain();
    },
    onChange: (isOnline) => {
      log.info('[online]', isOnline ? 'online' : 'offline');
      pushStatus();
    },
  });

  /** Stops delivery (waiting for requests in flight) and closes the outbox; once. */
  let closing: Promise<void> | null = null;
  const closeOutbox = () => {
    closing ??= (async () => {
      online.stop();
      updates?.policy.stop();
      await runtime?.close().catch((err: unknown) => log.error('[main] closing the outbox:', err));
    })();
    return closing;
  };

  const unsent = () => {
    try {
      return runtime ? unsentCount(runtime.core.store.counts()) : 0;
    } catch {
      return 0; // the outbox is already closed: nothing more can be sent by this run
    }
  };
  const quit = guardQuit({
    unsent,
    // The clerk keeps the app running: back to the tray. (The window may be gone, should
    // something have destroyed it under the question: nothing to hide then.)
    onKeep: () => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.hide();
    },
    log,
    locale,
  });

  const saveDialog: SaveDialogHost = {
    show: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
    folder: (name) => app.getPath(name),
    locale,
  };

  const desktop: DesktopHooks = {
    startAtLoginSupported: login.supported,
    applyStartAtLogin: (on) => login.apply(on),
    update: () => updates?.view() ?? { state: 'off', offReason: 'not_packaged', version: null, lastError: null },
    async restartToUpdate() {
      if (updates?.policy.installDecision(0) !== 'install') return false;
      await closeOutbox(); // delivery stops first: no report in flight while the installer runs
      quit.expectUpdate();
      return updates.install(true, runtime?.core.worker?.inFlight ?? 0);
    },
    async saveFile(name, bytes) {
      const path = await chooseSavePath(saveDialog, 'diagnostics', name);
      if (path === null) return null;
      await writeFileAtomically(path, bytes);
      return basename(path);
    },
    versions: () => ({ app: app.getVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node }),
    network: async (url) => (url ? `${await session.fromPartition('ropo-one').resolveProxy(url)} (Chromium, for ${url})` : 'not set up'),
  };

  try {
    runtime = await startAppRuntime({
      dataDir: paths.dataDir,
      existingOnly: paths.oldFolder,
      keychainService: process.env.USAGEPLACE_KEYCHAIN_SERVICE,
      isOnline: online.isOnline,
      emit,
      log,
      chooseExportFile: (suggestedName) => chooseSavePath(saveDialog, 'csv', suggestedName),
      chooseImportFile: () => chooseCsvOpenPath(mainWindow),
      pdf: {
        choosePath: (suggestedName) => chooseSavePath(saveDialog, 'pdf', suggestedName),
        render: () => printWindowToPdf(mainWindow),
      },
      systemLanguages: () => app.getPreferredSystemLanguages(),
      onLanguageChanged: () => {
        // The window switched by itself; the main process's own words follow at once.
        setAppMenu({ devTools, locale: locale() });
        tray?.relabel();
        alarms.relabel();
      },
      fetch: fetchRopo,
      desktop,
    });
  } catch (err) {
    // This run was to use the old folder while the move waited, but another process has
    // finished the move since: start again, which finds the outbox in its new folder (and
    // sets Chromium's profile and the single-instance lock there too, which a running app
    // cannot change).
    if (!paths.oldFolder || !isOutboxElsewhere(err)) throw err;
    log.info('[main] the outbox has moved out of', paths.dataDir, 'since this start looked; starting again');
    app.relaunch();
    app.exit(0);
    return;
  }
  const running = runtime;
  registerIpcBridge(running.handlers, trusted, log);
  updates = startUpdates({ log, fetch: fetchRopo, isOnline: online.isOnline, onChange: pushDesktop });

  mainWindow = createMainWindow({
    preloadPath: paths.preloadPath,
    iconPath: paths.iconPath,
    trusted,
    isQuitting: () => quit.quitting(),
    startHidden: login.startedHidden,
    devTools,
    log,
  });
  quit.watch(mainWindow);
  tray = createAppTray(paths.assetsDir, {
    open: () => showWindow(mainWindow),
    sendNow: () => running.onlineAgain(),
    quit: () => app.quit(),
  }, locale);
  setAppMenu({ devTools, locale: locale() });
  pushStatus();

  app.on('activate', () => showWindow(mainWindow));
  // The window only hides; keep delivering from the tray until the clerk quits.
  app.on('window-all-closed', () => undefined);
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    closed = true;
    tray?.destroy();
    // "Restart to update" closed the outbox already; electron-updater finishes the quit.
    if (updates?.view().state === 'installing') return;
    event.preventDefault();
    closeOutbox().finally(() => {
      // A downloaded update installs now, with delivery stopped; else just exit.
      quit.expectUpdate();
      if (!updates?.install(false, running.core.worker?.inFlight ?? 0)) app.exit(0);
    });
  });
  // The launch test (Playwright's app.evaluate) reads what only the main process knows.
  if (!app.isPackaged) {
    (globalThis as { usageplace?: unknown }).usageplace = { alarms: () => alarms.shown(), quitQuestion: () => quit.lastQuestion(), startedHidden: login.startedHidden };
  }
  log.info('[main] ready; data in', paths.dataDir, login.startedHidden ? '(started at login, in the tray)' : '');
}
