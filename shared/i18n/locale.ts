import { z } from 'zod';

// Which language the window, the tray and the notifications speak. The catalogues are in
// shared/i18n/messages/ (one JSON file per locale); the command-line tool is English only.

/** The app's languages: Finnish, Swedish, Norwegian Bokmål and English. */
export const Locale = z.enum(['en', 'fi', 'sv', 'nb']);
export type Locale = z.infer<typeof Locale>;

/** The clerk's choice in Settings: a language, or "Same as the computer" (the default). */
export const LanguageChoice = z.enum(['system', ...Locale.options]);
export type LanguageChoice = z.infer<typeof LanguageChoice>;

/**
 * A language tag's primary subtag to our locale. Norwegian comes as `nb`, `no` (macOS and
 * older Windows) or `nn`; Nynorsk readers get Bokmål, which every Norwegian reads. Swedish in
 * Finland (`sv-FI`) is Swedish.
 */
const BY_LANGUAGE: ReadonlyMap<string, Locale> = new Map([['en', 'en'], ['fi', 'fi'], ['sv', 'sv'], ['nb', 'nb'], ['no', 'nb'], ['nn', 'nb']]);

/** The first of the OS's (or browser's) preferred languages that the app has; English otherwise. */
export function localeFromPreferred(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    const locale = BY_LANGUAGE.get(language);
    if (locale) return locale;
  }
  return 'en';
}

/** The locale in force: the clerk's choice, or the computer's languages until there is one. */
export function effectiveLocale(choice: LanguageChoice, preferred: readonly string[]): Locale {
  return choice === 'system' ? localeFromPreferred(preferred) : choice;
}
