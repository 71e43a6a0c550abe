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

test('Ropo One offline: the report waits as Queued, the app says it checks every few seconds, and it goes by itself when Ropo One is back', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ offline: true });
  const id = await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-OFF' });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  const strip = status.getByTestId('next-try');
  await expect(strip).toContainText(/cannot be reached|trying|not answering/i, { timeout: 15_000 });
  await expectState(page, 'E2E-OFF', 'Queued');
  // After five failures in a row the circuit opens: no countdown, but when it last asked.
  await expect(strip).toHaveText(/^\s*Ropo One is not answering; checking every few seconds\. Last checked at \d\d:\d\d:\d\d\.$/, { timeout: 20_000 });
  await expect(status.getByTestId('connection')).toHaveText('Offline');
  await (await findInLog(page, 'E2E-OFF')).click();
  await expect(page.getByTestId('next-attempt')).toHaveText('When Ropo One answers again (checked every few seconds)');
  await checkScreen(page, '05-offline-queued');
  await app.setFaults({ offline: false });
  // No Send now, no OS signal: the next check finds it back.
  await expectState(page, 'E2E-OFF', 'Sent', 15_000);
  expect((await app.record()).accepted.some((a) => a.event.id === id)).toBe(true);
});

test('a 400 from Ropo One: Failed with its detail, then Edit and resend goes through', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ status: 400, statusCount: 1 });
  const failedId = await queueReport(page, { status: 'Connected', usageplace: 'E2E-400', customer: 'A1' });
  await expectState(page, 'E2E-400', 'Failed');
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

test('an address that refuses us (403): sending pauses with the cause and what to check, nothing fails, Send now goes on', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ status: 403, statusCount: 1 });
  const id = await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-403' });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  const strip = status.getByTestId('next-try');
  await expect(strip).toContainText('Sending is paused. The address refuses this computer (HTTP 403)', { timeout: 15_000 });
  await expect(strip).toContainText(/Tried again at \d\d:\d\d, or now with Send now\./);
  await expectState(page, 'E2E-403', 'Queued');
  await (await findInLog(page, 'E2E-403')).click();
  await expect(page.getByTestId('detail-panel')).toContainText('Paused: the address refused the request (not counted)');
  await checkScreen(page, '06b-address-refuses');
  await status.getByRole('button', { name: 'Send now' }).click();
  await expectState(page, 'E2E-403', 'Sent');
  expect((await app.record()).accepted.some((a) => a.event.id === id)).toBe(true);
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
