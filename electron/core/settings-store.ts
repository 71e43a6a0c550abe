import { Settings, settingsTarget, type Target } from '../../shared/endpoint.ts';
import { AppError } from '../../shared/errors.ts';
import { LanguageChoice } from '../../shared/i18n/locale.ts';
import type { MetaStore } from './meta-store.ts';

/**
 * Which environment and cid new reports are for, and the window's language. Holds no secret:
 * those are in the keychain.
 */
export class SettingsStore {
  readonly #meta: MetaStore;
  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  get(): Settings | undefined {
    return this.#meta.get('settings', Settings);
  }

  set(settings: Settings): void {
    this.#meta.set('settings', Settings.parse(settings));
  }

  /**
   * The clerk's language choice; "system" (follow the computer) until one is made. Kept
   * apart from the sign-in settings: it can be chosen before anyone signs in.
   */
  language(): LanguageChoice {
    return this.#meta.get('language', LanguageChoice) ?? 'system';
  }

  setLanguage(choice: LanguageChoice): void {
    this.#meta.set('language', LanguageChoice.parse(choice));
  }

  /** The target of a new report; refuses to guess when nothing is set up. */
  currentTarget(): Target {
    const settings = this.get();
    if (!settings) {
      throw new AppError('not_configured', 'Not set up yet: choose the environment and customer ID first (usageplace setup).');
    }
    return settingsTarget(settings);
  }
}
