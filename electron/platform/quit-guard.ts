import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import type { Log } from '../core/log.ts';
import { quitAnswer, quitDecision, type QuitReason } from '../desktop/quit-decision.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { productName, quitQuestion } from '../ipc/main-texts.ts';

export interface QuitGuard {
  /** The window whose shutdown events count (Windows sends them to windows), and the question's parent. */
  watch(win: BrowserWindow): void;
  /**
   * The app is really quitting (no question, or the clerk chose Quit): only then may closing
   * the window destroy it. While the question is open it is not: closing the window then
   * only hides it, so "Keep sending" finds it still there.
   */
  quitting(): boolean;
  /** An update installs now (after delivery stopped): the quit it causes asks nothing. */
  expectUpdate(): void;
  /** The last question asked, for the launch test. */
  lastQuestion(): string | null;
}

/**
 * Quitting (the menu, the tray, Cmd+Q) while reports wait asks first: keep sending in the
 * background, or quit. The OS shutting down or logging off never asks: the app closes the
 * outbox and goes (quit-decision.ts decides; this only shows the question).
 */
export function guardQuit(options: { unsent: () => number; onKeep: () => void; log: Log; locale: () => Locale }): QuitGuard {
  let reason: QuitReason = 'user';
  let confirmed = false;
  let asking = false;
  let proceeding = false;
  let lastQuestion: string | null = null;
  let window: BrowserWindow | null = null;

  const shutdown = (source: string) => {
    options.log.info('[quit] the OS is ending the session:', source);
    reason = 'shutdown';
    app.quit();
  };
  // Linux and macOS; on macOS the app then gets the usual quit.
  powerMonitor.on('shutdown', () => shutdown('shutdown'));

  app.on('before-quit', (event) => {
    const decision = quitDecision({ reason, unsent: options.unsent(), confirmed });
    proceeding = decision.kind === 'quit';
    if (decision.kind === 'quit') return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    const q = quitQuestion(decision.unsent, options.locale());
    lastQuestion = `${q.message} ${q.detail}`;
    const question = {
      type: 'question' as const,
      title: productName(options.locale()),
      message: q.message,
      detail: q.detail,
      buttons: [...q.buttons],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    // Modal to the window when it is on screen, so it cannot be closed under the question; a
    // quit from the tray, with the window hidden, asks on its own (a dialog parented to a
    // hidden window may not show at all on Windows).
    const parent = window && !window.isDestroyed() && window.isVisible() ? window : null;
    void (parent ? dialog.showMessageBox(parent, question) : dialog.showMessageBox(question)).then(({ response }) => {
      asking = false;
      if (quitAnswer(response) === 'quit') {
        options.log.info('[quit] quitting with', decision.unsent, 'reports kept for the next run');
        confirmed = true;
        app.quit();
      } else {
        options.onKeep();
      }
    });
  });

  return {
    watch(win) {
      window = win;
      // Windows: log-off, restart, shutdown.
      win.on('session-end', () => shutdown('session-end'));
    },
    quitting: () => proceeding,
    expectUpdate() {
      reason = 'update';
    },
    lastQuestion: () => lastQuestion,
  };
}
