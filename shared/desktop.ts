import { z } from 'zod';
import { AlarmAfterMinutes } from './alarms.ts';

// What the desktop app adds to the outbox, as the Settings view sees it: starting at login,
// when waiting reports raise an alarm, and updates. Codes only; the renderer has the words.

/** Stored beside the outbox (meta table). */
export const DesktopSettings = z.object({
  /** null until decided: the app turns it on after the first successful sign-in. */
  startAtLogin: z.boolean().nullable(),
  alarmAfterMinutes: AlarmAfterMinutes,
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

/** First successful sign-in: start at login unless someone already chose. */
export const startAtLoginAfterSignIn = (current: boolean | null): boolean => current ?? true;

export const UpdateState = z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'installing']);
export type UpdateState = z.infer<typeof UpdateState>;
export const UpdateOffReason = z.enum(['no_feed', 'policy', 'per_machine', 'not_packaged', 'unsigned']);
export type UpdateOffReason = z.infer<typeof UpdateOffReason>;

export const UpdateView = z.object({
  state: UpdateState,
  /** Why updates are off, when they are. */
  offReason: UpdateOffReason.nullable(),
  /** The version found, downloading or ready to install. */
  version: z.string().nullable(),
  /** The last check or download failed (it is tried again); the reason for support. */
  lastError: z.string().nullable(),
});
export type UpdateView = z.infer<typeof UpdateView>;

export const DesktopView = z.object({
  startAtLogin: z.boolean(),
  /** False where the app cannot start at login (the browser preview). */
  startAtLoginSupported: z.boolean(),
  alarmAfterMinutes: z.int(),
  update: UpdateView,
});
export type DesktopView = z.infer<typeof DesktopView>;

export const DesktopChange = z.object({
  startAtLogin: z.boolean().optional(),
  alarmAfterMinutes: AlarmAfterMinutes.optional(),
});
export type DesktopChange = z.infer<typeof DesktopChange>;
