import { DEFAULT_ALARM_AFTER_MINUTES } from '../../shared/alarms.ts';
import { DesktopSettings, startAtLoginAfterSignIn, type DesktopChange } from '../../shared/desktop.ts';
import type { MetaStore } from './meta-store.ts';

const KEY = 'desktop_settings';
const DEFAULTS: DesktopSettings = { startAtLogin: null, alarmAfterMinutes: DEFAULT_ALARM_AFTER_MINUTES };

/** The desktop app's own settings, beside the outbox (so they move with it). */
export class DesktopSettingsStore {
  readonly #meta: MetaStore;
  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  get(): DesktopSettings {
    return { ...DEFAULTS, ...this.#meta.get(KEY, DesktopSettings.partial()) };
  }

  change(change: DesktopChange): DesktopSettings {
    const next = DesktopSettings.parse({ ...this.get(), ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) });
    this.#meta.set(KEY, next);
    return next;
  }

  /** After a successful sign-in; returns the start-at-login setting now in force. */
  signedIn(): boolean {
    const current = this.get().startAtLogin;
    const next = startAtLoginAfterSignIn(current);
    if (current === null) this.change({ startAtLogin: next });
    return next;
  }

  alarmAfterMs(): number {
    return this.get().alarmAfterMinutes * 60_000;
  }
}
