import { test, expect } from '@playwright/test';
import { DEMO, startApp } from './app-fixture.ts';
import { checkScreen } from './ui-steps.ts';
import { EXPORTED_IDS, LANGUAGES, customUrlRefusalsIn, dayScreensIn, linesStillEnglish, openNavIn, refusedReportIn, signInRefusedIn, signInToSimulatorIn, textsIn } from './language-steps.ts';

// The app in each of its languages, as a clerk whose computer speaks it would first meet it:
// a fresh preview, the browser's language set to that language, nothing chosen in Settings.
// Each screen is checked with axe and saved (test-results/e2e-screens/lang-*.png).

for (const { locale, browser } of LANGUAGES) {
  test.describe(`in ${browser}`, () => {
    test.use({ locale: browser });

    test('first run, report form, a refused report in the outbox, and Settings', async ({ page }) => {
      const started = await startApp();
      test.info().annotations.push({ type: 'preview', description: started.app.url });
      try {
        const { app } = started;
        const t = textsIn(locale);
        await page.goto(app.url);
        await expect(page.getByRole('heading', { level: 1, name: t('settings_first_run_heading') })).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        await expect(page).toHaveTitle('Usage Place Reporter');
        if (locale !== 'en') expect(await linesStillEnglish(page, locale), 'lines left in English').toEqual([]);
        await checkScreen(page, `lang-${locale}-1-first-run`);
        await customUrlRefusalsIn(page, t, `lang-${locale}-1b-custom-url-refused`);
        await signInRefusedIn(page, app, t, `lang-${locale}-1c-sign-in-refused`);

        await signInToSimulatorIn(page, app, t);
        // At most two lines the same as English (the TEST badge is TEST in Swedish and Norwegian too).
        if (locale !== 'en') expect((await linesStillEnglish(page, locale)).length, (await linesStillEnglish(page, locale)).join(' | ')).toBeLessThanOrEqual(2);
        await page.getByRole('button', { name: t('form_submit') }).click(); // empty: every problem beside its field
        await expect(page.getByText(t('form_status_required'))).toBeVisible();
        await expect(page.getByText(t('problem_required'))).toBeVisible();
        await page.setViewportSize({ width: 1280, height: 1350 });
        await checkScreen(page, `lang-${locale}-2-report-form`);
        await page.setViewportSize({ width: 1280, height: 800 });

        await refusedReportIn(page, app, t, `LANG-${locale.toUpperCase()}-400`);
        await expect(page.getByTestId('detail-panel')).toContainText(t('error_rejected'));
        await expect(page.getByTestId('detail-panel')).toContainText(t('outcome_rejected'));
        await checkScreen(page, `lang-${locale}-3-outbox-refused`);

        // A clerk's day (issue 11): the receipt, the day sheet and the import dialog.
        await dayScreensIn(page, app, t, async (name) => {
          // At most the TEST badge the same as English (it is TEST in Swedish and Norwegian too).
          if (locale !== 'en') expect((await linesStillEnglish(page, locale)).filter((line) => line !== 'TEST'), `${name} in ${locale}`).toEqual([]);
          if (name === 'import-exported') {
            // An export's rows not in this outbox that it lists as settled: left out, and why; one to queue.
            await expect(page.getByTestId('import-skipped').locator('li')).toHaveText([t('import_exported_sent', { count: 1 }), t('import_exported_discarded', { count: 1 })]);
            await expect(page.getByRole('button', { name: t('import_queue', { count: 1 }) })).toBeVisible();
          }
          if (name === 'import-other-environment') {
            // The same export made where the app was set to Finland's test environment: every row refused, by its line.
            const environment = t('environment_preset', { country: t('country_fi'), stage: t('stage_test') });
            await expect(page.getByTestId('import-problems').locator('li')).toHaveText(EXPORTED_IDS.map((id, i) =>
              `${t('csv_place_line', { line: String(i + 2) })}: ${t('csv_problem_exported_other_target_export', { id, environment, cid: DEMO.cid })}`));
          }
          await checkScreen(page, `lang-${locale}-day-${name}`);
        });

        await openNavIn(page, t, 'app_nav_settings');
        await expect(page.getByLabel(t('language_label'), { exact: true })).toHaveValue('system');
        await checkScreen(page, `lang-${locale}-4-settings`);
        // "This computer" (issue 9): the alarm threshold and updates, in the same language.
        const computer = page.getByRole('region', { name: t('settings_computer_heading') });
        await computer.scrollIntoViewIfNeeded();
        await expect(computer.getByLabel(t('settings_alarm_after'), { exact: true })).toHaveValue('60');
        await expect(computer.getByRole('option', { name: t('duration_hours', { count: 1 }), exact: true })).toHaveCount(1);
        await expect(computer.getByTestId('updates')).toContainText(t('settings_updates_off_not_packaged'));
        await expect(computer.getByRole('button', { name: t('settings_save_diagnostics'), exact: true })).toBeVisible();
        await checkScreen(page, `lang-${locale}-5-this-computer`);
      } finally {
        await started.stop();
      }
    });
  });
}

test.describe('choosing a language', () => {
  test.use({ locale: 'fi-FI' });

  test('switches the whole window at once, keeps what was typed, and survives a restart', async ({ page }) => {
    const started = await startApp();
    try {
      const fi = textsIn('fi');
      const sv = textsIn('sv');
      const nb = textsIn('nb');
      await page.goto(started.app.url);
      await signInToSimulatorIn(page, started.app, fi);
      await page.getByLabel(fi('form_usageplacecode'), { exact: true }).fill('643007572062443672');

      await openNavIn(page, fi, 'app_nav_settings');
      await page.getByLabel(fi('language_label'), { exact: true }).selectOption('sv');
      await expect(page.getByRole('heading', { level: 1, name: sv('app_nav_settings') })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
      const status = page.getByRole('contentinfo', { name: sv('statusbar_label') });
      await expect(status.getByRole('button', { name: sv('statusbar_send_now') })).toBeVisible();
      await expect(page.getByRole('navigation', { name: sv('app_nav_label') })).toContainText(sv('app_nav_outbox'));
      // "TEST" is the Swedish word too.
      expect((await linesStillEnglish(page, 'sv')).filter((line) => line !== 'TEST')).toEqual([]);
      await checkScreen(page, 'lang-switch-1-swedish');
      await openNavIn(page, sv, 'app_nav_report');
      await expect(page.getByLabel(sv('form_usageplacecode'), { exact: true })).toHaveValue('643007572062443672');

      // A restart of the preview (same data folder): the choice wins over the browser's Finnish.
      const app = await started.restart();
      await page.goto(app.url);
      await expect(page.getByRole('heading', { level: 1, name: sv('app_nav_report') })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'sv');

      await openNavIn(page, sv, 'app_nav_settings');
      await page.getByLabel(sv('language_label'), { exact: true }).selectOption('nb');
      await expect(page.getByRole('heading', { level: 1, name: nb('app_nav_settings') })).toBeVisible();
      // Back to "Same as the computer": the browser's Finnish again.
      await page.getByLabel(nb('language_label'), { exact: true }).selectOption('system');
      await expect(page.getByRole('heading', { level: 1, name: fi('app_nav_settings') })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
      // The computer's language named as Finnish names it mid-sentence, not as a heading ("Suomi").
      await expect(page.getByLabel(fi('language_label'), { exact: true }).locator('option[value="system"]')).toHaveText(fi('language_system', { language: 'suomi' }));
    } finally {
      await started.stop();
    }
  });
});
