import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { Locale } from '../../shared/i18n/locale.ts';
import { DEMO, type AppUnderTest } from './app-fixture.ts';
import { checkScreen } from './ui-steps.ts';
import { pseudoText } from '../../build/pseudo-locale.mjs';

// Steps through the app in any of its languages: the texts to find come from the same
// catalogues the app uses, in the language under test.

export const LANGUAGES: { locale: Locale; browser: string }[] = [
  { locale: 'en', browser: 'en-GB' },
  { locale: 'fi', browser: 'fi-FI' },
  { locale: 'sv', browser: 'sv-SE' },
  { locale: 'nb', browser: 'nb-NO' },
];

/** A message by its key, in the language under test. */
export type Texts = (key: keyof typeof m, inputs?: Record<string, unknown>) => string;

/** The catalogue's messages in `locale`: `t('form_submit')`. */
export const textsIn = (locale: Locale): Texts => (key, inputs = {}) =>
  (m[key] as (i: object, o: { locale: Locale }) => string)(inputs, { locale });

/** The pseudo-locale build's texts: English made pseudo (only for messages without placeholders). */
export const pseudoTexts = (): Texts => (key) => pseudoText(textsIn('en')(key));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every English text of the catalogue that has no placeholder, as a visible line would show it. */
const ENGLISH: ReadonlySet<string> = new Set(
  Object.entries(JSON.parse(readFileSync(fileURLToPath(new URL('../../shared/i18n/messages/en.json', import.meta.url)), 'utf8')) as Record<string, unknown>)
    .flatMap(([key, text]) => (key.startsWith('$') || typeof text !== 'string' || text.includes('{') ? [] : [text])),
);
/** Names, the same in every language. */
const NAMES = new Set(['Usage Place Reporter', 'Ropo One']);

/** Words the glossary gives the same spelling as in English ("status" is Swedish and Norwegian too). */
const SAME_AS_ENGLISH: Partial<Record<Locale, ReadonlySet<string>>> = { sv: new Set(['Status']), nb: new Set(['Status']) };

/** Visible lines of the page that are exactly an English message (names and shared words aside). */
export async function linesStillEnglish(page: Page, locale: Locale): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const same = SAME_AS_ENGLISH[locale] ?? new Set<string>();
  return [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => ENGLISH.has(l) && !NAMES.has(l) && !same.has(l)))];
}

export async function signInToSimulatorIn(page: Page, app: AppUnderTest, t: Texts): Promise<void> {
  await page.getByLabel(t('settings_environment'), { exact: true }).selectOption('custom');
  await page.getByLabel(t('settings_custom_url'), { exact: true }).fill(app.simUrl);
  await page.getByLabel(t('settings_cid'), { exact: true }).fill(DEMO.cid);
  await page.getByLabel(t('settings_apicode'), { exact: true }).fill(DEMO.apicode);
  await page.getByRole('button', { name: t('settings_sign_in'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('app_nav_report') })).toBeVisible();
}

/**
 * The custom URL's refusals, worded in the window's language from their codes: another
 * address of Ropo One's own names the two presets to choose, and plain http to the name
 * localhost says to use the address. Leaves the environment as it found it.
 */
export async function customUrlRefusalsIn(page: Page, t: Texts, screen: string): Promise<void> {
  const preset = (stage: 'stage_test' | 'stage_production') => t('environment_preset', { country: t('country_fi'), stage: t(stage) });
  const environment = page.getByLabel(t('settings_environment'), { exact: true });
  const before = await environment.inputValue();
  await environment.selectOption('custom');
  const url = page.getByLabel(t('settings_custom_url'), { exact: true });
  await url.fill('https://api.ropo24.fi');
  await page.getByRole('button', { name: t('settings_sign_in'), exact: true }).click();
  await expect(page.getByText(t('problem_url_ropo_address', { test: preset('stage_test'), production: preset('stage_production') }))).toBeVisible();
  await checkScreen(page, screen);
  await url.fill('http://localhost:8787');
  await page.getByRole('button', { name: t('settings_sign_in'), exact: true }).click();
  await expect(page.getByText(t('problem_url_not_https'))).toBeVisible();
  await url.fill('');
  await environment.selectOption(before);
}

/**
 * A sign-in that the address refuses (a firewall's 403 to /token): the sign-in's own sentence
 * with the cause, the status and what to check, never that sending is paused.
 */
export async function signInRefusedIn(page: Page, app: AppUnderTest, t: Texts, screen: string): Promise<void> {
  await app.setFaults({ failTokenWithStatus: 403 });
  try {
    await page.getByLabel(t('settings_environment'), { exact: true }).selectOption('custom');
    await page.getByLabel(t('settings_custom_url'), { exact: true }).fill(app.simUrl);
    await page.getByLabel(t('settings_cid'), { exact: true }).fill(DEMO.cid);
    await page.getByLabel(t('settings_apicode'), { exact: true }).fill(DEMO.apicode);
    await page.getByRole('button', { name: t('settings_sign_in'), exact: true }).click();
    const notice = page.locator('#sign-in-error').getByRole('alert');
    await expect(notice).toContainText(t('error_sign_in_refused'));
    await expect(notice.getByTestId('refusal-cause')).toHaveText(t('sign_in_refused_blocked', { status: '403' }));
    await expect(notice).not.toContainText(t('error_endpoint_refused'));
    await expect(page.locator('#sign-in-error')).toBeFocused();
    await notice.scrollIntoViewIfNeeded();
    await checkScreen(page, screen);
  } finally {
    await app.setFaults({ failTokenWithStatus: null });
  }
}

