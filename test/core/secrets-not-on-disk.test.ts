// DESIGN.md, Credentials: the apicode and the tokens live only in the OS keychain. After a
// real run (sign-in, a wrong sign-in, token renewals, deliveries, a rejection, retries and a
// log), not one byte of them may be in the data directory: SQLite file, -wal, -shm, logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { harness, until, FAST_BACKOFF } from '../helpers/harness.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';
import { AuthToken } from '../../shared/usageplace-event.ts';
import { KeytarSecretStore } from '../../electron/core/keytar-secret-store.ts';
import { createLog } from '../../electron/core/log.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file of the data directory in which one of `secrets` occurs, as bytes. */
function leaks(dir: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const [name, secret] of Object.entries(secrets)) {
      if (bytes.includes(Buffer.from(secret, 'utf8'))) found.push(`${name} in ${file}`);
    }
  }
  return found;
}

test('no apicode and no token in any file of the data directory, and the log redacts them', async (t) => {
  const cid = 'depot-7';
  const apicode = `apicode-${randomUUID()}`;
  const wrongApicode = `wrong-${randomUUID()}`;
  const h = await harness({ sim: { accounts: [{ cid, apicode }] }, signIn: false });
  let coreClosed = false;
  t.after(async () => {
    if (!coreClosed) {
      // The test failed half-way: still sign out (the keychain) and stop the worker.
      await h.core.account.signOut().catch(() => {});
      await h.core.close();
    }
    await h.sim.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  });

  // Every token the client is given (a spy on the real call; nothing about it changes).
  const tokens: string[] = [];
  const client = h.core.client;
  const requestToken = client.requestToken.bind(client);
  client.requestToken = async (...args) => {
    const outcome = await requestToken(...args);
    if (outcome.kind === 'token') tokens.push(outcome.token);
    return outcome;
  };

  const endpoint = parseEndpointName(h.sim.url);
  await assert.rejects(h.core.account.setup(endpoint, cid, wrongApicode), { code: 'sign_in_failed' });
  await h.core.account.setup(endpoint, cid, apicode);
  const target = h.core.settings.currentTarget();
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
  const create = (usageplacecode: string) => h.core.reports.create({ status: 'disconnected', usageplacecode }).entry.id;

  // Deliveries, a 503 retried, a 400 kept with its problem.
  h.sim.setFaults({ status: 503, statusCount: 1 });
  create('UP-1');
  await until(() => h.core.store.counts().sent === 1, 'first sent');
  h.sim.setFaults({ status: 400, statusCount: 1 });
  create('UP-2');
  await until(() => h.core.store.counts().failed === 1, 'one failed');
  // Renewal on a 401: every token so far is revoked.
  h.sim.expireTokens();
  create('UP-3');
  await until(() => h.core.store.counts().sent === 2, 'sent after a fresh token');
  // Renewal before expiry: tokens now live 60 s, inside the renew margin, so each use renews.
  h.sim.setFaults({ tokenTtlSeconds: 60 });
  h.sim.expireTokens();
  for (let i = 0; i < 4; i++) {
    create(`UP-R${i}`);
    await until(() => h.core.store.counts().sent === 3 + i, `renewal delivery ${i}`);
  }
  assert.ok(tokens.length >= 4, `several tokens were issued (${tokens.length})`);
  assert.equal(h.sim.record().tokensIssued, tokens.length, 'the spy saw every token the simulator issued');

  // The keychain holds the current one.
  const keychain = new KeytarSecretStore(h.keychainService);
  const stored = await keychain.get(`${cid}@${target.baseUrl}#token`);
  assert.ok(stored, 'a token is in the keychain');
  const current = (JSON.parse(stored) as { token: string }).token;
  assert.ok(tokens.includes(current));
  assert.equal(await keychain.get(`${cid}@${target.baseUrl}`), apicode, 'the apicode is in the keychain');

  // A log line carrying secrets in every shape they could take.
  const unregistered = AuthToken.parse(
    await (await fetch(`${h.sim.apiUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cid, apicode }),
    })).json(),
  ).token; // a token that never passed through Credentials: only the JWT pattern can catch it
  const log = createLog(h.dataDir, 'core');
  log.info(`signed in as ${cid} with apicode ${apicode}, token ${current}`);
  log.warn({ cid, apicode, token: tokens[0] });
  log.error(new Error(`POST /rest/usageplace/event failed; Authorization: Bearer ${tokens.at(-1)}`));
  log.info(`request body {"cid":"${cid}","apicode":"${wrongApicode}"}`);
  log.info(`apicode=${wrongApicode} and a stray token ${unregistered}`);

  const secrets: Record<string, string> = { apicode, wrongApicode, unregistered };
  tokens.forEach((tok, i) => {
    secrets[`token ${i}`] = tok;
    secrets[`token ${i} signature`] = tok.split('.')[2]!;
  });

  // While the database is open: main file, -wal and -shm.
  const openFiles = filesUnder(h.dataDir).map((f) => f.slice(h.dataDir.length + 1)).sort();
  assert.ok(openFiles.includes('outbox.sqlite-wal'), `the WAL is there to be checked (${openFiles.join(', ')})`);
  assert.ok(openFiles.includes(join('logs', 'core.log')));
  assert.deepEqual(leaks(h.dataDir, secrets), []);

  const logText = readFileSync(join(h.dataDir, 'logs', 'core.log'), 'utf8');
  assert.match(logText, /signed in as depot-7 with apicode \[redacted\], token \[redacted\]/);
  assert.match(logText, /Bearer \[redacted\]/);
  assert.match(logText, /\[redacted-token\]/, 'the unregistered JWT is masked by its shape');
  assert.equal((logText.match(/\[redacted/g) ?? []).length >= 8, true, logText);
  assert.match(logText, /depot-7/, 'the log was written, with the cid (not a secret) kept');

  // After closing: the WAL checkpointed into the main file.
  await worker.stop();
  await h.core.account.signOut();
  await h.core.close();
  coreClosed = true;
  assert.deepEqual(leaks(h.dataDir, secrets), []);
  assert.equal(await keychain.get(`${cid}@${target.baseUrl}`), null, 'signing out removed the apicode');
  assert.equal(await keychain.get(`${cid}@${target.baseUrl}#token`), null, 'and the token');

  // The scan itself can find a secret: the apicode written into a file of the directory is seen.
  const probe = join(h.dataDir, 'logs', 'probe.txt');
  (await import('node:fs')).writeFileSync(probe, `x${apicode}x`);
  assert.deepEqual(leaks(h.dataDir, { apicode }), [`apicode in ${probe}`]);
});
