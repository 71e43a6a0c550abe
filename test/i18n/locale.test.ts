import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveLocale, localeFromPreferred } from '../../shared/i18n/locale.ts';

test("the OS's first language that the app has wins; English otherwise", () => {
  assert.equal(localeFromPreferred(['fi-FI', 'en-US']), 'fi');
  assert.equal(localeFromPreferred(['de-DE', 'sv-SE', 'fi']), 'sv', 'German is passed over');
  assert.equal(localeFromPreferred(['sv-FI']), 'sv', 'Swedish in Finland is Swedish');
  assert.equal(localeFromPreferred(['en-GB', 'fi']), 'en');
  assert.equal(localeFromPreferred(['de', 'fr']), 'en');
  assert.equal(localeFromPreferred([]), 'en');
});

test('Norwegian in all its spellings is Bokmål', () => {
  for (const tag of ['nb-NO', 'no', 'no-NO', 'nn-NO', 'NB', 'nb_NO']) assert.equal(localeFromPreferred([tag]), 'nb', tag);
});

test('odd tags are no language', () => {
  for (const tag of ['', '-', 'constructor', '__proto__', 'toString']) assert.equal(localeFromPreferred([tag]), 'en', tag);
});

test("the clerk's choice beats the computer's; 'system' follows it", () => {
  assert.equal(effectiveLocale('sv', ['fi-FI']), 'sv');
  assert.equal(effectiveLocale('system', ['fi-FI']), 'fi');
  assert.equal(effectiveLocale('en', ['nb-NO']), 'en');
});
