import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { Core } from '../../electron/core/open-core.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';
import { runCli } from './run-cli.ts';

let sim: Simulator;
let data: ReturnType<typeof tempDir>;
let env: Record<string, string>;

before(async () => {
  sim = await startSimulator();
  data = tempDir();
  env = { USAGEPLACE_DATA_DIR: data.dir, USAGEPLACE_KEYCHAIN_SERVICE: testKeychainService() };
  const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
  assert.equal(setup.code, 0, setup.stderr);
  assert.match(setup.stdout, /Signed in to Custom/);
  assert.match(setup.stdout, /TEST/);
});

after(async () => {
  await runCli(['sign-out'], env);
  await sim.close();
  data.remove();
});

const uuid = /^[0-9a-f-]{36}\n$/;

test('setup refuses a wrong apicode with Ropo One\'s own text, and plain http to another host', async () => {
  const other = tempDir();
  try {
    const otherEnv = { ...env, USAGEPLACE_DATA_DIR: other.dir, USAGEPLACE_APICODE: 'wrong' };
    const wrong = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], otherEnv);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /sign_in_failed/);
    assert.match(wrong.stderr, /Invalid cid or apicode/);
    const http = await runCli(['setup', '--endpoint', 'http://ropo.example.com', '--cid', 'x'], otherEnv);
    assert.equal(http.code, 2);
    assert.match(http.stderr, /endpoint.*https/s);
    // The name localhost is not this computer for sure (hosts file, DNS suffix): its address is.
    const localhost = await runCli(['setup', '--endpoint', sim.url.replace('127.0.0.1', 'localhost'), '--cid', DEMO_CID], otherEnv);
    assert.equal(localhost.code, 2);
    assert.match(localhost.stderr, /endpoint.*127\.0\.0\.1 or \[::1\], not "localhost"/s);
    const noCid = await runCli(['setup', '--endpoint', 'fi-test'], otherEnv);
    assert.equal(noCid.code, 2);
    assert.match(noCid.stderr, /cid/);
  } finally {
    other.remove();
  }
});

test('setup against an address that refuses the sign-in (403, 404) says why and what to check, not that sending is paused', async () => {
  const other = tempDir();
  try {
    const otherEnv = { ...env, USAGEPLACE_DATA_DIR: other.dir, USAGEPLACE_APICODE: DEMO_APICODE };
    sim.setFaults({ failTokenWithStatus: 403 });
    const blocked = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], otherEnv);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /^Not done \(sign_in_refused\): Could not sign in: /);
    assert.match(blocked.stderr, /refused this computer \(HTTP 403\): a firewall or a security filter may be blocking it\. Check with IT/);
    assert.match(blocked.stderr, /Nothing was saved\./);
    sim.setFaults({ failTokenWithStatus: 404 });
    const wrong = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], otherEnv);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /There is no Ropo One sign-in at http:\/\/127\.0\.0\.1:\d+\/rest \(HTTP 404\): the address looks wrong\. Check the environment or the custom URL\./);
    for (const out of [blocked.stderr, wrong.stderr]) assert.doesNotMatch(out, /paused|takes reports|endpoint_refused/);
    // Nothing was saved: this data folder has no settings.
    const status = await runCli(['status'], otherEnv);
    assert.doesNotMatch(status.stdout, /Signed in/);
  } finally {
    sim.setFaults({ failTokenWithStatus: null });
    other.remove();
  }
});

test('settings that name Ropo One\'s production by a custom URL show as production, never TEST', async () => {
  const other = tempDir();
  try {
    // As an older version stored it, before custom URLs of Ropo One became its presets.
    const core = new Core({ dataDir: other.dir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE });
    core.meta.set('settings', { endpoint: { kind: 'custom', baseUrl: 'https://ropo24.fi/rest' }, cid: 'c1' });
    await core.close();
    const status = await runCli(['status'], { ...env, USAGEPLACE_DATA_DIR: other.dir });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^Environment: Finland production as c1$/m);
    assert.doesNotMatch(status.stdout, /TEST/);
  } finally {
    other.remove();
  }
});

