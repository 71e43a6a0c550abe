// Tokens over time, with an injected clock (no waiting two hours): renewed 5 minutes before
// a JWT's `exp`, or 2 hours after an opaque token was issued; kept in memory when the
// keychain refuses them; and the redaction list holds each target's current secrets only.
// Real HTTP over loopback, the real keychain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { harness, testKeychainService, until, FAST_BACKOFF, DEMO_APICODE, DEMO_CID, tempDir } from '../helpers/harness.ts';
import { Credentials } from '../../electron/core/credentials.ts';
import { KeytarSecretStore } from '../../electron/core/keytar-secret-store.ts';
import { RopoClient } from '../../electron/core/ropo-client.ts';
import { redact, registeredSecretCount } from '../../electron/core/redact.ts';
import { DOCUMENTED_TOKEN_LIFETIME_MS } from '../../electron/core/token-expiry.ts';
import type { SecretStore } from '../../electron/core/secret-store.ts';
import { Core } from '../../electron/core/open-core.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';

const MINUTE = 60_000;
const RENEW_MARGIN_MS = 5 * MINUTE;

/**
 * A Ropo One whose tokens are opaque (not JWTs), `tokenBytes` long, and that takes events
 * only with a token it issued. Real HTTP on loopback.
 */
async function opaqueTokenServer(tokenBytes = 40): Promise<{ apiUrl: string; issued: string[]; events: number; close: () => Promise<void> }> {
  const state = { issued: [] as string[], events: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/rest/token') {
        const token = `opaque-${state.issued.length + 1}-`.padEnd(tokenBytes, 'x');
        state.issued.push(token);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      } else if (req.url === '/rest/usageplace/event') {
        const ok = state.issued.includes((req.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (ok) state.events += 1;
        res.writeHead(ok ? 200 : 401).end();
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest`;
  return {
    apiUrl,
    get issued() {
      return state.issued;
    },
    get events() {
      return state.events;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('a JWT is renewed 5 minutes before its exp, not sooner (injected clock)', async (t) => {
  const h = await harness({ signIn: false });
  t.after(() => h.close());
  let now = Date.now();
  const credentials = new Credentials(new KeytarSecretStore(h.keychainService), new RopoClient(), { now: () => now });
  const target = { baseUrl: h.sim.apiUrl, cid: DEMO_CID };
  t.after(() => credentials.signOut(target));
  const { expiresAt } = await credentials.signIn(target, DEMO_APICODE);
  // The simulator's JWT lives 2 hours from its own (whole-second) clock.
  assert.ok(Math.abs(expiresAt - (now + DOCUMENTED_TOKEN_LIFETIME_MS)) < 2000, 'expiresAt is the JWT exp');
  const first = credentials.tokenAtHand(target);
  assert.ok(first);

  now = expiresAt - RENEW_MARGIN_MS - 1;
  assert.equal(credentials.tokenAtHand(target), first, 'good until 5 minutes before exp');
  const same = await credentials.token(target);
  assert.equal(same.kind === 'token' && same.token, first);
  assert.equal(h.sim.record().tokensIssued, 1, 'no renewal yet');

  now = expiresAt - RENEW_MARGIN_MS;
  assert.equal(credentials.tokenAtHand(target), null, 'from 5 minutes before exp on, the token at hand is not used');
  const renewed = await credentials.token(target);
  assert.equal(renewed.kind, 'token');
  assert.notEqual(renewed.kind === 'token' && renewed.token, first, 'a new token');
  assert.equal(h.sim.record().tokensIssued, 2, 'renewed once');
});

test('an opaque token counts as 2 hours from issue; renewals replace it in the redaction list instead of piling up', async (t) => {
  const ropo = await opaqueTokenServer();
  t.after(() => ropo.close());
  const keychainService = testKeychainService();
  const t0 = Date.parse('2025-03-01T08:00:00Z');
  let now = t0;
  const credentials = new Credentials(new KeytarSecretStore(keychainService), new RopoClient(), { now: () => now });
  const target = { baseUrl: ropo.apiUrl, cid: 'opaque-cid' };
  t.after(() => credentials.signOut(target));
  const apicode = `apicode-${Date.now()}`;
  const { expiresAt } = await credentials.signIn(target, apicode);
  assert.equal(expiresAt, t0 + DOCUMENTED_TOKEN_LIFETIME_MS, 'issued at + the documented 2 hours');
  assert.equal((await credentials.session(target)).tokenExpiresAt, t0 + DOCUMENTED_TOKEN_LIFETIME_MS);
  const secretsAfterSignIn = registeredSecretCount();

  now = t0 + DOCUMENTED_TOKEN_LIFETIME_MS - RENEW_MARGIN_MS - 1;
  assert.equal(credentials.tokenAtHand(target), ropo.issued[0]);
  now += 1;
  assert.equal(credentials.tokenAtHand(target), null, '1 h 55 min after issue it is renewed');

  // A month of renewals, every 1 h 55 min.
  for (let i = 0; i < 12 * 30; i++) {
    const token = await credentials.token(target);
    assert.equal(token.kind, 'token');
    assert.equal(token.kind === 'token' && token.expiresAt, now + DOCUMENTED_TOKEN_LIFETIME_MS);
    now += DOCUMENTED_TOKEN_LIFETIME_MS - RENEW_MARGIN_MS;
  }
  assert.equal(ropo.issued.length, 1 + 12 * 30);
  assert.equal(registeredSecretCount(), secretsAfterSignIn, 'the same number of secrets: the current token replaced the last');
  const current = ropo.issued.at(-1)!;
  assert.equal(redact(`token ${current} apicode ${apicode}`), 'token [redacted] apicode [redacted]');
  assert.equal(redact(ropo.issued[0]!), ropo.issued[0], 'a token long replaced is no longer on the list');
});

test('a token the keychain refuses (over Windows\' 2,560 bytes) is kept in memory, delivery goes on, and the log says so', async (t) => {
  // Windows' Credential Manager refuses a secret over 2,560 bytes; the Secret Service here
  // takes anything, so this store puts that one limit in front of the real keychain.
  const CREDENTIAL_MANAGER_MAX_BYTES = 2560;
  const keychainService = testKeychainService();
  const real = new KeytarSecretStore(keychainService);
  const refusedWrites: string[] = [];
  const credentialManagerSized: SecretStore = {
    get: (account) => real.get(account),
    delete: (account) => real.delete(account),
    set: async (account, secret) => {
      if (Buffer.byteLength(secret) > CREDENTIAL_MANAGER_MAX_BYTES) {
        refusedWrites.push(account);
        throw new Error('The stub received bad data.'); // what keytar reports on Windows
      }
      await real.set(account, secret);
    },
  };
  const ropo = await opaqueTokenServer(3000);
  const tmp = tempDir();
  const warnings: string[] = [];
  const log = { info: () => {}, warn: (...parts: unknown[]) => warnings.push(parts.join(' ')), error: () => {} };
  const core = new Core({ dataDir: tmp.dir, secrets: credentialManagerSized, log });
  t.after(async () => {
    await core.account.signOut();
    await core.close();
    await ropo.close();
    tmp.remove();
  });

  await core.account.setup(parseEndpointName(ropo.apiUrl), 'big-token', DEMO_APICODE);
  const target = core.settings.currentTarget();
  assert.deepEqual(refusedWrites, [`big-token@${target.baseUrl}#token`], 'the keychain refused the token (and only it)');
  assert.equal(await real.get(`big-token@${target.baseUrl}`), DEMO_APICODE, 'the apicode is in the keychain');
  assert.equal(await real.get(`big-token@${target.baseUrl}#token`), null, 'no token in the keychain');
  assert.equal(core.credentials.tokenAtHand(target), ropo.issued[0], 'the token is kept in memory');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /keychain did not store the token for big-token .*\(\d{4} bytes: The stub received bad data\.\)\. It is kept in memory only/);
  assert.ok(!warnings[0]!.includes(ropo.issued[0]!), 'the log line does not carry the token');

  core.reports.create({ status: 'disconnected', usageplacecode: 'UP-BIG-TOKEN' });
  core.startDelivery({ backoff: FAST_BACKOFF });
  await until(() => core.store.counts().sent === 1, 'delivered with the token from memory');
  assert.equal(ropo.issued.length, 1, 'no new token was needed');
  assert.equal(ropo.events, 1);
});
