import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Locale } from '../../shared/i18n/locale.ts';
import { locales as compiledLocales } from '../../shared/i18n/paraglide/runtime.js';

// The four catalogues (shared/i18n/messages/*.json) must say the same things: every message
// in every language, with the same placeholders, and every message used somewhere. A message
// is "used" when code names it as `m.<key>` (the renderer's tables and the main process's
// texts name every key literally, never by building its name).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MESSAGES = join(ROOT, 'shared/i18n/messages');

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Message = string | Variant[];
type Catalogue = Record<string, Message>;

const catalogues = Object.fromEntries(
  Locale.options.map((locale) => {
    const json = JSON.parse(readFileSync(join(MESSAGES, `${locale}.json`), 'utf8')) as Record<string, unknown>;
    delete json.$schema;
    return [locale, json as Catalogue];
  }),
) as Record<Locale, Catalogue>;
const keysOf = (c: Catalogue) => Object.keys(c).sort();

/** The names a message takes from its caller: its `input`s, or the {placeholders} of a plain text. */
function inputsOf(message: Message): string[] {
  if (typeof message === 'string') return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!))].sort();
  const names = new Set<string>();
  for (const v of message) for (const d of v.declarations) if (d.startsWith('input ')) names.add(d.slice(6).trim());
  return [...names].sort();
}

/** The {placeholders} its texts show (plain text, or every variant's). */
function shownOf(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

test('the catalogues, the compiled messages and the Locale schema name the same four languages', () => {
  const settings = JSON.parse(readFileSync(join(ROOT, 'shared/i18n/project.inlang/settings.json'), 'utf8')) as { locales: string[]; baseLocale: string };
  assert.deepEqual([...settings.locales].sort(), [...Locale.options].sort());
  assert.deepEqual([...compiledLocales].sort(), [...Locale.options].sort(), 'run npm run i18n after changing the locales');
  assert.equal(settings.baseLocale, 'en');
  assert.deepEqual(readdirSync(MESSAGES).sort(), Locale.options.map((l) => `${l}.json`).sort());
});

test('every message is in every language, and none is empty', () => {
  const all = new Set(Locale.options.flatMap((l) => keysOf(catalogues[l])));
  const missing = Locale.options.flatMap((l) => [...all].filter((k) => !(k in catalogues[l])).map((k) => `${l}: ${k}`));
  assert.deepEqual(missing, [], 'messages missing in a language');
  const empty = Locale.options.flatMap((l) =>
    Object.entries(catalogues[l])
      .filter(([, message]) => (typeof message === 'string' ? message : message.flatMap((v) => Object.values(v.match)).join('')).trim() === '')
      .map(([k]) => `${l}: ${k}`),
  );
  assert.deepEqual(empty, [], 'empty messages');
});

test('each message has the same placeholders in every language', () => {
  const differ: string[] = [];
  for (const key of keysOf(catalogues.en)) {
    const expected = { inputs: inputsOf(catalogues.en[key]!), shown: shownOf(catalogues.en[key]!) };
    for (const locale of Locale.options) {
      const message = catalogues[locale][key];
      if (message === undefined) continue;
      const got = { inputs: inputsOf(message), shown: shownOf(message) };
      if (JSON.stringify(got) !== JSON.stringify(expected)) differ.push(`${locale}: ${key} ${JSON.stringify(got)} ≠ en ${JSON.stringify(expected)}`);
    }
  }
  assert.deepEqual(differ, []);
});

test('a counted message has the plural forms each language needs', () => {
  const bad: string[] = [];
  for (const locale of Locale.options) {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const [key, message] of Object.entries(catalogues[locale])) {
      if (typeof message === 'string') continue;
      const forms = message.flatMap((v) => Object.keys(v.match).map((k) => k.split('=')[1]));
      const lacking = categories.filter((c) => !forms.includes(c));
      if (lacking.length > 0) bad.push(`${locale}: ${key} lacks ${lacking.join(', ')}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('every message is used by the window or the main process, and every one used exists', () => {
  const files = [...sourceFiles(join(ROOT, 'renderer/src')), ...sourceFiles(join(ROOT, 'electron')), ...sourceFiles(join(ROOT, 'shared'))];
  const used = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Only files that import the catalogue's `m` (a migration's `m.sql` is something else).
    if (!/import \{[^}]*\bm\b[^}]*\} from '[^']*(paraglide\/messages\.js|i18n\/messages\.ts)'/.test(text)) continue;
    for (const match of text.matchAll(/\bm\.(\w+)/g)) used.add(match[1]!);
  }
  const keys = keysOf(catalogues.en);
  assert.deepEqual(keys.filter((k) => !used.has(k)), [], 'messages nobody uses (remove them, or use them)');
  assert.deepEqual([...used].filter((k) => !keys.includes(k)).sort(), [], 'names used that are no message');
});
