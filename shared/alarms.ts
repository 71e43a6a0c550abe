import { z } from 'zod';
import { SignInReason, WaitReason } from './outbox.ts';
import { RefusalCause } from './endpoint-refusal.ts';
import type { OutboxStatus } from './outbox-status.ts';

// When the outbox needs someone (DESIGN.md "Why is it stuck?"), as one pure function of the
// status and the clock: reports waiting longer than the clerk's threshold, an address that
// refuses us (a firewall, a wrong address, a proxy: nothing goes until someone looks), a
// report Ropo One refused, or a sign-in needed. The tray, the taskbar/dock badge, the
// notification and the status bar all show what this returns; they decide nothing
// themselves. Codes and numbers only: each side turns them into words in the clerk's
// language (electron/ipc/main-texts.ts, renderer/src/lib/i18n/messages.ts).

export const DEFAULT_ALARM_AFTER_MINUTES = 60;
export const AlarmAfterMinutes = z.int().min(5).max(7 * 24 * 60);

/** The conditions that raise an alarm, most urgent first. */
export const AlarmKind = z.enum(['signIn', 'paused', 'refused', 'stale']);
export type AlarmKind = z.infer<typeof AlarmKind>;

/** The one line the tray tooltip and the status bar show. */
export const AlarmLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allSent') }),
  /** Reports on their way; `oldestMs`: how long the oldest has waited. */
  z.object({ kind: z.literal('waiting'), waiting: z.int(), oldestMs: z.number(), reason: WaitReason.nullable() }),
  /** Reports wait because an address refuses us: its cause and the HTTP status it answered. */
  z.object({ kind: z.literal('paused'), waiting: z.int(), oldestMs: z.number(), cause: RefusalCause, httpStatus: z.int() }),
  z.object({ kind: z.literal('refused'), refused: z.int() }),
  /** `reason`: why (the first target's), for the notification; the line itself says "Sign in again". */
  z.object({ kind: z.literal('signIn'), reason: SignInReason }),
]);
export type AlarmLine = z.infer<typeof AlarmLine>;

export const AlarmState = z.object({
  /** ok: nothing waits; busy: reports on their way in time; alarm: someone should look. */
  level: z.enum(['ok', 'busy', 'alarm']),
  line: AlarmLine,
  /** Which conditions hold now. */
  raised: z.array(AlarmKind),
  /**
   * Which episode each raised condition belongs to (same order as `raised`): what is notified
   * once. A pause is its target's refusal episode (the core keeps it across retries); the
   * others are one episode for as long as they hold.
   */
  episodes: z.array(z.string()),
  /** The taskbar overlay's and dock badge's number. */
  refused: z.int(),
  /** Reports still to be sent, and how long the oldest of them has waited (0 when none). */
  waiting: z.int(),
  oldestMs: z.number(),
});
export type AlarmState = z.infer<typeof AlarmState>;

type AlarmInput = Pick<OutboxStatus, 'counts' | 'oldestUnsentAt' | 'waitReason' | 'signInNeeded' | 'endpointPauses'>;

export function alarmState(status: AlarmInput, alarmAfterMs: number, now: number): AlarmState {
  const c = status.counts;
  const waiting = c.queued + c.sending + c.held;
  const refused = c.failed;
  const oldestMs = status.oldestUnsentAt === null ? 0 : Math.max(0, now - status.oldestUnsentAt);
  // A pause holds someone up only while reports wait to go (as the status's wait reason says).
  const pause = c.queued + c.sending > 0 ? status.endpointPauses[0] : undefined;
  const raised: AlarmKind[] = [];
  if (status.signInNeeded.length > 0) raised.push('signIn');
  if (pause) raised.push('paused');
  if (refused > 0) raised.push('refused');
  if (waiting > 0 && status.oldestUnsentAt !== null && oldestMs > alarmAfterMs) raised.push('stale');

  const signIn = status.signInNeeded[0];
  const line: AlarmLine =
    raised[0] === 'signIn' && signIn ? { kind: 'signIn', reason: signIn.reason }
      : raised[0] === 'paused' && pause ? { kind: 'paused', waiting, oldestMs, cause: pause.cause, httpStatus: pause.httpStatus }
        : raised[0] === 'refused' ? { kind: 'refused', refused }
          : waiting > 0 ? { kind: 'waiting', waiting, oldestMs, reason: status.waitReason }
            : { kind: 'allSent' };
  const episodes = raised.map((kind) => (kind === 'paused' && pause ? `paused:${pause.target.cid}@${pause.target.baseUrl}@${pause.since}` : kind));
  return { level: raised.length > 0 ? 'alarm' : waiting > 0 ? 'busy' : 'ok', line, raised, episodes, refused, waiting, oldestMs: waiting > 0 ? oldestMs : 0 };
}

/** The episodes already notified, kept beside the outbox so that a restart does not notify them again. */
export const NotifiedEpisodes = z.array(z.object({ key: z.string(), seenAt: z.number() }));
export type NotifiedEpisodes = z.infer<typeof NotifiedEpisodes>;

/**
 * How long a notified pause is remembered after it was last raised. Between one try and the
 * next refusal a pause is briefly not in force (the try is under way); the core keeps the
 * episode across that (see EPISODE_ENDS_AFTER_MS), and this keeps its notification.
 */
export const PAUSE_REMEMBERED_MS = 60 * 60_000;

/**
 * The conditions whose episode began since the last look, each notified once: a condition
 * that stays raised is the same episode (not one notification per report), and so is a
 * pause the core still counts as one refusal episode, however often it is tried again. Once
 * a condition clears (a pause: once its episode ends), the next time it is raised is a new
 * episode. `notified` comes from the last call (or the outbox, after a restart).
 */
export function trackEpisodes(notified: NotifiedEpisodes, state: Pick<AlarmState, 'raised' | 'episodes'>, now: number): {
  fresh: AlarmKind[];
  notified: NotifiedEpisodes;
} {
  const fresh = state.raised.filter((_kind, i) => !notified.some((n) => n.key === state.episodes[i]));
  const raisedNow = state.episodes.map((key) => ({ key, seenAt: now }));
  const pausesKept = notified.filter((n) => n.key.startsWith('paused:') && !state.episodes.includes(n.key) && now - n.seenAt < PAUSE_REMEMBERED_MS);
  return { fresh, notified: [...raisedNow, ...pausesKept] };
}

/** Whole minutes, and hours with minutes, of a wait: the words come from the catalogues. */
export function waitedParts(ms: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(ms / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
