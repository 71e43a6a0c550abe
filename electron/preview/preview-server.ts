// `npm run preview -- --port <n>`: the built renderer in any browser, with window.ropo
// bridged to a real core. For machines without the Electron binary and for the end-to-end
// tests; a development tool, never shipped.
//
// It answers only its own page (electron/sandbox/loopback-guard.ts): Host must be
// 127.0.0.1:PORT (no DNS rebinding), an Origin must be its own, and every POST must be
// application/json with this run's token, which only the served page carries (a <meta> in
// index.html that the bridge reads). Its keychain entries are under a service of their own
// (USAGEPLACE_KEYCHAIN_SERVICE changes it), so trying the preview never touches the app's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startAppRuntime } from '../ipc/app-runtime.ts';
import { EXPORTS_ROUTE, PreviewExports } from './preview-exports.ts';
import { previewDesktop } from './preview-desktop.ts';
import { UPLOADS_ROUTE, UPLOAD_MAX_BYTES, PreviewUploads } from './preview-uploads.ts';
import { dispatchIpc } from '../ipc/ipc-handlers.ts';
import { createLog } from '../core/log.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import type { EventName } from '../../shared/ipc.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../core/keytar-secret-store.ts';
import { createLoopbackGuard } from '../sandbox/loopback-guard.ts';

/** Where the preview keeps its apicode and token unless USAGEPLACE_KEYCHAIN_SERVICE says otherwise. */
const PREVIEW_KEYCHAIN_SERVICE = `${DEFAULT_KEYCHAIN_SERVICE} (preview)`;
/** The header the bridge sends the run's token in; the page's <meta name> that holds it. */
const TOKEN_HEADER = 'X-Preview-Token';
const TOKEN_META = 'usageplace-preview-token';

// The bridge learns how much of a chosen file to upload (the import's limit and one byte).
const BRIDGE = readFileSync(fileURLToPath(new URL('./bridge-client.js', import.meta.url)), 'utf8')
  .replace('__UPLOAD_MAX_BYTES__', String(UPLOAD_MAX_BYTES));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json',
};

// --renderer-dir: another build of the renderer, such as the pseudo-locale's (dist/renderer-pseudo).
const { values } = parseArgs({ options: { port: { type: 'string', default: '5174' }, 'renderer-dir': { type: 'string' } }, strict: true });
const ROOT = values['renderer-dir']
  ? `${resolve(values['renderer-dir'])}/`
  : fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'index.html'))) {
  console.error('No built renderer in dist/renderer: run npm run build:renderer first (npm run preview does).');
  process.exit(1);
}

const dataDir = process.env.USAGEPLACE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'usageplace-preview-'));
const clients = new Set<ServerResponse>();
const emit = (event: EventName, payload: unknown) => {
  const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
  for (const c of clients) c.write(data);
};
const previewExports = new PreviewExports(dataDir);
const keychainService = process.env.USAGEPLACE_KEYCHAIN_SERVICE || PREVIEW_KEYCHAIN_SERVICE;
let listeningPort = port;
const guard = createLoopbackGuard({ port: () => listeningPort, tokenHeader: TOKEN_HEADER });
const previewUploads = new PreviewUploads(dataDir);
const backoffBase = Number(process.env.USAGEPLACE_BACKOFF_BASE_MS ?? '');
const runtime = await startAppRuntime({
  dataDir,
  keychainService,
  isOnline: () => true,
  emit,
  log: createLog(dataDir, 'preview'),
  chooseExportFile: previewExports.choose,
  desktop: previewDesktop(dataDir, (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version),
  chooseImportFile: previewUploads.choose,
  worker: Number.isFinite(backoffBase) && backoffBase > 0
    ? { backoff: { baseMs: backoffBase, capMs: Number(process.env.USAGEPLACE_BACKOFF_CAP_MS ?? backoffBase * 8) } }
    : {},
});

/** A dropped CSV file crosses as base64 (up to 14 MB of it); nothing else comes near. */
const MAX_BODY = 16_000_000;

async function readBody(req: IncomingMessage): Promise<string> {
  // Decoded as a stream: a character split between two chunks (a file's name) stays whole.
  req.setEncoding('utf8');
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('Request too large.');
  }
  return body;
}

function serveStatic(url: URL, res: ServerResponse): void {
  const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
  const file = resolve(ROOT, `.${normalize(path)}`);
  if (!file.startsWith(ROOT) || !existsSync(file)) {
    res.writeHead(404).end('Not found');
    return;
  }
  let body: string | Buffer = readFileSync(file);
  if (file.endsWith('index.html')) {
    // The bridge goes first, so window.ropo exists before the app's module runs; the token
    // before the bridge, which reads it. Only a page of this origin can read this HTML.
    body = body.toString('utf8').replace(
      '<head>',
      `<head>\n    <meta name="${TOKEN_META}" content="${guard.token}">\n    <script src="/__preview/bridge.js"></script>`,
    );
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
  });
  res.end(body);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const refusal = guard.check(req, { changes: req.method !== 'GET' && req.method !== 'HEAD' });
  if (refusal) {
    req.resume();
    res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal.reason);
    return;
  }
  try {
    if (url.pathname === '/__preview/bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(BRIDGE);
    } else if (url.pathname === '/__preview/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else if (url.pathname.startsWith('/__preview/ipc/') && req.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice('/__preview/ipc/'.length));
      let request: unknown;
      try {
        ({ request } = JSON.parse((await readBody(req)) || '{}') as { request?: unknown });
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('The body must be JSON: {"request": …}.');
        return;
      }
      const result = await dispatchIpc(runtime.handlers, channel, request);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } else if (url.pathname === UPLOADS_ROUTE && req.method === 'POST') {
      previewUploads.receive(await readBody(req), res);
    } else if (url.pathname.startsWith(EXPORTS_ROUTE) && req.method === 'GET') {
      previewExports.serve(url.pathname, res);
    } else if (url.pathname === '/__preview/online' && req.method === 'POST') {
      // Stands in for Electron's online/resume signals in tests.
      runtime.onlineAgain();
      res.writeHead(204).end();
    } else if (req.method === 'GET') {
      serveStatic(url, res);
    } else {
      res.writeHead(405).end();
    }
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  }
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  listeningPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Preview: http://127.0.0.1:${listeningPort}/  (data: ${dataDir}; keychain service: ${keychainService})`);
});

const shutdown = async () => {
  for (const c of clients) c.end();
  server.close();
  await runtime.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
