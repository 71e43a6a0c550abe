import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { cp1252 } from '../helpers/excel-bytes.ts';
import { DEMO, startApp, type AppUnderTest } from './app-fixture.ts';
import { checkScreen, expectState, openNav, signInToSimulator } from './ui-steps.ts';

// The window's CSV import (issue 11): every row is checked and shown before anything is
// queued; "Queue N reports" queues all of them or none; importing again queues nothing twice.
// In the preview, Import CSV's file input stands in for the app's open dialog.

const THREE_ROWS = [
  'Tila;Käyttöpaikka;Asiakasnumero;Sopimusnumero;Laskut;Aika;Kuvaus',
  'disconnected;E2E-IMP-1;A100001;555555b;594294:1234 594295:1235;4.1.2024 10.41;',
  'connected;E2E-IMP-2;A100002;;;4.1.2024 11.02;',
  'notdisconnected;E2E-IMP-3;A100003;;594296:1236;4.1.2024 12.15;Mittarikaappi lukossa, avain isännöitsijällä',
].join('\r\n');

/** Records in the page every progress text the import dialog shows (window.progressSeen). */
const RECORD_PROGRESS = `(() => {
  const seen = [];
  window.progressSeen = seen;
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="import-progress"]')?.textContent?.trim();
    if (text && seen.at(-1) !== text) seen.push(text);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

async function chooseFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
}

async function openOutbox(page: Page, app: AppUnderTest): Promise<void> {
  await page.goto(app.url);
  await signInToSimulator(page, app);
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  await openNav(page, 'Outbox');
}

test('a 3-row file from Excel: shown row by row before anything is queued, then all 3 reach Ropo One', async ({ page }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await openOutbox(page, app);
    await chooseFile(page, 'päivän lista.csv', cp1252(THREE_ROWS));

    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.getByTestId('import-reading')).toHaveText("Read as Windows-1252 (Excel’s CSV); separator: semicolon (;).");
    await expect(dialog.getByTestId('import-summary')).toHaveText('3 rows, all correct.');
    const rows = dialog.getByTestId('import-rows').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('E2E-IMP-1');
    await expect(rows.nth(0)).toContainText('2024-01-04 10:41:00');
    await expect(rows.nth(2)).toContainText('Mittarikaappi lukossa');
    await checkScreen(page, 'day-10-import-checked');
    // Nothing is queued yet.
    expect((await app.record()).accepted).toHaveLength(0);
    await expect(page.getByTestId('log-total')).toHaveText('0 reports');

    await dialog.getByRole('button', { name: 'Queue 3 reports' }).click();
    await expect(dialog.getByTestId('import-done')).toHaveText('Queued 3 reports from päivän lista.csv.');
    await checkScreen(page, 'day-11-import-done');
    await dialog.getByRole('button', { name: 'Show in outbox' }).click();
    await expect(dialog).toHaveCount(0);
    for (const place of ['E2E-IMP-1', 'E2E-IMP-2', 'E2E-IMP-3']) await expectState(page, place, 'Sent');
    const accepted = (await app.record()).accepted.map((a) => a.event);
    expect(accepted.map((e) => e.usageplacecode).sort()).toEqual(['E2E-IMP-1', 'E2E-IMP-2', 'E2E-IMP-3']);
    expect(accepted.find((e) => e.usageplacecode === 'E2E-IMP-3')).toMatchObject({ status: 'notdisconnected', description: 'Mittarikaappi lukossa, avain isännöitsijällä' });

    // The same file again: every row is already in the outbox, and nothing can be queued twice.
    await chooseFile(page, 'päivän lista.csv', cp1252(THREE_ROWS));
    await expect(dialog.getByTestId('import-summary')).toHaveText('3 rows, all correct. 3 of them are already in the outbox and are left as they are.');
    await expect(dialog.getByTestId('import-row-left-out')).toHaveText(Array(3).fill('already in the outbox: left as it is'));
    await expect(dialog.getByText('Every row is already in the outbox: there is nothing new to queue.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: /^Queue/ })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect((await app.record()).accepted).toHaveLength(3);
  } finally {
    await started.stop();
  }
});

test('a file with bad rows names every line, field and reason, and queues none; a dropped file is checked the same way', async ({ page }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await openOutbox(page, app);
    const bad = [
      'status;usageplacecode;customernumber;invoices;time;description',
      'disconnected;E2E-BAD-1;A1;594294:1234;4.1.2024 10.41;',
      'disconected;6,43008E+17;A2;;4.1.2024 10.42;',
      'notdisconnected;E2E-BAD-3;A3;594296;1/4/2024 10.00;',
      'connected;E2E-BAD-4;A4;;2999-01-01 00:00;',
      'connected;E2E-BAD-5;A5;;;',
    ].join('\n');
    await chooseFile(page, 'bad.csv', new TextEncoder().encode(bad));
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.getByTestId('import-summary')).toHaveText('4 lines have problems. Nothing can be queued until the file is fixed: correct the lines and import the file again.');
    const problems = dialog.getByTestId('import-problems').locator('li');
    await expect(problems.filter({ hasText: 'Line 3, Status: “disconected” is not a status' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'Line 3, Usage place code: “6,43008E+17” is a number Excel wrote in E-notation' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'Line 4, Invoices: “594296” is not invoicenumber:jobid' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'Line 4, Time: “1/4/2024 10.00” has a date with slashes' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'Line 5, Time: “2999-01-01 00:00”: the time cannot be in the future.' })).toHaveCount(1);
    // Every imported row needs its time (a file may be imported again): none is made up.
    await expect(problems.filter({ hasText: 'Line 6, Time: The time is missing. Write when it happened' })).toHaveCount(1);
    await expect(dialog.getByRole('button', { name: /^Queue/ })).toHaveCount(0);
    await checkScreen(page, 'day-12-import-problems');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);

    // Dropped on the window: the bytes go to the main process and are checked the same way.
    // In the page (a string: the tests are type-checked for Node, without the DOM's types).
    const file = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['status;usageplacecode;time\\nconnected;E2E-DROP-1;4.1.2024 10.41\\n'], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    })()`);
    await page.dispatchEvent('main', 'dragover', { dataTransfer: file });
    await page.dispatchEvent('main', 'drop', { dataTransfer: file });
    await expect(dialog.getByTestId('import-summary')).toHaveText('1 row, correct.');
    await expect(dialog.getByTestId('import-rows')).toContainText('2024-01-04 10:41:00');
    await dialog.getByRole('button', { name: 'Queue 1 report' }).click();
    await expect(dialog.getByTestId('import-done')).toHaveText('Queued 1 report from dropped.csv.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expectState(page, 'E2E-DROP-1', 'Sent');
    expect((await app.record()).accepted.map((a) => a.event.usageplacecode)).toEqual(['E2E-DROP-1']);
  } finally {
    await started.stop();
  }
});

