import { WAIT_REASON_TEXT } from '../../shared/outbox-status.ts';
import type { AlarmKind, AlarmLine } from '../../shared/alarms.ts';

// Every English text the main process shows (the quit question, the tray, notifications,
// the taskbar badge, the save dialog), in one table, so it can move into the main-process
// catalogue of the four languages (issue 10). No 'electron' import: tests read it too.

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 h 10 min", "45 min", "less than a minute". */
export function waitedFor(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const mainTexts = {
  productName: 'Usage Place Reporter',
  quit: {
    message: (n: number) => `${plural(n, 'report is', 'reports are')} not sent yet.`,
    detail: 'They are kept and sent the next time the app runs.',
    /** Index 0 is the default and what Esc answers: keep sending. */
    buttons: ['Keep sending in the background', 'Quit'] as const,
  },
  tray: {
    open: 'Open Usage Place Reporter',
    sendNow: 'Send now',
    quit: 'Quit',
    line(line: AlarmLine): string {
      switch (line.kind) {
        case 'allSent':
          return 'All sent';
        case 'signIn':
          return 'Sign in again';
        case 'refused':
          return `${line.refused} refused`;
        case 'waiting': {
          const reason = line.reason && line.reason !== 'backoff' ? `: ${WAIT_REASON_TEXT[line.reason]}` : '';
          return `${line.waiting} waiting, oldest ${waitedFor(line.oldestMs)}${reason}`;
        }
      }
    },
  },
  notifications: {
    alarm(kind: AlarmKind, line: AlarmLine, refused: number): string {
      if (kind === 'signIn') return 'Reports are not being sent: sign in again in Settings.';
      if (kind === 'refused') return `Ropo One refused ${plural(refused, 'report', 'reports')}. Open the outbox to correct or discard.`;
      const waiting = line.kind === 'waiting' ? line : null;
      return waiting
        ? `${plural(waiting.waiting, 'report has', 'reports have')} not been sent for ${waitedFor(waiting.oldestMs)}${waiting.reason ? `: ${WAIT_REASON_TEXT[waiting.reason]}` : ''}.`
        : 'Reports have waited a long time to be sent.';
    },
  },
  badge: {
    refused: (n: number) => `${plural(n, 'report', 'reports')} refused`,
  },
  diagnostics: {
    saveTitle: 'Save diagnostics for support',
    filterName: 'Zip archive',
  },
  startFailed: 'Usage Place Reporter could not start',
} as const;
