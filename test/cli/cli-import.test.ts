import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';
import { cp1252, utf16le } from '../helpers/excel-bytes.ts';
import { runCli } from './run-cli.ts';

// The import's "done when" of issues 14 and 8, end to end: files as Excel writes them,
// through the real CLI, delivered to the simulator over loopback.

let sim: Simulator;
let files: ReturnType<typeof tempDir>;
const keychain = testKeychainService();
const folders: ReturnType<typeof tempDir>[] = [];

before(async () => {
  sim = await startSimulator();
  files = tempDir();
});

after(async () => {
  for (const folder of folders) {
    await runCli(['sign-out'], envFor(folder.dir));
    folder.remove();
  }
  files.remove();
  await sim.close();
});

const envFor = (dataDir: string) => ({ USAGEPLACE_DATA_DIR: dataDir, USAGEPLACE_KEYCHAIN_SERVICE: keychain });

/** A data folder of its own, signed in to the simulator: a PC, or one whose outbox was lost. */
async function freshPc(): Promise<Record<string, string>> {
  const folder = tempDir();
  folders.push(folder);
  const env = envFor(folder.dir);
  const setup = await runCli(['setup', '--endpoint', sim.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
  assert.equal(setup.code, 0, setup.stderr);
  return env;
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(files.dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function listed(env: Record<string, string>): Promise<{ id: string; usageplacecode: string; state: string }[]> {
  const list = await runCli(['list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  return JSON.parse(list.stdout) as { id: string; usageplacecode: string; state: string }[];
}

test('a Windows-1252 semicolon file and a UTF-16LE tab file reach Ropo One with their text and times', async () => {
  const env = await freshPc();
  const finnish = file('fi.csv', cp1252(
    'Tila;Käyttöpaikka;Asiakasnumero;Aika;Kuvaus\r\n' +
    'notdisconnected;643007572062443672;A123456;4.1.2024 10.41;Mittari käytävässä, ovi lukossa (ö å €)\r\n',
  ));
  const imported = await runCli(['import', finnish], env);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /fi\.csv: Read as Windows-1252 \(Excel's CSV\), separated by semicolons\./);
  assert.match(imported.stdout, /Queued 1 report from fi\.csv\./);

  const norwegian = file('no.txt', utf16le('status\tforbrukssted\ttid\tbeskrivelse\r\nconnected\t643007572062443673\t05.01.2024 08:15\tMålerskap åpnet\r\n'));
  const unicode = await runCli(['import', norwegian], env);
  assert.equal(unicode.code, 0, unicode.stderr);
  assert.match(unicode.stdout, /Read as UTF-16LE \(Excel's "Unicode text"\), separated by tabs\./);

  assert.equal((await runCli(['sync', '--timeout', '20'], env)).code, 0);
  const got = sim.record().accepted.map((a) => a.event);
  const fi = got.find((e) => e.usageplacecode === '643007572062443672');
  assert.equal(fi?.description, 'Mittari käytävässä, ovi lukossa (ö å €)');
  assert.equal(fi?.time, '2024-01-04 10:41:00');
  assert.equal(fi?.customernumber, 'A123456');
  const no = got.find((e) => e.usageplacecode === '643007572062443673');
  assert.equal(no?.time, '2024-01-05 08:15:00');
  assert.equal(no?.description, 'Målerskap åpnet');
});

test('a code Excel turned into 6,43008E+17 is refused naming Excel and the fix; nothing from the file is queued', async () => {
  const env = await freshPc();
  const mangled = file('mangled.csv', cp1252('status;usageplacecode;time\r\ndisconnected;643007572062443674;4.1.2024 10.41\r\ndisconnected;6,43008E+17;4.1.2024 10.42\r\n'));
  const refused = await runCli(['import', mangled], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /line 3, usageplacecode: "6,43008E\+17" is a number Excel wrote in E-notation/);
  assert.match(refused.stderr, /format the column as Text before pasting the codes, or open the file through Data → From Text\/CSV/);
  assert.match(refused.stderr, /Nothing was queued from mangled\.csv\./);
  assert.deepEqual(await listed(env), []);
});

test('3 rows, then the same 3 plus one: 4 reports; the same 3 in a fresh data folder get the same 3 ids', async () => {
  const header = 'status;usageplacecode;customernumber;invoices;time;description';
  const rows = [
    'disconnected;IDEM-1;A1;594294:1234;4.1.2024 10.41;',
    'connected;IDEM-1;A1;;5.1.2024 8.15;',
    'notdisconnected;IDEM-2;A2;;2024-01-05 09:00;Meter room locked',
  ];
  const env = await freshPc();
  const three = await runCli(['import', file('three.csv', `${header}\n${rows.join('\n')}\n`)], env);
  assert.equal(three.code, 0, three.stderr);
  assert.match(three.stdout, /Queued 3 reports/);
  const firstIds = (await listed(env)).map((e) => e.id).sort();

  const four = await runCli(['import', file('four.csv', `\uFEFF${header}\r\n${[...rows, 'connected;IDEM-2;A2;;2024-01-06 10:00;'].join('\r\n')}\r\n`)], env);
  assert.equal(four.code, 0, four.stderr);
  assert.match(four.stdout, /3 rows already in the outbox, skipped; 1 queued\./);
  assert.equal((await listed(env)).length, 4);

  const otherPc = await freshPc();
  const again = await runCli(['import', file('three-again.csv', `${header}\n${rows.join('\n')}\n`)], otherPc);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual((await listed(otherPc)).map((e) => e.id).sort(), firstIds);
});