test("an export from another PC: refused when made for another environment; else what it lists as sent or discarded is left out, saying why, and the rest reaches Ropo One under its own id", async ({ page }) => {
  const started = await startApp();
  try {
    const { app } = started;
    await openOutbox(page, app);
    const [sentId, discardedId, queuedId] = [randomUUID(), randomUUID(), randomUUID()];
    /** The export of a PC whose app was set to `environment` (as the export writes it) and the demo cid. */
    const exportFrom = (environment: string) => [
      'status;usageplacecode;time;id;state;attempts;environment;cid',
      `disconnected;E2E-EXP-1;2024-01-04 10:41:00;${sentId};sent;1;${environment};${DEMO.cid}`,
      `disconnected;E2E-EXP-2;2024-01-04 10:42:00;${discardedId};discarded;0;${environment};${DEMO.cid}`,
      `connected;E2E-EXP-3;2024-01-04 10:43:00;${queuedId};queued;0;${environment};${DEMO.cid}`,
    ].join('\r\n');
    const dialog = page.getByTestId('import-dialog');

    // Made where the app was set to Finland's test environment: nothing of it is queued here.
    await chooseFile(page, 'testi.csv', new TextEncoder().encode(exportFrom('https://rc.ropo24.fi/rest')));
    await expect(dialog.getByTestId('import-summary')).toHaveText('3 lines have problems. Nothing can be queued until the file is fixed: correct the lines and import the file again.');
    await expect(dialog.getByTestId('import-problems').locator('li')).toHaveText([sentId, discardedId, queuedId].map((id, i) =>
      `Line ${i + 2}: The row has the event id of report ${id}, which the export lists for another environment (Finland, test, cid demo), ` +
      'not the one the app is set to now, so it is not sent here. Import the file where the app is set to that environment, or, ' +
      'to send the row here as a new report, clear its id cell.'));
    await expect(dialog.getByRole('button', { name: /^Queue/ })).toHaveCount(0);
    await checkScreen(page, 'day-13a-import-other-environment');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // Made where the app was set to this simulator, as the app records its address.
    const exported = exportFrom(`${app.simUrl}/rest`);
    await chooseFile(page, 'toinen kone.csv', new TextEncoder().encode(exported));
    await expect(dialog.getByTestId('import-summary')).toHaveText('3 rows, all correct.');
    await expect(dialog.getByTestId('import-skipped').locator('li')).toHaveText([
      '1 row of the export is not in this outbox, and the export lists it as sent: it is not sent again.',
      '1 row of the export is not in this outbox, and the export lists it as discarded: it stays discarded and is not queued.',
    ]);
    await expect(dialog.getByTestId('import-row-left-out')).toHaveText(['sent, as the export lists it: not sent again', 'discarded, as the export lists it: not queued']);
    await checkScreen(page, 'day-13-import-exported');
    await dialog.getByRole('button', { name: 'Queue 1 report' }).click();
    await expect(dialog.getByTestId('import-done')).toContainText('Queued 1 report from toinen kone.csv.');
    await expect(dialog.getByTestId('import-done')).toContainText('2 were not queued, as the export lists them as sent, discarded or superseded.');
    await dialog.getByRole('button', { name: 'Show in outbox' }).click();
    await expectState(page, 'E2E-EXP-3', 'Sent');
    expect((await app.record()).accepted.map((a) => [a.event.id, a.event.usageplacecode])).toEqual([[queuedId, 'E2E-EXP-3']]);

    // The same file again: the queued row is in the outbox now, the settled ones still left out.
    await chooseFile(page, 'toinen kone.csv', new TextEncoder().encode(exported));
    await expect(dialog.getByTestId('import-summary')).toHaveText('3 rows, all correct. 1 of them is already in the outbox and is left as it is.');
    await expect(dialog.getByTestId('import-skipped').locator('li')).toHaveCount(2);
    await expect(dialog.getByText('There is nothing new to queue.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: /^Queue/ })).toHaveCount(0);
  } finally {
    await started.stop();
  }
});

test('10,000 rows: the check shows its progress, and queueing them takes one go', async ({ page }) => {
  test.setTimeout(120_000);
  const started = await startApp();
  try {
    const { app } = started;
    await openOutbox(page, app);
    const lines = ['status;usageplacecode;customernumber;invoices;time;description'];
    for (let i = 0; i < 10_000; i++) lines.push(`disconnected;E2E-BIG-${String(i).padStart(5, '0')};A${i};5942${i}:${i};4.1.2024 10.41;`);
    // Every progress text the dialog shows, recorded in the page as it appears.
    await page.evaluate(RECORD_PROGRESS);
    await chooseFile(page, 'big.csv', new TextEncoder().encode(lines.join('\n')));
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.getByTestId('import-summary')).toHaveText('10,000 rows, all correct.', { timeout: 60_000 });
    await expect(dialog.getByTestId('import-rows').locator('tbody tr')).toHaveCount(10);
    await expect(dialog).toContainText('…and 9,990 more rows.');
    const seen = (await page.evaluate('window.progressSeen')) as string[];
    expect(seen.some((t) => /^Checked [\d,]+ of 10,000 rows$/.test(t)), seen.join(' | ')).toBe(true);
    await dialog.getByRole('button', { name: 'Queue 10,000 reports' }).click();
    await expect(dialog.getByTestId('import-done')).toHaveText('Queued 10,000 reports from big.csv.', { timeout: 60_000 });
    const all = (await page.evaluate('window.progressSeen')) as string[];
    expect(all.some((t) => t.startsWith('Queueing 10,000 reports')), all.join(' | ')).toBe(true);
    await dialog.getByRole('button', { name: 'Show in outbox' }).click();
    await expect(page.getByTestId('log-total')).toHaveText('10,000 reports');
  } finally {
    await started.stop();
  }
});
