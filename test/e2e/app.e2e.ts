import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect, DEMO } from './app-fixture.ts';
import { checkScreen, expectState, findInLog, openNav, queueReport, signInToSimulator } from './ui-steps.ts';

// One preview server and simulator for the whole file; the steps build on each other as a
// clerk's day would: first run, sign-in, reports, trouble, recovery.
test.describe.configure({ mode: 'serial' });

test('first run: a wrong API code shows Ropo One\'s own refusal, then sign-in works', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Usage Place Reporter' })).toBeVisible();
  await checkScreen(page, '01-first-run');
  await signInToSimulator(page, app, 'not-the-apicode');
  await expect(page.getByText('Invalid cid or apicode')).toBeVisible();
  await checkScreen(page, '02-sign-in-refused');
  await signInToSimulator(page, app);
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  await expect(status.getByTestId('environment')).toContainText('TEST');
  await expect(status.getByTestId('signed-in')).toContainText(/Signed in until \d\d:\d\d/);
  await checkScreen(page, '03-new-report');
});

test('each kind of report is queued and then sent, exactly as made', async ({ page, app }) => {
  await page.goto(app.url);
  const ids = [
    await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-1', customer: 'A123456', invoice: ['594294', '1234'] }),
    await queueReport(page, { status: 'Connected', usageplace: 'E2E-1' }),
    await queueReport(page, { status: 'Not disconnected', usageplace: 'E2E-2', description: 'Meter room locked' }),
  ];
  await expectState(page, 'E2E-1', 'Sent');
  await expectState(page, 'E2E-2', 'Sent');
  const record = await app.record();
  const got = record.accepted.filter((a) => ids.includes(a.event.id));
  expect(got.map((a) => a.event.id)).toEqual(ids);
  expect(got[0]!.event).toMatchObject({ status: 'disconnected', usageplacecode: 'E2E-1', customernumber: 'A123456', invoices: [{ invoicenumber: '594294', jobid: 1234 }] });
  expect(got[2]!.event).toMatchObject({ status: 'notdisconnected', description: 'Meter room locked' });
  await checkScreen(page, '04-outbox-sent');
});

test('Ropo One offline: the report waits as Queued and goes by itself when it is back', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ offline: true });
  const id = await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-OFF' });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  await expect(status.getByTestId('next-try')).toContainText(/cannot be reached|trying/i, { timeout: 15_000 });
  await expectState(page, 'E2E-OFF', 'Queued');
  await checkScreen(page, '05-offline-queued');
  await app.setFaults({ offline: false });
  await expectState(page, 'E2E-OFF', 'Sent', 30_000);
  expect((await app.record()).accepted.some((a) => a.event.id === id)).toBe(true);
});

test('a 400 from Ropo One: Failed with its detail, then Edit and resend goes through', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ status: 400, statusCount: 1 });
  const failedId = await queueReport(page, { status: 'Connected', usageplace: 'E2E-400', customer: 'A1' });
  await expectState(page, 'E2E-400', 'Failed');
  // The alarm's line, as the tray says it.
  await expect(page.getByRole('contentinfo', { name: 'Delivery status' }).getByTestId('alarm')).toHaveText('1 refused');
  await (await findInLog(page, 'E2E-400')).click();
  const detail = page.getByTestId('detail-panel');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('problem-title')).not.toBeEmpty();
  await expect(detail.getByTestId('payload')).toContainText('E2E-400');
  await checkScreen(page, '06-failed-detail');
  await detail.getByRole('button', { name: 'Edit and resend' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit and resend' })).toBeVisible();
  await page.getByLabel('Customer number').fill('A123456');
  await checkScreen(page, '07-edit-and-resend');
  await page.getByRole('button', { name: 'Queue corrected report' }).click();
  await expect(page.getByTestId('confirmation')).toBeVisible();
  const newId = (await page.getByTestId('event-id').innerText()).trim();
  expect(newId).not.toBe(failedId);
  await expectState(page, 'E2E-400', 'Sent');
  const accepted = (await app.record()).accepted.find((a) => a.event.id === newId);
  expect(accepted?.event).toMatchObject({ customernumber: 'A123456', usageplacecode: 'E2E-400' });
  await openNav(page, 'Outbox');
  await page.getByLabel('State', { exact: true }).selectOption('superseded');
  await expect(page.getByRole('button', { name: /^E2E-400\s*, Superseded,/ })).toBeVisible();
});

