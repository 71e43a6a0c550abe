import type { StateCounts } from '../../shared/outbox.ts';

// Whether quitting asks first (DESIGN.md: nothing is lost by quitting, but the clerk should
// know reports wait). Plain logic; electron/platform/quit-guard.ts only shows the question.

/** user: the menu, the tray, Cmd+Q; shutdown: the OS is shutting down or logging off; update: "Restart to update". */
export type QuitReason = 'user' | 'shutdown' | 'update';

export type QuitDecision = { kind: 'quit' } | { kind: 'ask'; unsent: number };

/** Reports still to be sent by this app: queued, in flight, or held behind another. Failed ones wait for a person. */
export const unsentCount = (counts: StateCounts): number => counts.queued + counts.sending + counts.held;

export function quitDecision(input: { reason: QuitReason; unsent: number; confirmed: boolean }): QuitDecision {
  // The OS gives a shutting-down app seconds, and nobody is there to answer: close cleanly.
  if (input.reason === 'shutdown') return { kind: 'quit' };
  // The clerk pressed "Restart to update"; delivery stops first and everything is kept.
  if (input.reason === 'update') return { kind: 'quit' };
  if (input.confirmed || input.unsent === 0) return { kind: 'quit' };
  return { kind: 'ask', unsent: input.unsent };
}

/** The button the clerk pressed, by its index in quitQuestion().buttons (electron/ipc/main-texts.ts). */
export type QuitAnswer = 'keep' | 'quit';
export const quitAnswer = (buttonIndex: number): QuitAnswer => (buttonIndex === 1 ? 'quit' : 'keep');
