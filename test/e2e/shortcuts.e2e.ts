import { test, expect, type Page } from '@playwright/test';
import { startApp, type StartedApp } from './app-fixture.ts';
import { checkScreen, signInToSimulator } from './ui-steps.ts';

// The window's shortcuts (issue 11), with the keyboard alone: Ctrl+N a new report, Ctrl+Enter
// queues it, Ctrl+F the outbox's search, Esc closes the details; each shown beside its action.
// On a Mac the same with ⌘ (the page is told it runs on a Mac by its user agent).

let started: StartedApp;
test.beforeAll(async () => {
  started = await startApp();
});
test.afterAll(async () => {
  await started.stop();
});

/** Presses Tab until `target` has focus (at most `max` times), as a keyboard user moves on. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 10): Promise<void> {
  const id = await target.getAttribute('id');
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (id && (await page.evaluate('document.activeElement?.id')) === id) return;
  }
  throw new Error(`Tab did not reach ${String(target)}`);
}

async function signedIn(page: Page): Promise<void> {
  await page.goto(started.app.url);
  const welcome = page.getByRole('heading', { level: 1, name: 'Welcome to Usage Place Reporter' });
  const newReport = page.getByRole('heading', { level: 1, name: 'New report' });
  await expect(welcome.or(newReport)).toBeVisible();
  if (await welcome.isVisible()) await signInToSimulator(page, started.app);
  await expect(newReport).toBeVisible();
}

test('Ctrl+N, Ctrl+Enter, Ctrl+F and Esc, with the keyboard alone', async ({ page, context }) => {
  await signedIn(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('button', { name: 'New report', exact: true })).toContainText('Ctrl+N');
  await expect(nav.getByRole('button', { name: 'New report', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Control+N');
  await expect(page.getByRole('button', { name: 'Queue report' })).toContainText('Ctrl+Enter');

  // From the outbox, Ctrl+N opens the form with focus on its first field.
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused();
  await expect(page.getByText('Ctrl+F')).toBeVisible();
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Disconnected', exact: true })).toBeFocused();
  expect(context.pages(), 'Ctrl+N opened no browser window').toHaveLength(1);

  // Fill it by keyboard, and queue it with Ctrl+Enter from the description.
  await page.keyboard.press('ArrowRight'); // Connected
  await page.keyboard.press('ArrowRight'); // Not disconnected
  await page.keyboard.press('Tab');
  await page.keyboard.type('E2E-KEYS-1');
  await page.getByLabel('Description').focus();
  await page.keyboard.type('Gate locked');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('confirmation')).toBeVisible();
  const id = (await page.getByTestId('event-id').innerText()).trim();

  // Ctrl+Enter also queues from outside the form's fields (focus on the page's heading).
  await page.getByRole('radio', { name: 'Connected', exact: true }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type('E2E-KEYS-2');
  await page.locator('#report-heading').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('event-id')).not.toHaveText(id);

  // Ctrl+F: the search, ready to type; Enter on the report's row opens its details; Esc closes them.
  await page.keyboard.press('Control+f');
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused();
  await page.keyboard.type('E2E-KEYS-1');
  const row = page.getByRole('button', { name: /^E2E-KEYS-1\s*, / });
  await expect(page.getByTestId('log-total')).toHaveText('1 report');
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('detail-panel');
  await expect(detail).toBeVisible();
  await expect(detail.locator('header')).toContainText('Esc');
  await expect(detail.getByRole('button', { name: 'Close details' })).toHaveAttribute('aria-keyshortcuts', 'Escape');
  await checkScreen(page, 'day-30-shortcuts-details');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused();

  // Esc in the search box empties it first; Esc closes a dialog before anything behind it.
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('');
  await page.keyboard.type('E2E-KEYS-1');
  await expect(page.getByTestId('log-total')).toHaveText('1 report');
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await detail.getByRole('button', { name: 'Receipt' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Receipt' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await expect(detail).toBeVisible();
});

test.describe('on a Mac', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36' });

  test('the same shortcuts with ⌘, shown as ⌘N, ⌘↩ and ⌘F; Ctrl leaves the text fields alone', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(navigator, 'platform', { get: () => 'MacIntel' }));
    await signedIn(page);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('button', { name: 'New report', exact: true })).toContainText('⌘N');
    await expect(nav.getByRole('button', { name: 'New report', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Meta+N');
    await expect(page.getByRole('button', { name: 'Queue report' })).toContainText('⌘↩');

    await page.keyboard.press('Meta+f');
    await expect(page.getByLabel('Search', { exact: true })).toBeFocused();
    await expect(page.getByText('⌘F')).toBeVisible();
    // Ctrl+N on a Mac is "next line" in a text field, not a new report.
    await page.keyboard.press('Control+n');
    await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
    await page.keyboard.press('Meta+n');
    await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
    await page.keyboard.press('ArrowRight'); // Connected
    await page.keyboard.press('Tab');
    await page.keyboard.type('E2E-MAC-1');
    await page.keyboard.press('Meta+Enter');
    await expect(page.getByTestId('confirmation')).toContainText('E2E-MAC-1');
  });
});
