import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, DEMO } from './app-fixture.ts';
import { rawRequest } from '../helpers/raw-http.ts';

// The preview answers only its own page: what a web page the clerk has open (or one that
// rebinds its name to 127.0.0.1) sends is refused before it reaches the core. Requests are
// made with node:http, which can send any Host and Origin, as such a page's browser would.

test.describe.configure({ mode: 'serial' });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the preview refuses a cross-origin POST, a rebound Host, a missing token, and a rebound event stream', async ({ app }) => {
  const port = new URL(app.url).port;
  const own = { 'content-type': 'application/json', 'x-preview-token': app.previewToken };
  const body = JSON.stringify({ request: undefined });
  const sendNow = (headers: Record<string, string>) => rawRequest(`${app.url}__preview/ipc/outbox:sendNow`, { method: 'POST', headers, body });
  const upload = (headers: Record<string, string>) => rawRequest(`${app.url}__preview/uploads`, {
    method: 'POST', headers, body: JSON.stringify({ fileName: 'evil.csv', base64: Buffer.from('status;usageplacecode\r\n').toString('base64') }),
  });

  // The page's own request (what the bridge sends) goes through.
  const ok = await sendNow(own);
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body)).toMatchObject({ ok: true });

  const refused = {
    crossOrigin: await sendNow({ ...own, origin: 'https://evil.example' }),
    nullOrigin: await sendNow({ ...own, origin: 'null' }),
    crossSite: await sendNow({ ...own, 'sec-fetch-site': 'cross-site' }),
    reboundHost: await sendNow({ ...own, host: `evil.example:${port}` }),
    localhostHost: await sendNow({ ...own, host: `localhost:${port}` }),
    noToken: await sendNow({ 'content-type': 'application/json' }),
    wrongToken: await sendNow({ 'content-type': 'application/json', 'x-preview-token': 'guess' }),
    notJson: await sendNow({ 'content-type': 'text/plain', 'x-preview-token': app.previewToken }),
    online: await rawRequest(`${app.url}__preview/online`, { method: 'POST', headers: { 'content-type': 'application/json' } }),
    reboundEvents: await rawRequest(`${app.url}__preview/events`, { headers: { host: `evil.example:${port}` }, stream: true }),
    crossOriginEvents: await rawRequest(`${app.url}__preview/events`, { headers: { origin: 'https://evil.example' }, stream: true }),
    reboundPage: await rawRequest(app.url, { headers: { host: `evil.example:${port}` } }),
    // The import's upload (the preview's stand-in for the open dialog) is guarded the same way.
    uploadNoToken: await upload({ 'content-type': 'application/json' }),
    uploadCrossOrigin: await upload({ ...own, origin: 'https://evil.example' }),
    uploadNotJson: await rawRequest(`${app.url}__preview/uploads`, {
      method: 'POST', headers: { 'content-type': 'text/csv', 'x-preview-token': app.previewToken }, body: 'status;usageplacecode\r\n',
    }),
  };
  const statuses = Object.fromEntries(Object.entries(refused).map(([k, v]) => [k, v.status]));
  expect(statuses).toEqual({
    crossOrigin: 403, nullOrigin: 403, crossSite: 403, reboundHost: 421, localhostHost: 421, noToken: 403, wrongToken: 403,
    notJson: 415, online: 403, reboundEvents: 421, crossOriginEvents: 403, reboundPage: 421,
    uploadNoToken: 403, uploadCrossOrigin: 403, uploadNotJson: 415,
  });
  // A refused page never carries the token.
  expect(refused.reboundPage.body).not.toContain(app.previewToken);

  // Its own event stream still opens.
  const events = await rawRequest(`${app.url}__preview/events`, { stream: true });
  expect(events.status).toBe(200);
  expect(events.contentType).toBe('text/event-stream');
});

test('a refused request changes nothing: a cross-origin sign-out leaves the session signed in', async ({ page, app }) => {
  await page.goto(app.url);
  // Asked as the page's bridge asks: same origin, with the run's token.
  const signedIn = async () => {
    const res = await fetch(`${app.url}__preview/ipc/session:get`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-preview-token': app.previewToken }, body: '{}',
    });
    return ((await res.json()) as { value?: { signedIn: boolean } }).value?.signedIn ?? null;
  };
  if (!(await signedIn())) {
    await page.getByLabel('Environment').selectOption('custom');
    await page.getByLabel('Custom URL').fill(app.simUrl);
    await page.getByLabel('Customer ID (cid)').fill(DEMO.cid);
    await page.getByLabel('API code').fill(DEMO.apicode);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(signedIn).toBe(true);
  }
  const signOut = await rawRequest(`${app.url}__preview/ipc/session:signOut`, {
    method: 'POST',
    // What an HTML form on another site can send: text/plain, its own Origin, no token.
    headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
    body: '{"request":null}',
  });
  expect(signOut.status).toBe(403);
  expect(await signedIn()).toBe(true);
});

test('the preview keeps its keychain entries under a service of its own unless told otherwise', async ({ app }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'upr-e2e-keychain-'));
  const env: Record<string, string | undefined> = { ...process.env, USAGEPLACE_DATA_DIR: dataDir };
  delete env.USAGEPLACE_KEYCHAIN_SERVICE;
  const child = spawn(process.execPath, ['electron/preview/preview-server.ts', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const started = await new Promise<RegExpMatchArray>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the preview did not say where it keeps secrets: ${out}`)), 20_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /Preview: (http:\/\/127\.0\.0\.1:\d+\/) .*keychain service: (.+)\)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
      child.once('exit', (code) => reject(new Error(`the preview exited with ${code}: ${out}`)));
    });
    const [, url, service] = started;
    expect(service).toBe('Usage Place Reporter (preview)');
    const html = await (await fetch(url!)).text();
    const token = /<meta name="usageplace-preview-token" content="([^"]+)">/.exec(html)![1]!;
    const invoke = async (channel: string, request: unknown) => {
      const res = await fetch(`${url}__preview/ipc/${channel}`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-preview-token': token }, body: JSON.stringify({ request }),
      });
      return (await res.json()) as { ok: boolean };
    };
    expect(await invoke('session:signIn', { target: { kind: 'custom', baseUrl: app.simUrl }, cid: DEMO.cid, apicode: DEMO.apicode })).toMatchObject({ ok: true });
    const keytar = createRequire(import.meta.url)('keytar') as typeof import('keytar');
    const account = `${DEMO.cid}@${app.simUrl}/rest`;
    const accounts = async (s: string) => (await keytar.findCredentials(s)).map((c) => c.account);
    expect(await accounts('Usage Place Reporter (preview)')).toContain(account);
    expect(await accounts('Usage Place Reporter')).not.toContain(account);
    expect(await invoke('session:signOut', undefined)).toMatchObject({ ok: true });
    expect(await accounts('Usage Place Reporter (preview)')).not.toContain(account);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
