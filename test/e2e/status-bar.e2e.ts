import { test, expect, type Page, type Route } from '@playwright/test';
import { startApp, type AppUnderTest, type StartedApp } from './app-fixture.ts';
import { checkScreen, signInToSimulator } from './ui-steps.ts';

// The status bar when more than one target is paused: the app's own and older ones still
// holding reports. The simulator can refuse only as one address, so the page is shown the
// real core's status with two more paused targets added to it (the status arrives as the
// answer to `outbox:status`; the pushed updates are held back so that they do not replace it).

// A preview of its own (the worker's shared one may be signed in already, or paused by
// another file's faults); the second test uses the first's sign-in.
test.describe.configure({ mode: 'serial' });
let started: StartedApp;
let app: AppUnderTest;
test.beforeAll(async () => {
  started = await startApp();
  app = started.app;
});
test.afterAll(async () => {
  await started.stop();
});

const HOUR = 60 * 60_000;

async function showStatus(page: Page, change: (status: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  await page.route('**/__preview/events', (route: Route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: ': held back\n\n' }));
  await page.route(/\/__preview\/ipc\/outbox(%3A|:)status$/, async (route: Route) => {
    const real = (await (await route.fetch()).json()) as { ok: true; value: Record<string, unknown> };
    await route.fulfill({ json: { ok: true, value: change(real.value) } });
  });
  await page.reload();
}

test('three paused targets: each has its own line, named by its environment (and customer ID where two share one); the alarm counts without repeating a cause', async ({ page }) => {
  await page.goto(app.url);
  await signInToSimulator(page, app);
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  const host = new URL(app.simUrl).host;
  await showStatus(page, (s) => {
    const now = s.now as number;
    const until = now + 5 * 60_000;
    const pause = (baseUrl: string, cid: string, cause: string, httpStatus: number) => ({ target: { baseUrl, cid }, cause, httpStatus, since: now - HOUR, until });
    return {
      ...s,
      counts: { queued: 5 },
      waitReason: 'endpoint_refused',
      nextAttemptAt: until,
      oldestUnsentAt: now - 2 * HOUR - 10 * 60_000,
      endpointPauses: [
        pause(`${app.simUrl}/rest`, 'demo', 'blocked', 403),
        pause('https://rc.ropo24.fi/rest', 'old-1', 'proxy_auth', 407),
        pause('https://rc.ropo24.fi/rest', 'old-2', 'wrong_address', 404),
      ],
      alarm: {
        level: 'alarm',
        line: { kind: 'paused', waiting: 5, oldestMs: 2 * HOUR + 10 * 60_000, cause: 'blocked', httpStatus: 403 },
        raised: ['paused', 'stale'],
        episodes: ['paused:demo', 'stale'],
        refused: 0,
        waiting: 5,
        oldestMs: 2 * HOUR + 10 * 60_000,
      },
    };
  });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  const lines = status.getByTestId('paused');
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(0)).toHaveText(new RegExp(`^\\s*Custom \\(${host.replace(/\./g, '\\.')}\\): sending is paused\\. The address refuses this computer \\(HTTP 403\\)`));
  await expect(lines.nth(1)).toHaveText(/^\s*Finland, test, customer ID old-1: sending is paused\. A proxy server wants a user name and password \(HTTP 407\)/);
  await expect(lines.nth(2)).toHaveText(/^\s*Finland, test, customer ID old-2: sending is paused\. Nothing at this address takes reports \(HTTP 404\)/);
  for (const line of await lines.all()) await expect(line).toContainText(/Next try at \d\d:\d\d, or try now with Send now\.$/);
  // The alarm says how many wait and for how long; the causes are the lines below, once each.
  await expect(status.getByTestId('alarm')).toHaveText(/^\s*5 waiting, oldest 2 h 10 min\s*$/);
  await expect(status.getByTestId('next-try')).toHaveCount(0);
  await checkScreen(page, '20-three-paused-targets');
});

test('sign-in needed while reports have waited too long: the alarm counts them, the line below says why, neither repeats the other', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'New report' })).toBeVisible();
  await showStatus(page, (s) => {
    const now = s.now as number;
    const target = { baseUrl: `${app.simUrl}/rest`, cid: 'demo' };
    return {
      ...s,
      counts: { queued: 2, failed: 1 },
      waitReason: 'sign_in_needed',
      oldestUnsentAt: now - 3 * HOUR,
      signInNeeded: [{ target, reason: 'api_code_refused', error: null, since: now - HOUR }],
      alarm: {
        level: 'alarm',
        line: { kind: 'signIn', reason: 'api_code_refused' },
        raised: ['signIn', 'refused', 'stale'],
        episodes: ['signIn', 'refused', 'stale'],
        refused: 1,
        waiting: 2,
        oldestMs: 3 * HOUR,
      },
    };
  });
  const status = page.getByRole('contentinfo', { name: 'Delivery status' });
  await expect(status.getByTestId('alarm')).toHaveText(/^\s*2 waiting, oldest 3 h 0 min · 1 failed\s*$/);
  await expect(status.getByTestId('next-try')).toHaveText(/^\s*Sending is paused until someone signs in again\. Ropo One no longer accepts the API code\.\s*$/);
  await expect(status.getByTestId('paused')).toHaveCount(0);
  await checkScreen(page, '21-sign-in-and-stale');
});
