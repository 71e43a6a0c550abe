import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
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
  // An address that refuses the sign-in (a wrong path: 404) is not Ropo One judging the API
  // code, and nothing is being sent: the sign-in's own sentence, the cause and what to check.
  await app.setFaults({ failTokenWithStatus: 404 });
  await signInToSimulator(page, app);
  const refused = page.locator('#sign-in-error').getByRole('alert');
  await expect(refused).toContainText('Could not sign in: the request was refused before Ropo One could check the customer ID and API code. Nothing was saved.');
  await expect(refused.getByTestId('refusal-cause')).toHaveText(
    'There is no Ropo One sign-in at this address (HTTP 404): the address looks wrong. Check the environment or the custom URL, then sign in again.',
  );
  await expect(refused).not.toContainText('Sending there is paused');
  await refused.scrollIntoViewIfNeeded();
  await checkScreen(page, '02b-sign-in-address-refused');
  await app.setFaults({ failTokenWithStatus: null });
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

test('Ropo One offline: the Offline indicator, the report waits as Queued, the app says it checks every few seconds, and it goes by itself when Ropo One is back', async ({ page, app }) => {
  await page.goto(app.url);
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  const connection = status.getByTestId('connection');
  await expect(connection).toHaveText('Online');
  await expect(connection).not.toHaveClass(/offline/);
  await app.setFaults({ offline: true });
  const id = await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-OFF' });
  const strip = status.getByTestId('next-try');
  await expect(strip).toContainText(/cannot be reached|trying|not answering/i, { timeout: 15_000 });
  await expect(connection).toHaveText('Offline');
  await expect(connection).toHaveClass(/offline/);
  // Announced in the window's live region too.
  await expect(page.getByRole('status').filter({ hasText: 'The connection to Ropo One is lost. Reports stay queued.' })).toHaveCount(1);
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
  await expect(connection).toHaveText('Online');
  expect((await app.record()).accepted.some((a) => a.event.id === id)).toBe(true);
});

test('a lane warning: a report that repeats or contradicts an unsent one says so, before and after queuing', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ offline: true });
  try {
    const firstId = await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-LANE' });
    await openNav(page, 'New report');
    await page.getByRole('radio', { name: 'Not disconnected', exact: true }).check();
    await page.getByLabel('Usage place code').fill('E2E-LANE');
    const warnings = page.getByTestId('lane-warnings');
    await expect(warnings).toContainText('Check before queuing');
    // The warning names the unsent report's time, in the window's format (not checked here).
    await expect(warnings).toContainText(/An unsent “Disconnected” report \([^)]+\) for this usage place says the opposite\./);
    await page.getByRole('radio', { name: 'Disconnected', exact: true }).check();
    await expect(warnings).toContainText(/An unsent “Disconnected” report \([^)]+\) for this usage place is already in the outbox\./);
    await checkScreen(page, '11-lane-warning');
    await page.getByRole('button', { name: 'Queue report' }).click();
    const after = page.getByTestId('confirmation-warnings');
    await expect(after).toContainText('is already in the outbox');
    // "Show that report" opens the unsent one it is about.
    await after.getByRole('button', { name: 'Show that report' }).click();
    await expect(page.getByTestId('detail-panel')).toContainText(firstId);
  } finally {
    await app.setFaults({ offline: false });
  }
  await expectState(page, 'E2E-LANE', 'Sent', 30_000);
});

test('the discard dialog: Keep it and Escape change nothing; Discard report gives the report up', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ status: 400, statusCount: 1 });
  await queueReport(page, { status: 'Connected', usageplace: 'E2E-DISCARD' });
  await expectState(page, 'E2E-DISCARD', 'Failed');
  await (await findInLog(page, 'E2E-DISCARD')).click();
  const detail = page.getByTestId('detail-panel');
  const dialog = page.getByRole('dialog', { name: 'Discard this report?' });

  await detail.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('usage place E2E-DISCARD will not be sent to Ropo One');
  await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await checkScreen(page, '12-discard-dialog');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();

  await detail.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectState(page, 'E2E-DISCARD', 'Failed');

  await (await findInLog(page, 'E2E-DISCARD')).click();
  await detail.getByRole('button', { name: 'Discard', exact: true }).click();
  await dialog.getByRole('button', { name: 'Discard report' }).click();
  await expect(dialog).toBeHidden();
  await expectState(page, 'E2E-DISCARD', 'Discarded');
});

