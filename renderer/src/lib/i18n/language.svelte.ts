// The window's language: the clerk's choice from Settings, or else the computer's preferred
// languages (from the main process in the app, navigator.languages in the preview). Every
// message function reads the locale from here (Paraglide's getLocale is pointed at it), so a
// template that shows a message re-renders when the language changes: no reload, no restart.
import { overwriteGetLocale } from '../../../../shared/i18n/paraglide/runtime.js';
import { effectiveLocale, type LanguageChoice, type Locale } from '../../../../shared/i18n/locale.ts';
import * as api from '../api.ts';
import type { AppErrorData } from '../../../../shared/errors.ts';

const browserLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages);

export class AppLanguage {
  #choice = $state<LanguageChoice>('system');
  /** The OS's languages as main reports them; null until it has (or in the preview). */
  #system = $state<readonly string[] | null>(null);
  #locale = $derived(effectiveLocale(this.#choice, this.#system ?? browserLanguages()));

  get choice(): LanguageChoice {
    return this.#choice;
  }

  get locale(): Locale {
    return this.#locale;
  }

  /** What "Same as the computer" comes to right now. */
  get systemLocale(): Locale {
    return effectiveLocale('system', this.#system ?? browserLanguages());
  }

  async load(): Promise<void> {
    const result = await api.getLanguage();
    if (!result.ok) return;
    this.#choice = result.value.choice;
    this.#system = result.value.systemLanguages;
  }

  /** Applies at once, and is kept by the main process for the next start. */
  async choose(choice: LanguageChoice): Promise<AppErrorData | null> {
    const before = this.#choice;
    this.#choice = choice;
    const result = await api.setLanguage(choice);
    if (result.ok) return null;
    this.#choice = before;
    return result.error;
  }
}

export const language = new AppLanguage();
overwriteGetLocale(() => language.locale);
