import { test, expect, type Page } from '@playwright/test';
import { startApp, type AppUnderTest } from './app-fixture.ts';
import { checkScreen, expectState, findInLog, openNav, signInToSimulator } from './ui-steps.ts';

// Drafts (issue 11): the report form is kept by the main process (SQLite) as the clerk types,
// and comes back in a new browser context (the page's own storage empty) and after a restart
// of the preview process; it is cleared when the report is queued or the form cleared.

const SAVE = /\/__preview\/ipc\/drafts%3Asave$/;

/** Types into the form and waits for the draft's save; returns how long after the last key it landed. */
async function typeAndWaitForSave(page: Page, type: () => Promise<void>): Promise<number> {
  const saved = page.waitForResponse((r) => SAVE.test(r.url()) && r.ok());
  await type();
  const lastKey = Date.now();
  await saved;
  return Date.now() - lastKey;
}

async function expectHalfFilledForm(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Not disconnected', exact: true })).toBeChecked();
  await expect(page.getByLabel('Usage place code')).toHaveValue('E2E-DRAFT-1');
  await expect(page.getByLabel('Description')).toHaveValue('Meter room locked, key at the caretaker');
  await expect(page.getByTestId('draft-restored')).toContainText('The form is as you left it');
}

async function signedIn(page: Page, app: AppUnderTest): Promise<void> {
  await page.goto(app.url);
  await signInToSimulator(page, app);
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
}

test('a half-filled form comes back in a new browser context and after a restart, and goes when queued', async ({ browser }) => {
  const started = await startApp();
  try {
    let app = started.app;
    const first = await browser.newContext();
    const page = await first.newPage();
    await signedIn(page, app);
    const wait = await typeAndWaitForSave(page, async () => {
      await page.getByRole('radio', { name: 'Not disconnected', exact: true }).check();
      await page.getByLabel('Usage place code').fill('E2E-DRAFT-1');
      await page.getByLabel('Description').fill('Meter room locked, key at the caretaker');
    });
    expect(wait, 'saved within a second of the last keystroke').toBeLessThan(1000);
    await first.close();

    // A renderer restart: a new context has empty page storage; the draft is the main process's.
    const second = await browser.newContext();
    const fresh = await second.newPage();
    await fresh.goto(app.url);
    await expectHalfFilledForm(fresh);
    expect(await fresh.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await checkScreen(fresh, 'day-01-draft-restored');
    await second.close();

    // The preview process restarted on the same data folder (the app restarted, or crashed).
    app = await started.restart();
    const third = await browser.newContext();
    const again = await third.newPage();
    await again.goto(app.url);
    await expectHalfFilledForm(again);

    // Queued: the draft goes with it (one transaction), so a new window starts empty.
    await again.getByRole('button', { name: 'Queue report' }).click();
    await expect(again.getByTestId('confirmation')).toBeVisible();
    await third.close();
    const fourth = await browser.newContext();
    const after = await fourth.newPage();
    await after.goto(app.url);
    await expect(after.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
    await expect(after.getByLabel('Usage place code')).toHaveValue('');
    await expect(after.getByTestId('draft-restored')).toHaveCount(0);

    // "Clear form" removes the draft too.
    await typeAndWaitForSave(after, () => after.getByLabel('Usage place code').fill('E2E-DRAFT-2'));
    await after.getByRole('button', { name: 'Clear form' }).click();
    await expect(after.getByLabel('Usage place code')).toHaveValue('');
    await after.reload();
    await expect(after.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
    await expect(after.getByLabel('Usage place code')).toHaveValue('');
    await fourth.close();
  } finally {
    await started.stop();
  }
});

test('each failed report being corrected has a draft of its own, apart from the new-report form', async ({ page }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await signedIn(page, app);
    await app.setFaults({ status: 400, statusCount: 1 });
    await page.getByRole('radio', { name: 'Connected', exact: true }).check();
    await page.getByLabel('Usage place code').fill('E2E-DRAFT-400');
    await page.getByRole('button', { name: 'Queue report' }).click();
    await expect(page.getByTestId('confirmation')).toBeVisible();
    await expectState(page, 'E2E-DRAFT-400', 'Failed');

    // A new report half-typed, then the correction begun.
    await openNav(page, 'New report');
    await typeAndWaitForSave(page, () => page.getByLabel('Usage place code').fill('E2E-DRAFT-NEW'));
    await (await findInLog(page, 'E2E-DRAFT-400')).click();
    await page.getByRole('button', { name: 'Edit and resend' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit and resend' })).toBeVisible();
    await expect(page.getByLabel('Usage place code')).toHaveValue('E2E-DRAFT-400');
    await typeAndWaitForSave(page, () => page.getByLabel('Customer number').fill('A765432'));

    // Reloaded: the window starts at the new-report form, with its own draft.
    await page.reload();
    await expect(page.getByLabel('Usage place code')).toHaveValue('E2E-DRAFT-NEW');
    // The correction comes back when it is opened again.
    await (await findInLog(page, 'E2E-DRAFT-400')).click();
    await page.getByRole('button', { name: 'Edit and resend' }).click();
    await expect(page.getByLabel('Customer number')).toHaveValue('A765432');
    await expect(page.getByTestId('draft-restored')).toBeVisible();
    await page.getByRole('button', { name: 'Queue corrected report' }).click();
    await expect(page.getByTestId('confirmation')).toContainText('Corrected report queued');
    // After the correction the new-report form is back with its draft.
    await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
    await expect(page.getByLabel('Usage place code')).toHaveValue('E2E-DRAFT-NEW');
    await expectState(page, 'E2E-DRAFT-400', 'Sent');
  } finally {
    await started.stop();
  }
});
