import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startApp } from './app-fixture.ts';
import { pdfPageCount } from './pdf-pages.ts';
import { checkScreen, expectState, findInLog, openNav, queueReport, signInToSimulator } from './ui-steps.ts';

// Receipts and the day sheet (issue 11): pages of their own that Chromium prints, on A4
// portrait, without the window's header, navigation or status bar. The PDFs are kept in
// test-results/e2e-screens/ for a person to look at (pdftoppm -png).

const SCREENS = fileURLToPath(new URL('../../test-results/e2e-screens/', import.meta.url));
mkdirSync(SCREENS, { recursive: true });
const A4 = { width: 595, height: 842 };

/** The page size in points of the PDF's first page (its /MediaBox). */
function mediaBox(pdf: Buffer): { width: number; height: number } {
  const m = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('No MediaBox in the PDF.');
  return { width: Math.round(Number(m[1])), height: Math.round(Number(m[2])) };
}

test('a sent report\'s receipt shows its event id, and prints on one A4 page; so does the day sheet', async ({ page, browser }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await page.goto(app.url);
    await signInToSimulator(page, app);
    const id = await queueReport(page, {
      status: 'Disconnected', usageplace: '643007572062443672', customer: 'A123456', invoice: ['594294', '1234'],
    });
    await queueReport(page, { status: 'Not disconnected', usageplace: '643007572062443673', description: 'Meter room locked' });
    await app.setFaults({ status: 400, statusCount: 1 });
    await queueReport(page, { status: 'Connected', usageplace: '643007572062443674' });
    await expectState(page, '643007572062443674', 'Failed');
    await expectState(page, '643007572062443672', 'Sent');

    // From the report's details.
    await (await findInLog(page, '643007572062443672')).click();
    await page.getByTestId('detail-panel').getByRole('button', { name: 'Receipt' }).click();
    const receipt = page.getByTestId('receipt');
    await expect(page.getByRole('heading', { level: 1, name: 'Receipt' })).toBeVisible();
    await expect(receipt.getByTestId('receipt-id')).toHaveText(id);
    await expect(receipt.getByTestId('receipt-accepted')).toContainText('(HTTP 200)');
    await expect(receipt).toContainText('594294');
    await expect(receipt).toContainText('A123456');
    await expect(receipt).toContainText('demo');
    await page.setViewportSize({ width: 1280, height: 1100 });
    await checkScreen(page, 'day-20-receipt');
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page).toHaveURL(new RegExp(`#/receipt/${id}$`));

    // A page of its own: opened at its address in a fresh page, and printed by Chromium.
    const printing = await browser.newPage();
    await printing.goto(`${app.url}#/receipt/${id}`);
    await expect(printing.getByTestId('receipt-id')).toHaveText(id);
    await expect(printing.getByTestId('receipt-accepted')).toBeVisible();
    const receiptPdf = await printing.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${SCREENS}day-receipt.pdf`, receiptPdf);
    expect(pdfPageCount(receiptPdf)).toBe(1);
    expect(mediaBox(receiptPdf)).toEqual(A4);
    // On paper, the window's own parts are gone.
    await printing.emulateMedia({ media: 'print' });
    await expect(printing.getByRole('banner')).toBeHidden();
    await expect(printing.getByRole('contentinfo', { name: 'Delivery status' })).toBeHidden();
    await expect(printing.getByRole('button', { name: 'Save as PDF' })).toBeHidden();
    await expect(printing.getByTestId('receipt')).toBeVisible();

    // The day sheet of today: every report queued today, with its state and event id.
    await openNav(page, 'Outbox');
    await page.getByRole('button', { name: 'Day sheet' }).click();
    const sheet = page.getByTestId('day-sheet');
    await expect(page.getByRole('heading', { level: 1, name: 'Day sheet' })).toBeVisible();
    await expect(sheet.getByTestId('day-sheet-summary')).toHaveText('3 reports · Sent (2), Failed (1)');
    const rows = sheet.getByTestId('day-sheet-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText(id);
    await expect(rows.nth(2)).toContainText('Failed');
    await checkScreen(page, 'day-21-day-sheet');
    const day = /#\/day\/(\d{4}-\d{2}-\d{2})$/.exec(page.url())?.[1];
    expect(day).toBeTruthy();

    // page.pdf() prints with the print stylesheet unless a medium is emulated: back to none.
    await printing.emulateMedia({ media: null });
    await printing.goto(`${app.url}#/day/${day}`);
    await expect(printing.getByTestId('day-sheet-table').locator('tbody tr')).toHaveCount(3);
    const sheetPdf = await printing.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(`${SCREENS}day-sheet.pdf`, sheetPdf);
    expect(pdfPageCount(sheetPdf)).toBe(1);
    expect(mediaBox(sheetPdf)).toEqual(A4);

    // Another day: none queued.
    await page.getByLabel('Day', { exact: true }).fill('2020-02-29');
    await expect(sheet.getByTestId('day-sheet-empty')).toHaveText('No reports were queued on this day.');
    await expect(page).toHaveURL(/#\/day\/2020-02-29$/);
    await printing.close();
  } finally {
    await started.stop();
  }
});

test('with the built-in simulator, the receipt and the day sheet name it, never its made-up address', async ({ page }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Try the built-in simulator' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
    await queueReport(page, { status: 'Disconnected', usageplace: 'SIM-RECEIPT-1' });
    await expectState(page, 'SIM-RECEIPT-1', 'Sent');
    await (await findInLog(page, 'SIM-RECEIPT-1')).click();
    await page.getByTestId('detail-panel').getByRole('button', { name: 'Receipt' }).click();
    const receipt = page.getByTestId('receipt');
    await expect(receipt.getByTestId('receipt-environment')).toHaveText(/^\s*Built-in simulator\s*$/);
    await expect(receipt).not.toContainText('simulator://');
    await checkScreen(page, 'day-22-simulator-receipt');
    await openNav(page, 'Outbox');
    await page.getByRole('button', { name: 'Day sheet' }).click();
    const sheet = page.getByTestId('day-sheet');
    await expect(sheet.getByTestId('day-sheet-environment')).toHaveText(/^\s*Built-in simulator\s*·\s*Customer ID \(cid\)\s*\S+\s*$/);
    await expect(sheet).not.toContainText('simulator://');
  } finally {
    await started.stop();
  }
});
