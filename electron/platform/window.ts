import { BrowserWindow } from 'electron';
import type { Log } from '../core/log.ts';
import { APP_ENTRY_URL } from './app-url.ts';
import { PRODUCT_NAME } from './app-identity.ts';
import type { TrustedSenders } from './trusted-senders.ts';

export interface MainWindowOptions {
  preloadPath: string;
  /** The window icon (Linux; Windows and macOS take it from the executable). */
  iconPath: string;
  trusted: TrustedSenders;
  /** True once the clerk chose Quit: only then does closing the window really close it. */
  isQuitting: () => boolean;
  /** Started at login: stay in the tray until the clerk opens the window. */
  startHidden: boolean;
  devTools: boolean;
  log: Log;
}

/**
 * The one window: the renderer from app://, sandboxed, context-isolated, no Node, with only
 * the preload's `window.ropo`. Closing it hides it: the outbox keeps delivering from the tray.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    icon: options.iconPath,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click cannot open a link in a new window (that is refused anyway).
      disableBlinkFeatures: 'Auxclick',
      // Usage place codes and invoice numbers, not prose; and on Linux the spellchecker
      // would download dictionaries.
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  options.trusted.add(win.webContents);

  if (!options.startHidden) win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    options.log.error('[window] renderer gone:', details.reason, details.exitCode);
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload();
  });
  win.webContents.on('did-fail-load', (_event, code, description, url) => {
    options.log.error('[window] load failed:', code, description, url);
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Brings the window to the front (tray "Open", a second launch, a notification click). */
export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