test('the form queues once: a double click, and an answer lost to a reload of the window', async ({ page, app }) => {
  await page.goto(app.url);
  await openNav(page, 'New report');
  const fill = async (usageplace: string) => {
    await page.getByRole('radio', { name: 'Connected', exact: true }).check();
    await page.getByLabel('Usage place code').fill(usageplace);
    await page.getByLabel('Customer number').fill('A777');
  };
  const rowsFor = async (usageplace: string) => {
    await findInLog(page, usageplace);
    return page.getByRole('button', { name: new RegExp(`^${usageplace}\\s*, `) });
  };

  await fill('E2E-TWICE');
  await page.getByRole('button', { name: 'Queue report' }).dblclick();
  await expect(page.getByTestId('confirmation')).toBeVisible();
  await expect(await rowsFor('E2E-TWICE')).toHaveCount(1);

  // The request reaches main and the report is queued, but the answer is lost (the
  // connection drops), and then the window reloads.
  await openNav(page, 'New report');
  await fill('E2E-RELOAD');
  let queued = false;
  await page.route((url) => decodeURIComponent(url.pathname) === '/__preview/ipc/reports:create', async (route) => {
    await route.fetch();
    queued = true;
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Queue report' }).click();
  await expect.poll(() => queued).toBe(true);
  await page.unrouteAll();
  await page.reload();
  // The window asks again with the form's key and shows the report it queued. (A clerk who
  // saw no confirmation would fill the form in again: that must not make a second report.)
  const confirmation = page.getByTestId('confirmation');
  const resumed = await confirmation.waitFor({ timeout: 5_000 }).then(() => true, () => false);
  if (!resumed) {
    await openNav(page, 'New report');
    await fill('E2E-RELOAD');
    await page.getByRole('button', { name: 'Queue report' }).click();
  }
  await expect(confirmation).toContainText('E2E-RELOAD');
  await expect(await rowsFor('E2E-RELOAD')).toHaveCount(1);
  expect(resumed).toBe(true);
  // Its draft went with it, in the same commit: the form is not brought back to be queued again.
  await openNav(page, 'New report');
  await expect(page.getByLabel('Usage place code')).toHaveValue('');
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expectState(page, 'E2E-RELOAD', 'Sent');
});

test('a report asked for again after a reload that main does not queue (idempotency_conflict) says so in the form', async ({ page, app }) => {
  await page.goto(app.url);
  await openNav(page, 'New report');
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByRole('radio', { name: 'Connected', exact: true }).check();
  await page.getByLabel('Usage place code').fill('E2E-CONFLICT-A');
  // Both answers are lost: the first try queues the report; the second, with another usage
  // place under the same form key, is refused by main (idempotency_conflict), and then the
  // window reloads and asks once more by itself with that second content.
  let reached = 0;
  await page.route((url) => decodeURIComponent(url.pathname) === '/__preview/ipc/reports:create', async (route) => {
    await route.fetch();
    reached++;
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Queue report' }).click();
  await expect.poll(() => reached).toBe(1);
  await expect(page.getByRole('button', { name: 'Queue report' })).toBeEnabled();
  await page.getByLabel('Usage place code').fill('E2E-CONFLICT-B');
  await page.getByRole('button', { name: 'Queue report' }).click();
  await expect.poll(() => reached).toBe(2);
  await page.unrouteAll();
  const asked = page.waitForResponse((res) => decodeURIComponent(new URL(res.url()).pathname) === '/__preview/ipc/reports:create');
  await page.reload();
  await asked;
  // The clerk learns that nothing was queued, as a try to queue would say it, with the form as it was.
  const form = page.getByRole('form', { name: 'New report' });
  await expect(form.getByRole('alert')).toHaveText('This form was already queued with other values, so nothing more was queued. Check the outbox, then start a new report.');
  await expect(page.getByTestId('event-id')).toHaveCount(0); // no confirmation
  await expect(page.getByLabel('Usage place code')).toHaveValue('E2E-CONFLICT-B');
  await form.getByRole('alert').scrollIntoViewIfNeeded();
  await checkScreen(page, '07b-resend-after-reload-refused');
  await expectState(page, 'E2E-CONFLICT-A', 'Sent');
  await page.getByLabel('Search', { exact: true }).fill('E2E-CONFLICT-B');
  await expect(page.getByTestId('log-total')).toHaveText(/^\s*0 reports\s*$/);
  // Clear form takes the error away with the form.
  await openNav(page, 'New report');
  await page.getByRole('button', { name: 'Clear form' }).click();
  await expect(form.getByRole('alert')).toHaveCount(0);
});

test('a 400 from Ropo One: Failed with its detail, then Edit and resend goes through', async ({ page, app }) => {
  await page.goto(app.url);
  await app.setFaults({ status: 400, statusCount: 1 });
  const failedId = await queueReport(page, { status: 'Connected', usageplace: 'E2E-400', customer: 'A1' });
  await expectState(page, 'E2E-400', 'Failed');
  // The alarm's line, as the tray says it.
  await expect(page.getByRole('contentinfo', { name: 'Delivery status' }).getByTestId('alarm')).toHaveText('1 failed');
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
  // The paused target's line, named by its environment, with the cause and what to check.
  const strip = status.getByTestId('paused');
  await expect(strip).toContainText(`Custom (${new URL(app.simUrl).host}): sending is paused. The address refuses this computer (HTTP 403)`, { timeout: 15_000 });
  await expect(strip).toContainText(/Next try at \d\d:\d\d, or try now with Send now\./);
  // A paused address is an alarm at once (someone must look): the alarm counts what waits, and
  // leaves the cause to the line below instead of saying it twice.
  await expect(status.getByTestId('alarm')).toHaveText(/^\s*\d+ waiting, oldest [^:]+$/);
  await expect(status.getByTestId('next-try')).toHaveCount(0);
  await expectState(page, 'E2E-403', 'Queued');
  await (await findInLog(page, 'E2E-403')).click();
  await expect(page.getByTestId('detail-panel')).toContainText('Paused: the address refused the request (not counted as an attempt)');
  await checkScreen(page, '06b-address-refuses');
  await status.getByRole('button', { name: 'Send now' }).click();
  await expectState(page, 'E2E-403', 'Sent');
  await expect(status.getByTestId('alarm')).toHaveCount(0);
  expect((await app.record()).accepted.some((a) => a.event.id === id)).toBe(true);
});

test('late answers in the history say what came back and that it changed nothing, never as a failure', async ({ page, app }) => {
  await page.goto(app.url);
  const id = await queueReport(page, { status: 'Connected', usageplace: 'E2E-LATE' });
  await expectState(page, 'E2E-LATE', 'Sent');
  // Answers a deliverer heard after it lost the lease, as the outbox writes them (#lateAnswer):
  // the row's state stays as it is; an accepted one has no error code.
  const db = new DatabaseSync(join(app.dataDir, 'outbox.sqlite'));
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    const { seq } = db.prepare('SELECT seq FROM reports WHERE id = ?').get(id) as { seq: number };
    const late = db.prepare(
      "INSERT INTO attempts (report_seq, report_id, at, from_state, to_state, outcome, http_status, error_code) VALUES (?, ?, ?, 'sent', 'sent', 'late_answer', ?, ?)",
    );
    const at = Date.now();
    late.run(seq, id, at, 201, null);
    late.run(seq, id, at + 1, 400, 'rejected');
    late.run(seq, id, at + 2, 503, 'server_error');
  } finally {
    db.close();
  }
  await (await findInLog(page, 'E2E-LATE')).click();
  const history = page.getByTestId('detail-panel').getByRole('region', { name: 'History' });
  const rows = history.getByRole('row').filter({ hasText: 'Late answer, ignored' });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Ropo One accepted the report on an earlier try, but that answer came too late to count. It changed nothing.');
  await expect(rows.nth(1)).toContainText('Ropo One refused the report on an earlier try, but that answer came too late to count. It changed nothing: the report was not marked failed because of it.');
  await expect(rows.nth(2)).toContainText('An earlier try did not get through (Ropo One is having problems), but that came too late to count. It changed nothing.');
  // Not the errors' own sentences, which read as if the report had failed.
  await expect(history).not.toContainText('Ropo One refused the report.');
  await expect(history).not.toContainText('Ropo One is having problems right now.');
  await rows.nth(2).scrollIntoViewIfNeeded();
  await checkScreen(page, '06c-late-answers');
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

test('sign-out: the keychain entries go, delivery waits for a sign-in, and signing in again resumes it', async ({ page, app }) => {
  await page.goto(app.url);
  const keytar = createRequire(import.meta.url)('keytar') as typeof import('keytar');
  const accounts = async () => (await keytar.findCredentials(app.keychainService)).map((c) => c.account).sort();
  const account = `${DEMO.cid}@${app.simUrl}/rest`;
  expect(await accounts()).toEqual([account, `${account}#token`]);

  await openNav(page, 'Settings');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signed out. The API code was removed from the keychain.' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Current sign-in' })).toContainText('Not signed in');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await accounts()).toEqual([]);
  await checkScreen(page, '13-signed-out');

  // A report made now is kept, and waits for someone to sign in.
  await queueReport(page, { status: 'Disconnected', usageplace: 'E2E-SIGNED-OUT' });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  await expect(status.getByRole('button', { name: 'Sign in again' })).toBeVisible({ timeout: 20_000 });
  await expectState(page, 'E2E-SIGNED-OUT', 'Queued');

  await status.getByRole('button', { name: 'Sign in again' }).click();
  await signInToSimulator(page, app);
  await expect(status.getByRole('button', { name: 'Sign in again' })).toHaveCount(0, { timeout: 10_000 });
  await expectState(page, 'E2E-SIGNED-OUT', 'Sent');
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