test('report prints only the id once queued; bad input names the option and queues nothing', async () => {
  const ok = await runCli(['report', '--status', 'disconnected', '--usageplace', 'CLI-1', '--invoice', '594294:1234', '--invoice', '594295:1235'], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, uuid);

  const before = JSON.parse((await runCli(['list', '--json'], env)).stdout) as unknown[];
  const bad = await runCli(['report', '--status', 'notdisconnected', '--usageplace', '  ', '--invoice', '77:x', '--time', '2999-01-01 00:00:00'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--usageplace: Usage place code is required/);
  assert.match(bad.stderr, /--description: /);
  assert.match(bad.stderr, /--invoice \(1\).*whole number/);
  assert.match(bad.stderr, /--time: The time cannot be in the future/);
  assert.equal(bad.stdout, '');
  const afterBad = JSON.parse((await runCli(['list', '--json'], env)).stdout) as unknown[];
  assert.equal(afterBad.length, before.length, 'nothing queued by a bad report');

  const unknown = await runCli(['report', '--stat', 'x'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--stat/);
});

test('list --json has the fields scripts rely on; sync delivers and exits 0', async () => {
  const id = (await runCli(['report', '--status', 'connected', '--usageplace', 'CLI-2', '--time', '2024-01-04 10:41:40'], env)).stdout.trim();
  const sync = await runCli(['sync', '--timeout', '20'], env);
  assert.equal(sync.code, 0, sync.stderr);
  const list = JSON.parse((await runCli(['list', '--json', '--state', 'sent'], env)).stdout) as Record<string, unknown>[];
  const entry = list.find((e) => e.id === id);
  assert.ok(entry, 'the report is listed as sent');
  for (const key of ['id', 'state', 'status', 'usageplacecode', 'time', 'attempts', 'lastError']) assert.ok(key in entry, key);
  assert.equal(entry.time, '2024-01-04 10:41:40');
  assert.ok(sim.record().accepted.some((a) => a.event.id === id));
  const table = await runCli(['list'], env);
  assert.match(table.stdout, /USAGE PLACE/);
  assert.match(table.stdout, /CLI-2/);
});

test('sync exits 3 when a report failed for good, and status says why; 4 when time runs out', async () => {
  sim.setFaults({ status: 422, statusCount: 1 });
  const id = (await runCli(['report', '--status', 'disconnected', '--usageplace', 'CLI-3'], env)).stdout.trim();
  const held = (await runCli(['report', '--status', 'connected', '--usageplace', 'CLI-3'], env)).stdout.trim();
  const sync = await runCli(['sync', '--timeout', '20'], env);
  assert.equal(sync.code, 3, sync.stderr);
  assert.match(sync.stderr, /1 failed and 1 held/);
  const status = await runCli(['status'], env);
  assert.match(status.stdout, /failed 1/);
  assert.match(status.stdout, /held 1/);
  assert.match(status.stdout, /a failed report holds its usage place/);
  const discard = await runCli(['discard', id], env);
  assert.equal(discard.code, 0, discard.stderr);
  assert.equal((await runCli(['sync', '--timeout', '20'], env)).code, 0);
  assert.ok(sim.record().accepted.some((a) => a.event.id === held), 'the held report went after the discard');

  sim.setFaults({ offline: true });
  try {
    await runCli(['report', '--status', 'disconnected', '--usageplace', 'CLI-4'], env);
    const timedOut = await runCli(['sync', '--timeout', '1'], env);
    assert.equal(timedOut.code, 4);
    assert.match(timedOut.stderr, /Time ran out with 1 report/);
    assert.match(timedOut.stderr, /cannot be reached/);
  } finally {
    sim.setFaults({ offline: false });
  }
  assert.equal((await runCli(['sync', '--timeout', '30'], env)).code, 0);
});

test('sync starts by trying: a report waiting out a long backoff on a network reason goes at once', async () => {
  sim.setFaults({ offline: true });
  let id: string;
  try {
    id = (await runCli(['report', '--status', 'disconnected', '--usageplace', 'CLI-5'], env)).stdout.trim();
    assert.equal((await runCli(['sync', '--timeout', '1'], env)).code, 4);
  } finally {
    sim.setFaults({ offline: false });
  }
  // As after an hour of failed tries: the next one ten minutes away.
  const clerk = new Core({ dataDir: data.dir, keychainService: env.USAGEPLACE_KEYCHAIN_SERVICE! });
  clerk.db.prepare('UPDATE reports SET next_attempt_at = ? WHERE id = ?').run(Date.now() + 600_000, id);
  await clerk.close();
  const status = await runCli(['status'], env);
  // The countdown rounds up: within the first second it still reads ten minutes.
  assert.match(status.stdout, /^Waiting: Ropo One cannot be reached; next try in (9 min \d+|10 min 0) s/m);
  assert.match(status.stdout, /^Circuit: closed/m, 'no process delivers, so no circuit holds anything');

  // Exit 0, not 4: delivered within sync's own five seconds (Node's start-up not counted), not ten minutes.
  const sync = await runCli(['sync', '--timeout', '5'], env);
  assert.equal(sync.code, 0, sync.stderr);
});

test('status and list read right: a reason ends with one full stop, and the column is headed for what it shows', async () => {
  sim.setFaults({ offline: true });
  try {
    await runCli(['report', '--status', 'disconnected', '--usageplace', 'CLI-6'], env);
    assert.equal((await runCli(['sync', '--timeout', '1'], env)).code, 4);
    const status = await runCli(['status'], env);
    const reason = status.stdout.split('\n').find((l) => l.startsWith('Waiting:'));
    assert.match(reason ?? '', /^Waiting: Ropo One cannot be reached; next try .+ \(Could not reach Ropo One \(\w+\)\)\.$/);
    assert.doesNotMatch(reason ?? '', /\.\)|\.\.$/, 'no full stop inside the brackets, one at the end');
  } finally {
    sim.setFaults({ offline: false });
  }
  assert.equal((await runCli(['sync', '--timeout', '20'], env)).code, 0);
  const list = await runCli(['list', '--search', 'CLI-6'], env);
  assert.match(list.stdout, /^TIME +STATE +STATUS +USAGE PLACE +TRIES +SENT AT \/ LAST ERROR +ID$/m);
  assert.match(list.stdout, /sent +disconnected +CLI-6 +\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +[0-9a-f-]{36}$/m, 'a sent report: when it was sent');
});

test('import queues a whole file, refuses bad rows by line and field, and queues nothing twice', async () => {
  const dir = tempDir();
  try {
    const good = join(dir.dir, 'good.csv');
    writeFileSync(good, '\uFEFFstatus;usageplacecode;invoices;description;time\r\ndisconnected;CSV-1;594294:1234 594295:1235;;4.1.2024 10.41\r\nnotdisconnected;CSV-2;;Meter room locked;4.1.2024 10.42\r\n');
    const first = await runCli(['import', good], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /good\.csv: Read as UTF-8 \(Excel's "CSV UTF-8"\), separated by semicolons\./);
    assert.match(first.stdout, /Queued 2 reports/);
    const again = await runCli(['import', good], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /2 rows already in the outbox, skipped; 0 queued\./);

    const bad = join(dir.dir, 'bad.csv');
    writeFileSync(bad, 'status,usageplacecode,invoices,time\ndisconnected,CSV-3,1:2,4.1.2024 10.41\nexploded,CSV-4,,4.1.2024 10.41\nconnected,,3:x,4.1.2024 10.41\n');
    const refused = await runCli(['import', bad], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /line 3, status: "exploded" is not a status/);
    assert.match(refused.stderr, /line 4, usageplacecode: The usage place code is required/);
    assert.match(refused.stderr, /line 4, invoices: "3:x": the job ID/);
    assert.match(refused.stderr, /Nothing was queued from bad\.csv/);
    const list = JSON.parse((await runCli(['list', '--json', '--search', 'CSV-3'], env)).stdout) as unknown[];
    assert.equal(list.length, 0, 'nothing from a file with bad rows is queued');
  } finally {
    dir.remove();
  }
});

test('npx usageplace works from the project root', async () => {
  const help = await runCli(['help'], env, { command: ['npx', '--no-install', 'usageplace'] });
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /usageplace report --status/);
});

test('no apicode or token in the data directory or the CLI output', async () => {
  const status = await runCli(['status', '--json'], env);
  assert.ok(!status.stdout.includes(DEMO_APICODE));
  assert.doesNotMatch(status.stdout, /eyJ[\w-]+\./, 'no JWT in the output');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(data.dir);
  assert.ok(files.some((f) => f.endsWith('outbox.sqlite')));
  for (const f of files) {
    const bytes = readFileSync(f).toString('latin1');
    assert.ok(!bytes.includes(DEMO_APICODE), `apicode in ${f}`);
    assert.doesNotMatch(bytes, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./, `a token in ${f}`);
  }
});
