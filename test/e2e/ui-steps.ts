import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO, type AppUnderTest } from './app-fixture.ts';

const SCREENS = fileURLToPath(new URL('../../test-results/e2e-screens/', import.meta.url));
mkdirSync(SCREENS, { recursive: true });

/** A screenshot kept as a test artifact, and an axe check of the same screen. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}${name}.png`, fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe on ${name}`).toEqual([]);
}

export async function signInToSimulator(page: Page, app: AppUnderTest, apicode = DEMO.apicode): Promise<void> {
  await page.getByLabel('Environment').selectOption('custom');
  await page.getByLabel('Custom URL').fill(app.simUrl);
  await page.getByLabel('Customer ID (cid)').fill(DEMO.cid);
  await page.getByLabel('API code').fill(apicode);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function openNav(page: Page, name: 'New report' | 'Outbox' | 'Settings'): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await (name === 'Outbox' ? nav.getByRole('button', { name: /^Outbox/ }) : nav.getByRole('button', { name, exact: true })).click();
}

export interface ReportFields {
  status: 'Disconnected' | 'Connected' | 'Not disconnected';
  usageplace: string;
  customer?: string;
  invoice?: [string, string];
  description?: string;
}

/** Fills and queues one report; returns the event id the confirmation shows. */
export async function queueReport(page: Page, r: ReportFields): Promise<string> {
  await openNav(page, 'New report');
  // A form left half-filled (by an earlier test, as by a clerk) comes back as its draft: start afresh.
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByRole('radio', { name: r.status, exact: true }).check();
  await page.getByLabel('Usage place code').fill(r.usageplace);
  if (r.customer) await page.getByLabel('Customer number').fill(r.customer);
  if (r.invoice) {
    await page.getByRole('button', { name: 'Add invoice row' }).click();
    await page.getByLabel('Invoice number 1').fill(r.invoice[0]);
    await page.getByLabel('Job ID 1').fill(r.invoice[1]);
  }
  if (r.description) await page.getByLabel('Description').fill(r.description);
  // The previous report's confirmation may still show: wait for this report's own id.
  const eventId = page.getByTestId('event-id');
  const before = (await eventId.count()) > 0 ? (await eventId.innerText()).trim() : null;
  await page.getByRole('button', { name: 'Queue report' }).click();
  await expect(page.getByTestId('confirmation')).toBeVisible();
  if (before !== null) await expect(eventId).not.toHaveText(before);
  const id = (await eventId.innerText()).trim();
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id;
}

/** Opens the log filtered to one usage place and returns the row button of its newest report. */
export async function findInLog(page: Page, usageplace: string) {
  await openNav(page, 'Outbox');
  await page.getByLabel('Search', { exact: true }).fill(usageplace);
  return page.getByRole('button', { name: new RegExp(`^${usageplace}\\s*, `) }).first();
}

export async function expectState(page: Page, usageplace: string, state: string, timeout = 20_000): Promise<void> {
  const row = await findInLog(page, usageplace);
  await expect(row).toHaveAccessibleName(new RegExp(`^${usageplace}\\s*, ${state},`), { timeout });
}