test('a token expiring mid-queue is renewed without anyone noticing', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ latencyMs: 150 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(await queueReport(page, { status: 'Disconnected', usageplace: `E2E-TOK-${i}` }));
  await app.expireTokens();
  for (let i = 3; i < 6; i++) ids.push(await queueReport(page, { status: 'Connected', usageplace: `E2E-TOK-${i - 3}` }));
  await app.setFaults({ latencyMs: 0 });
  for (let i = 0; i < 3; i++) await expectState(page, `E2E-TOK-${i}`, 'Sent');
  const accepted = (await app.record()).accepted.map((a) => a.event.id);
  for (const id of ids) expect(accepted).toContain(id);
  await expect(page.getByRole('contentinfo', { name: 'Delivery status' }).getByRole('button', { name: 'Sign in again' })).toHaveCount(0);
});

test('the API code stops working: delivery pauses with "Sign in again", and resumes after signing in', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ failTokenWithStatus: 400 });
  await app.expireTokens();
  await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-AUTH' });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  const again = status.getByRole('button', { name: 'Sign in again' });
  await expect(again).toBeVisible({ timeout: 20_000 });
  await expectState(page, 'E2E-AUTH', 'Queued');
  await checkScreen(page, '08-sign-in-again');
  await app.setFaults({ failTokenWithStatus: null });
  await again.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Environment').selectOption('custom');
  await page.getByLabel('Custom URL').fill(app.simUrl);
  await page.getByLabel('Customer ID (cid)').fill(DEMO.cid);
  await page.getByLabel('API code').fill(DEMO.apicode);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(status.getByRole('button', { name: 'Sign in again' })).toHaveCount(0, { timeout: 10_000 });
  await expectState(page, 'E2E-AUTH', 'Sent');
});

test('a report made with the keyboard alone', async ({ page, app }) => {
  await page.goto(app.url);
  await openNav(page, 'New report');
  await page.getByRole('radio', { name: 'Disconnected', exact: true }).focus();
  await page.keyboard.press('ArrowRight'); // Connected
  await page.keyboard.press('Tab');
  await page.keyboard.type('E2E-KEYS');
  await expect(page.getByLabel('Usage place code')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirmation')).toBeVisible();
  await expect(page.getByLabel('Usage place code')).toHaveValue('');
  await checkScreen(page, '09-keyboard-report');
  await expectState(page, 'E2E-KEYS', 'Sent');
  const row = await findInLog(page, 'E2E-KEYS');
  await expect(row).toHaveAccessibleName(/^E2E-KEYS\s*, Sent, Connected/);
});

test('validation names each field beside it, and queues nothing', async ({ page, app }) => {
  await page.goto(app.url);
  await openNav(page, 'Outbox');
  const total = page.getByTestId('log-total');
  await expect(total).toContainText(/\d+ reports/);
  const before = await total.innerText();
  await openNav(page, 'New report');
  await page.getByRole('radio', { name: 'Not disconnected', exact: true }).check();
  await page.getByLabel('Time', { exact: true }).fill('2999-01-01 00:00:00');
  await page.getByRole('button', { name: 'Queue report' }).click();
  await expect(page.getByLabel('Usage place code')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Description')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Time', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await checkScreen(page, '10-form-errors');
  await openNav(page, 'Outbox');
  await expect(total).toHaveText(before);
});

test('Settings, This computer: the alarm threshold is kept, and diagnostics are saved without a secret', async ({ page, app }) => {
  await page.goto(app.url);
  await openNav(page, 'Settings');
  const panel = page.getByRole('region', { name: 'This computer' });
  await expect(panel.getByRole('switch')).toHaveCount(0); // a browser tab cannot start at login
  await panel.getByLabel('Warn when reports have waited').selectOption('15');
  await page.reload();
  await openNav(page, 'Settings');
  await expect(panel.getByLabel('Warn when reports have waited')).toHaveValue('15');
  await expect(panel.getByTestId('updates')).toContainText('Not used by a development build.');
  await panel.getByRole('button', { name: 'Save diagnostics…' }).click();
  await expect(panel.getByTestId('diagnostics-saved')).toContainText('usage-place-reporter-diagnostics-');
  const dir = join(app.dataDir, 'diagnostics');
  const zips = readdirSync(dir).filter((f) => f.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  const files = unzipSync(readFileSync(join(dir, zips[0]!)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['status.json', 'integrity-check.txt', 'about.json']));
  for (const [name, bytes] of Object.entries(files)) expect(strFromU8(bytes), name).not.toContain(DEMO.apicode);
  await checkScreen(page, '09-settings-this-computer');
});