export async function openNavIn(page: Page, t: Texts, view: 'app_nav_report' | 'app_nav_outbox' | 'app_nav_settings'): Promise<void> {
  const nav = page.getByRole('navigation', { name: t('app_nav_label') });
  await nav.getByRole('button', { name: new RegExp(`^${escape(t(view))}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: t(view) })).toBeVisible();
}

/** Queues a report that the simulator refuses (HTTP 400), and opens it in the outbox. */
export async function refusedReportIn(page: Page, app: AppUnderTest, t: Texts, usageplace: string): Promise<void> {
  await app.setFaults({ status: 400, statusCount: 1 });
  await openNavIn(page, t, 'app_nav_report');
  await page.getByRole('radio', { name: t('status_connected'), exact: true }).check();
  await page.getByLabel(t('form_usageplacecode'), { exact: true }).fill(usageplace);
  await page.getByLabel(t('form_customernumber')).fill('A123456');
  await page.getByRole('button', { name: t('form_submit') }).click();
  await expect(page.getByTestId('event-id')).toBeVisible();
  await openNavIn(page, t, 'app_nav_outbox');
  await page.getByLabel(t('log_search'), { exact: true }).fill(usageplace);
  const row = page.getByRole('button', { name: new RegExp(`^${usageplace}\\W*${escape(t('state_failed'))}`) });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  await expect(page.getByTestId('problem-title')).toBeVisible();
}

/** A file dropped on the window (a string for the page: the tests are type-checked for Node, without the DOM's types). */
const droppedFile = (text: string, name: string) => `(() => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'text/csv' }));
  return transfer;
})()`;

/** Two bad lines: an Excel number and a slash date, and a row without its time. */
const BAD_FILE = droppedFile('status;usageplacecode;time\nconnected;6,43008E+17;1/4/2024 10.00\ndisconnected;P-2;\n', 'lista.csv');

/** The ids of the export's rows below: another PC's reports, not in this outbox. */
export const EXPORTED_IDS = ['0b9e4a3c-5f6d-4e7a-8b9c-0d1e2f3a4b5c', '1c0f5b4d-6a7e-4f8b-9c0d-1e2f3a4b5c6d', '2d1a6c5e-7b8f-4a9c-8d1e-2f3a4b5c6d7e'] as const;

/**
 * An export from another PC (its reports are not in this outbox) made where its app was set
 * to `environment` (a base URL as the export writes it) and the demo cid, that lists one row
 * as sent and one as discarded: imported where the app is set to the same, the import dialog
 * says it leaves those out, and why; anywhere else, it refuses every row, by line.
 */
const exportedFile = (environment: string) => droppedFile(
  'status;usageplacecode;time;id;state;environment;cid\n' +
    `disconnected;P-11;4.1.2024 10.41;${EXPORTED_IDS[0]};sent;${environment};${DEMO.cid}\n` +
    `disconnected;P-12;4.1.2024 10.42;${EXPORTED_IDS[1]};discarded;${environment};${DEMO.cid}\n` +
    `connected;P-13;4.1.2024 10.43;${EXPORTED_IDS[2]};queued;${environment};${DEMO.cid}\n`,
  'vienti.csv',
);
/** Where the export of another environment was made: Ropo One's Finnish test environment. */
export const OTHER_ENVIRONMENT = 'https://rc.ropo24.fi/rest';

/**
 * From a report's open details: its receipt, the day sheet, the import dialog with bad lines,
 * with an export's rows it leaves out, and with an export of another environment that it
 * refuses; `check` looks at each (axe, a screenshot, words left in English).
 */
export async function dayScreensIn(page: Page, app: AppUnderTest, t: Texts, check: (name: string) => Promise<void>): Promise<void> {
  await page.getByTestId('detail-panel').getByRole('button', { name: t('receipt_title'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('receipt_title') })).toBeVisible();
  await expect(page.getByTestId('receipt-id')).toBeVisible();
  await check('receipt');
  await page.keyboard.press('Escape');
  await openNavIn(page, t, 'app_nav_outbox');
  await page.getByRole('button', { name: t('day_sheet_title'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('day_sheet_title') })).toBeVisible();
  await expect(page.getByTestId('day-sheet-table')).toBeVisible();
  await check('day-sheet');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: t('app_nav_outbox') })).toBeVisible();
  const file = await page.evaluateHandle(BAD_FILE);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: file });
  await page.dispatchEvent('main', 'drop', { dataTransfer: file });
  await expect(page.getByTestId('import-problems').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('import-problems')).toContainText(t('csv_problem_time_missing'));
  await check('import');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  // As its app wrote it: the custom URL the app was signed in with, as it records it.
  const exported = await page.evaluateHandle(exportedFile(`${app.simUrl}/rest`));
  await page.dispatchEvent('main', 'dragover', { dataTransfer: exported });
  await page.dispatchEvent('main', 'drop', { dataTransfer: exported });
  // Its words are checked by the caller (a counted message is not in the pseudo-locale's texts).
  await expect(page.getByTestId('import-skipped').locator('li')).toHaveCount(2);
  await expect(page.locator('#import-primary')).toBeVisible();
  await check('import-exported');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  const elsewhere = await page.evaluateHandle(exportedFile(OTHER_ENVIRONMENT));
  await page.dispatchEvent('main', 'dragover', { dataTransfer: elsewhere });
  await page.dispatchEvent('main', 'drop', { dataTransfer: elsewhere });
  await expect(page.getByTestId('import-problems').locator('li')).toHaveCount(3);
  await expect(page.locator('#import-primary')).toHaveCount(0);
  await check('import-other-environment');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
}
