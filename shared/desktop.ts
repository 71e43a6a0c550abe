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

/** Why the last check or download of an update did not finish (it is tried again). */
export const UpdateErrorCode = z.enum([
  'unreachable',       // the feed's server could not be reached (network, DNS, TLS, timeout)
  'server_answered',   // the feed's server answered with an HTTP error (httpStatus)
  'feed_untrusted',    // the feed is not https, or names an installer elsewhere or by a name that is a path
  'feed_invalid',      // the feed could not be read as electron-builder's latest.yml
  'download_stopped',  // the download stalled or ended early; the next try goes on from there
  'checksum_mismatch', // the installer did not match the feed's sha512 and was thrown away
  'not_signed',        // the installer is not signed by the build's publisher (Windows)
  'not_installable',   // electron-updater did not take the update the feed lists
  'unexpected',        // anything else: the log has the English message
]);
export type UpdateErrorCode = z.infer<typeof UpdateErrorCode>;

export const UpdateError = z.object({
  code: UpdateErrorCode,
  /** The HTTP status, for server_answered. */
  httpStatus: z.int().nullable(),
});
export type UpdateError = z.infer<typeof UpdateError>;

export const UpdateView = z.object({
  state: UpdateState,
  /** Why updates are off, when they are. */
  offReason: UpdateOffReason.nullable(),
  /** The version found, downloading or ready to install. */
  version: z.string().nullable(),
  /** The last check or download did not finish (it is tried again): why, as a code the window words. */
  lastError: UpdateError.nullable(),
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
