// Drives the preview in Chromium through every screen, saves a PNG of each into
// test-results/screens/, and runs axe-core on each. Fails when axe finds a serious or
// critical violation, the page logs an error (a CSP violation, say), or a step breaks.
// Started by screenshots.sh, which provides the preview server and a simulator; to run it
// against your own: SCREENS_PREVIEW_PORT=5174 SCREENS_SIM_PORT=8799 SCREENS_SIM_TOKEN=<the token
// the simulator printed> node renderer/scripts/screenshots.ts (the preview must have a
// fresh data folder).
import { chromium, type Page } from 'playwright';
import { AxeBuilder } from '@axe-core/playwright';
import type { ReportDraft } from '../../shared/ipc.ts';

const BASE = `http://127.0.0.1:${process.env.SCREENS_PREVIEW_PORT ?? '5174'}/`;
const SIM = `http://127.0.0.1:${process.env.SCREENS_SIM_PORT ?? '8799'}`;
const OUT = process.env.SCREENS_OUT ?? 'test-results/screens';
const DEMO = { cid: 'demo', apicode: 'demo-apicode-please-change' };

const findings: string[] = [];
const pageErrors: string[] = [];

// Both servers take a POST only with their run's token: the simulator's as it printed it,
// the preview's from its page (as the page's own bridge reads it).
const SIM_TOKEN = process.env.SCREENS_SIM_TOKEN ?? '';
let previewToken: string | null = null;

async function post(url: string, headers: Record<string, string>, body?: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
}

async function previewHeaders(): Promise<Record<string, string>> {
  previewToken ??= /<meta name="usageplace-preview-token" content="([^"]+)">/.exec(await (await fetch(BASE)).text())?.[1] ?? '';
  return { 'X-Preview-Token': previewToken };
}

const simPost = (path: string, body?: unknown) => post(`${SIM}/__sim/${path}`, { 'X-Sim-Token': SIM_TOKEN }, body);
const faults = (change: Record<string, unknown>) => simPost('faults', change);
const onlineAgain = async () => post(`${BASE}__preview/online`, await previewHeaders());

