// What the client keeps of an answer: bodies read up to 64 KiB, Ropo One's texts kept up to
// 1,000 characters and redacted like log lines. Real HTTP over loopback to small servers
// that answer what Ropo One, a proxy or a hostile server might.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RopoClient } from '../../electron/core/ropo-client.ts';
import { MAX_ANSWER_BYTES, MAX_KEPT_CHARS, readAnswer } from '../../electron/core/answer-text.ts';
import { forgetSecret, registerSecret } from '../../electron/core/redact.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(t: { after: (fn: () => unknown) => void }, handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest`;
}

const EVENT = JSON.stringify({ id: 'e-1', usageplacecode: 'UP-1', time: '2024-01-04 10:41:40', status: 'disconnected' });

test('a body that never ends: the first 64 KiB are read and the answer classified at once, not after the timeout', async (t) => {
  let written = 0;
  const baseUrl = await serve(t, (_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const more = (): void => {
      while (!res.destroyed && res.write(chunk)) written += chunk.length;
      if (!res.destroyed) res.once('drain', more);
    };
    res.write('{"title":"');
    more();
  });
  const client = new RopoClient({ timeoutMs: 10_000 });
  const started = Date.now();
  const outcome = await client.postEvent(baseUrl, 'token', EVENT);
  const tookMs = Date.now() - started;
  assert.equal(outcome.kind, 'rejected');
  assert.equal(outcome.kind === 'rejected' && outcome.error.message, 'Ropo One refused the report (HTTP 400).', 'cut JSON is no problem text');
  assert.ok(tookMs < 5000, `answered in ${tookMs} ms`);
  assert.ok(written > MAX_ANSWER_BYTES, 'the server had sent more than was read');
});

test('readAnswer keeps exactly the first 64 KiB of a longer body, and all of a shorter one', async (t) => {
  const big = 'é'.repeat(MAX_ANSWER_BYTES); // two bytes each: twice the limit
  const baseUrl = await serve(t, (req, res) => res.writeHead(200).end(req.url?.endsWith('/big') ? big : 'short'));
  const text = await readAnswer(await fetch(`${baseUrl}/big`));
  assert.equal(Buffer.byteLength(text), MAX_ANSWER_BYTES);
  assert.equal(text, 'é'.repeat(MAX_ANSWER_BYTES / 2));
  assert.equal(await readAnswer(await fetch(`${baseUrl}/short`)), 'short');
});

test('Ropo One\'s title, detail and errorText are kept up to 1,000 characters, redacted like log lines', async (t) => {
  const token = `secret-token-${Date.now()}`;
  const apicode = `secret-apicode-${Date.now()}`;
  registerSecret('answers-test#token', token);
  registerSecret('answers-test#apicode', apicode);
  t.after(() => {
    forgetSecret('answers-test#token');
    forgetSecret('answers-test#apicode');
  });
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJjaWQiOiJkZW1vIn0.c2lnbmF0dXJl';
  const baseUrl = await serve(t, (req, res) => {
    if (req.url === '/rest/token') {
      // A server that echoes the request into its error (some do).
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorId: 7, errorText: `Bad login {"apicode":"${apicode}"} ${'x'.repeat(4000)}` }));
      return;
    }
    res.writeHead(422, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      status: 422, type: null,
      title: `Unprocessable ${'t'.repeat(3000)}`,
      detail: `Rejected request with Authorization: Bearer ${token} and ${jwt} ${'d'.repeat(5000)}`,
    }));
  });
  const client = new RopoClient();

  const event = await client.postEvent(baseUrl, token, EVENT);
  assert.equal(event.kind, 'rejected');
  const problem = event.kind === 'rejected' ? event.error.problem! : null;
  assert.equal([...problem!.title!].length, MAX_KEPT_CHARS);
  assert.ok(problem!.title!.endsWith('…'), 'a cut text says so');
  assert.equal([...problem!.detail!].length, MAX_KEPT_CHARS);
  assert.match(problem!.detail!, /^Rejected request with Authorization: Bearer \[redacted\] and \[redacted-token\] d+…$/);
  const message = event.kind === 'rejected' ? event.error.message : '';
  assert.ok(!message.includes(token) && !message.includes(jwt));
  assert.ok(message.length <= 2 * MAX_KEPT_CHARS + 2, `the message is built from the kept texts (${message.length})`);

  const signIn = await client.requestToken(baseUrl, 'cid', apicode);
  assert.equal(signIn.kind, 'refused');
  const text = signIn.kind === 'refused' ? signIn.error.message : '';
  assert.ok(!text.includes(apicode), 'the echoed apicode is redacted');
  assert.match(text, /^Bad login \{"apicode":"\[redacted\]"\} x+… \(error 7\)$/);
  assert.equal([...text.replace(/ \(error 7\)$/, '')].length, MAX_KEPT_CHARS);
});

test('407 (a proxy that wants a password): a proxy_auth pause where fetch shows the status; Node\'s fetch shows none', async (t) => {
  const baseUrl = await serve(t, (_req, res) => res.writeHead(407, { 'proxy-authenticate': 'Basic realm="depot"' }).end());
  // Node's fetch follows the Fetch standard: a 407 becomes a network error without the
  // status. The command line can only see "cannot reach", and retries (nothing is failed).
  const viaNode = await new RopoClient().postEvent(baseUrl, 'token', EVENT);
  assert.equal(viaNode.kind, 'retry');
  assert.equal(viaNode.kind === 'retry' && viaNode.error.code, 'server_unreachable');
  // A fetch that hands the 407 over (the app injects Electron's net.fetch; its proxy
  // handling is Chromium's, which this machine cannot run): the cause is named.
  const passesStatus: typeof fetch = async (input, init) => {
    await fetch(input, init).catch(() => null); // the real request still goes out
    return new Response(null, { status: 407 });
  };
  const viaPassing = await new RopoClient({ fetch: passesStatus }).postEvent(baseUrl, 'token', EVENT);
  assert.equal(viaPassing.kind, 'endpoint_refused');
  assert.equal(viaPassing.kind === 'endpoint_refused' && viaPassing.cause, 'proxy_auth');
  assert.match(viaPassing.kind === 'endpoint_refused' ? viaPassing.error.message : '', /proxy server .* wants a user name and password \(HTTP 407\)/);
});