async function axe(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations) {
    const line = `${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') findings.push(line);
    else console.log(`  axe ${line}`);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  await axe(page, name);
  console.log(`saved ${OUT}/${name}.png`);
}

/** The form is longer than the window: a taller window shows all of it at once. */
async function tallShot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 1350 });
  await shot(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

type Status = { counts: Record<string, number>; waitReason: string | null; nextAttemptAt: number | null; signInNeeded: unknown[]; clockSkewMs: number | null; now: number };

async function status(page: Page): Promise<Status> {
  return page.evaluate(async () => {
    const r = await window.ropo.invoke('outbox:status', undefined);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as unknown as Status;
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function createReports(page: Page, drafts: ReportDraft[]): Promise<void> {
  await page.evaluate(async (list) => {
    for (const draft of list) {
      const r = await window.ropo.invoke('reports:create', { idempotencyKey: crypto.randomUUID(), draft });
      if (!r.ok) throw new Error(r.error.message);
    }
  }, drafts);
}

function manyDrafts(n: number): ReportDraft[] {
  const statuses = ['disconnected', 'connected', 'notdisconnected'] as const;
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[i % 3]!;
    const draft: ReportDraft = {
      status,
      usageplacecode: `6430075720624${String(40000 + i).padStart(5, '0')}`,
      customernumber: `A${String(100000 + (i % 97) * 13)}`,
      contract_no: i % 4 === 0 ? `5555${i}b` : '',
      invoices: i % 5 === 0 ? [] : [{ invoicenumber: String(594000 + i), jobid: String(1000 + i) }],
      time: '',
      description: status === 'notdisconnected' ? ['Meter room locked', 'Customer paid on site', 'No access to the yard'][i % 3] : '',
    };
    return draft;
  });
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));

  await page.goto(BASE);

  // First run
  await page.getByRole('heading', { name: 'Welcome to Usage Place Reporter' }).waitFor();
  await shot(page, '01-first-run');

  // A wrong API code: the AuthError's text is shown.
  await page.getByLabel('Environment').selectOption('custom');
  await page.getByLabel('Custom URL').fill(SIM);
  await page.getByLabel('Customer ID (cid)').fill(DEMO.cid);
  await page.getByLabel('API code').fill('not-the-code');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Ropo One did not accept the customer ID and API code.').waitFor();
  await shot(page, '02-sign-in-refused');

  await page.getByLabel('API code').fill(DEMO.apicode);
  await page.getByLabel('API code').press('Enter');
  await page.getByRole('heading', { name: 'New report' }).waitFor();
  await shot(page, '03-new-report-empty');

  // A report made with the keyboard alone: Tab to Status, arrows to choose, Enter queues.
  await page.locator('body').focus();
  for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.id === 'status-disconnected')); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('ArrowRight'); // Connected
  await page.keyboard.press('Tab');
  await page.keyboard.type('643007572062443699');
  await page.keyboard.press('Tab');
  await page.keyboard.type('A654321');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // Add invoice row
  await page.keyboard.press('Enter');
  await page.keyboard.type('594299');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4321');
  await shot(page, '03b-keyboard-focus');
  await page.keyboard.press('Enter');
  await page.getByTestId('event-id').waitFor();
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused !== 'status-disconnected') pageErrors.push(`after queuing, focus is on #${focused}, not on Status`);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Current sign-in' }).waitFor();
  await shot(page, '04-settings-signed-in');

  // Validation: every problem beside its field.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New report' }).click();
  await page.getByLabel('Not disconnected').check();
  await page.getByRole('button', { name: 'Add invoice row' }).click();
  await page.getByLabel('Job ID 1').fill('12a');
  await page.getByLabel('Time', { exact: true }).fill('2999-01-01 08:00:00');
  await page.getByLabel('Time', { exact: true }).press('Enter');
  await page.getByText('This is required.').first().waitFor();
  await tallShot(page, '05-form-errors');

  // Confirmation, then a warning while typing a report that contradicts the queued one.
  await faults({ offline: true });
  await page.getByRole('button', { name: 'Remove invoice row 1' }).click();
  await page.getByLabel('Disconnected', { exact: true }).check();
  await page.getByLabel('Usage place code').fill('643007572062443672');
  await page.getByLabel('Customer number').fill('A123456');
  await page.getByLabel('Contract number').fill('555555b');
  await page.getByRole('button', { name: 'Add invoice row' }).click();
  await page.getByLabel('Invoice number 1').fill('594294');
  await page.getByLabel('Job ID 1').fill('1234');
  await page.getByRole('button', { name: 'Set time to now' }).click();
  await page.getByLabel('Job ID 1').press('Enter');
  await page.getByTestId('event-id').waitFor();
  await page.getByLabel('Not disconnected').check();
  await page.getByLabel('Usage place code').fill('643007572062443672');
  await page.getByTestId('lane-warnings').waitFor();
  await page.getByLabel('Description').fill('Meter room locked, no key at the depot.');
  await tallShot(page, '06-confirmation-and-warning');
  await page.getByLabel('Description').press('Control+Enter');
  await page.getByText('Note', { exact: true }).waitFor();
  await shot(page, '07-confirmation-with-note');

  // Many reports: a few hundred queued while offline, then delivered; three refused.
  await createReports(page, manyDrafts(400));
  await faults({ offline: false, status: 422, statusCount: 3 });
  await onlineAgain();
  await until('the outbox to drain', async () => {
    const s = await status(page);
    return (s.counts.queued ?? 0) + (s.counts.sending ?? 0) === 0 && (s.counts.failed ?? 0) > 0;
  }, 120_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Outbox/ }).click();
  await page.getByRole('table', { name: 'Reports, newest first' }).waitFor();
  await page.locator('#log-row-0').waitFor();
  await shot(page, '08-outbox-log');

  // Scroll far down: rows load for the new viewport.
  await page.locator('.scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await page.waitForTimeout(400);
  await shot(page, '09-outbox-scrolled');
  await page.locator('.scroller').evaluate((el) => el.scrollTo({ top: 0 }));

  // A failed report in detail.
  await page.getByLabel('State', { exact: true }).selectOption('failed');
  await page.locator('#log-row-0').click();
  await page.getByTestId('problem-detail').or(page.getByText('What Ropo One said')).first().waitFor();
  await shot(page, '10-detail-failed');

  await page.getByRole('button', { name: 'Discard', exact: true }).click();
  await page.getByRole('dialog', { name: 'Discard this report?' }).waitFor();
  await shot(page, '11-discard-dialog');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Edit and resend' }).click();
  await page.getByRole('heading', { name: 'Edit and resend' }).waitFor();
  await tallShot(page, '12-edit-and-resend');
  await page.getByRole('button', { name: 'Queue corrected report' }).click();
  await page.getByText('Corrected report queued').waitFor();

  // Search
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Outbox/ }).click();
  await page.getByLabel('State', { exact: true }).selectOption('');
  await page.getByLabel('Search', { exact: true }).fill('5940');
  await page.waitForTimeout(600);
  await shot(page, '13-outbox-search');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const csvText = Buffer.concat(csv).toString('utf8');
  if (!/^\uFEFFstatus;usageplacecode/.test(csvText)) pageErrors.push(`Export CSV gave ${download.suggestedFilename()} starting ${JSON.stringify(csvText.slice(0, 40))}`);
  else console.log(`exported ${download.suggestedFilename()}: ${csvText.trim().split('\n').length - 1} rows`);
  await page.getByLabel('Search', { exact: true }).fill('');

  // Offline: the status bar says so, with the countdown and its reason.
  await page.getByRole('button', { name: 'Close details' }).click();
  await faults({ offline: true });
  await createReports(page, manyDrafts(3).map((d) => ({ ...d, usageplacecode: `9${d.usageplacecode}` })));
  await until('a retry to be scheduled', async () => {
    const s = await status(page);
    return (s.waitReason === 'server_unreachable' || s.waitReason === 'network_offline') && (s.nextAttemptAt ?? 0) > s.now + 3000;
  }, 60_000);
  await page.getByLabel('State', { exact: true }).selectOption('queued');
  await shot(page, '14-status-offline');

  // Rate limited, with Retry-After.
  await faults({ offline: false, status: 429, statusRate: 1, statusCount: null, retryAfter: '25' });
  await onlineAgain();
  await until('rate limiting', async () => (await status(page)).waitReason === 'rate_limited');
  await shot(page, '15-status-rate-limited');

  // Sign-in needed: Ropo One stops accepting the API code.
  await faults({ status: null, statusCount: null, retryAfter: null, failTokenWithStatus: 400 });
  await simPost('expire-tokens');
  await onlineAgain();
  await until('sign-in needed', async () => (await status(page)).signInNeeded.length > 0, 70_000);
  await page.getByRole('button', { name: 'Sign in again' }).waitFor();
  await shot(page, '16-status-sign-in-again');
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await shot(page, '17-settings-sign-in-again');

  // Signing in again resumes delivery. Then Ropo One's clock runs five minutes ahead of the
  // PC's (the core notes the server clock at most once a minute, hence the wait).
  await faults({ failTokenWithStatus: null, clockSkewSeconds: 300 });
  await page.getByLabel('API code').fill(DEMO.apicode);
  await page.getByLabel('API code').press('Enter');
  await until('delivery to resume', async () => (await status(page)).signInNeeded.length === 0);
  await until('the clock skew to be noticed', async () => {
    await createReports(page, manyDrafts(1).map((d) => ({ ...d, usageplacecode: `7${Date.now()}` })));
    await new Promise((r) => setTimeout(r, 3000));
    return Math.abs((await status(page)).clockSkewMs ?? 0) > 120_000;
  }, 90_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New report' }).click();
  await shot(page, '18-status-clock-skew');

  // The production marker (no real Ropo One here: the session answer is dressed up).
  await page.route('**/__preview/ipc/session*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value?: Record<string, unknown> };
    if (body.ok && body.value) {
      body.value = { ...body.value, isProduction: true, usesSimulator: false, endpoint: { kind: 'preset', country: 'fi', stage: 'production' }, baseUrl: 'https://ropo24.fi/rest' };
    }
    await route.fulfill({ response, json: body });
  });
  await page.reload();
  await page.getByRole('heading', { name: 'New report' }).waitFor();
  await shot(page, '19-production-marker');

  // Settings, "This computer" as the desktop app shows it (a browser tab cannot start at
  // login or update itself, so the preview's answer is dressed up): in English, then Finnish.
  await page.route('**/__preview/ipc/desktop*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value?: Record<string, unknown> };
    if (body.ok && body.value) {
      body.value = { ...body.value, startAtLoginSupported: true, startAtLogin: true, update: { state: 'ready', offReason: null, version: '0.2.0', lastError: null } };
    }
    await route.fulfill({ response, json: body });
  });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const computer = page.getByRole('region', { name: 'This computer' });
  await computer.getByRole('button', { name: 'Restart to update' }).waitFor();
  await computer.scrollIntoViewIfNeeded();
  await shot(page, '20-settings-this-computer');
  await page.getByLabel('Language', { exact: true }).selectOption('fi');
  const tamaKone = page.getByRole('region', { name: 'Tämä tietokone' });
  await tamaKone.getByRole('switch', { name: 'Käynnistä tietokoneen mukana' }).waitFor();
  await tamaKone.scrollIntoViewIfNeeded();
  await shot(page, '21-settings-this-computer-fi');
  await page.getByLabel('Kieli', { exact: true }).selectOption('system');

  await browser.close();

  for (const e of pageErrors) console.log(`page ${e}`);
  for (const f of findings) console.log(`AXE ${f}`);
  const failed = findings.length + pageErrors.length;
  console.log(failed === 0 ? 'screens: all saved, no axe serious/critical findings, no page errors' : `screens: ${failed} problem(s)`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
