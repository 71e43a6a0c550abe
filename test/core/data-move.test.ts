import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Core } from '../../electron/core/open-core.ts';
import { databaseFile, legacyDataDir, platformDataDir, type PlatformEnv } from '../../electron/core/data-paths.ts';
import { readMovedTo, type MoveStep } from '../../electron/core/data-move.ts';
import { openWhereResolved, resolveDataDir, type ResolvedDataDir } from '../../electron/core/resolve-data-dir.ts';
import { startSimulator, type Simulator } from '../../electron/sandbox/simulator.ts';
import { parseEndpointName } from '../../shared/endpoint.ts';
import { DEMO_APICODE, DEMO_CID, FAST_BACKOFF, tempDir, testKeychainService, until } from '../helpers/harness.ts';

// The one-time move of the outbox out of the old roaming folder: per platform with an
// injected environment (real folders, real SQLite files), refused while the old outbox is
// busy, and killed at every step: afterwards the move has completed or rolled back, no two
// copies could both deliver, and exactly one outbox delivers every report exactly once.

const CHILD = fileURLToPath(new URL('../fixtures/move-child.ts', import.meta.url));
const REPORTS = 40;

let sim: Simulator;
let keychainService: string;
const temps: { remove: () => void }[] = [];

before(async () => {
  sim = await startSimulator();
  keychainService = testKeychainService();
  const signer = tempDir();
  temps.push(signer);
  const core = new Core({ dataDir: signer.dir, keychainService });
  await core.account.setup(parseEndpointName(sim.url), DEMO_CID, DEMO_APICODE);
  await core.close();
});

after(async () => {
  const core = new Core({ dataDir: tempDir().dir, keychainService });
  core.settings.set({ endpoint: parseEndpointName(sim.url), cid: DEMO_CID });
  await core.account.signOut().catch(() => {});
  await core.close();
  await sim.close();
  for (const t of temps) t.remove();
});

/** A machine laid out in a temporary folder: the platform's rules, this machine's paths. */
function machine(platform: NodeJS.Platform): PlatformEnv {
  const t = tempDir('upr-move-');
  temps.push(t);
  const env: NodeJS.ProcessEnv = platform === 'win32'
    ? { APPDATA: join(t.dir, 'Roaming'), LOCALAPPDATA: join(t.dir, 'Local') }
    : { XDG_CONFIG_HOME: join(t.dir, 'config'), XDG_DATA_HOME: join(t.dir, 'share') };
  return { platform, env, home: t.dir, join };
}

/** An outbox in the old place, as an older version left it: reports queued, a log file. */
async function oldOutbox(where: PlatformEnv): Promise<{ dir: string; ids: string[] }> {
  const dir = legacyDataDir(where)!;
  const core = new Core({ dataDir: dir, keychainService });
  core.settings.set({ endpoint: parseEndpointName(sim.url), cid: DEMO_CID });
  const ids: string[] = [];
  for (let i = 0; i < REPORTS; i++) {
    ids.push(core.reports.create({ status: 'disconnected', usageplacecode: `MOVE-${i}`, description: 'x'.repeat(200) }).entry.id);
  }
  await core.close();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'logs', 'main.log'), 'a line from before the move\n');
  return { dir, ids };
}

/** Could this file deliver? It exists and is not marked as moved. */
function live(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return readMovedTo(db) === null;
  } finally {
    db.close();
  }
}

/** Delivers from `dataDir` until nothing waits; returns how often the simulator accepted each id. */
async function deliverAll(dataDir: string, ids: string[]): Promise<Map<string, number>> {
  const core = new Core({ dataDir, keychainService, requestTimeoutMs: 3000 });
  core.startDelivery({ backoff: FAST_BACKOFF });
  try {
    await until(() => core.store.counts().sent === ids.length, `${ids.length} reports sent from ${dataDir}`, 20_000);
  } finally {
    await core.close();
  }
  const counts = new Map<string, number>();
  for (const a of sim.record().accepted) if (ids.includes(a.event.id)) counts.set(a.event.id, (counts.get(a.event.id) ?? 0) + 1);
  return counts;
}

describe('moving the outbox to the machine-local folder', () => {
  for (const platform of ['win32', 'linux'] as const) {
    test(`${platform}: moved once, logged, the old folder left with a note; the next start finds it moved`, async () => {
      const where = machine(platform);
      const { dir: from, ids } = await oldOutbox(where);
      const to = platformDataDir(where);
      const first = resolveDataDir(where);
      assert.equal(first.dataDir, to);
      assert.deepEqual(first.move, { kind: 'moved', reports: REPORTS, finished: false });
      assert.match(first.notes.join('\n'), new RegExp(`moved the outbox \\(${REPORTS} reports\\) from .* to `));
      assert.ok(!existsSync(databaseFile(from)), 'the old database is gone');
      for (const suffix of ['-wal', '-shm', '-journal', '.moving']) {
        assert.ok(!existsSync(databaseFile(from) + suffix) && !existsSync(databaseFile(to) + suffix), suffix);
      }
      assert.match(readFileSync(join(from, 'MOVED.txt'), 'utf8'), /moved to/);
      assert.equal(readFileSync(join(to, 'logs', 'main.log'), 'utf8'), 'a line from before the move\n');
      const again = resolveDataDir(where);
      assert.deepEqual({ dir: again.dataDir, move: again.move, notes: again.notes }, { dir: to, move: { kind: 'already-moved' }, notes: [] });
      const counts = await deliverAll(to, ids);
      assert.deepEqual([...counts.values()], ids.map(() => 1));
    });
  }

  test('macOS and a fresh machine: nothing to move', () => {
    const where = machine('darwin');
    assert.deepEqual(resolveDataDir(where).move, null);
    const fresh = machine('linux');
    assert.deepEqual(resolveDataDir(fresh).move, { kind: 'nothing' });
    assert.equal(resolveDataDir(fresh).dataDir, platformDataDir(fresh));
  });

  test('while another program has the old outbox open, or delivers from it, it stays where it is this time', async () => {
    const where = machine('win32');
    const { dir: from } = await oldOutbox(where);
    const open = new Core({ dataDir: from, keychainService });
    const busy = resolveDataDir(where, { leaseWaitMs: 200 });
    await open.close();
    assert.equal(busy.dataDir, from);
    assert.equal(busy.move?.kind, 'deferred');
    assert.match(busy.notes.join('\n'), /stays in .* for now: another program has the old outbox open/);

    // A live deliverer's lease (this very process, as another owner).
    const db = new DatabaseSync(databaseFile(from));
    db.prepare("INSERT INTO lease (name, owner, host, pid, expires_at) VALUES ('delivery', 'other', ?, ?, ?)").run(hostname(), process.pid, Date.now() + 60_000);
    db.close();
    const leased = resolveDataDir(where, { leaseWaitMs: 200 });
    assert.equal(leased.dataDir, from);
    assert.match(leased.notes.join('\n'), /another program is delivering from the old folder/);

    const db2 = new DatabaseSync(databaseFile(from));
    db2.exec('DELETE FROM lease');
    db2.close();
    assert.equal(resolveDataDir(where).move?.kind, 'moved');
  });

  test('a moved copy refuses to open, so it can never deliver again', async () => {
    const where = machine('linux');
    await oldOutbox(where);
    const from = legacyDataDir(where)!;
    // Put a marked copy back where the old one was, as a crash after the commit would leave it.
    resolveDataDir(where);
    copyFileSync(databaseFile(platformDataDir(where)), databaseFile(from));
    const db = new DatabaseSync(databaseFile(from));
    db.prepare('INSERT INTO meta VALUES (?, ?)').run('moved_to', JSON.stringify({ dir: platformDataDir(where), at: 1 }));
    db.close();
    assert.throws(() => new Core({ dataDir: from, keychainService }), /has moved to/);
  });

  // ('finishing' comes only when a cut-short move is finished: see "two starts at once".)
  const STEPS: MoveStep[] = [
    'old-opened', 'lease', 'single-file', 'copying', 'copied', 'copy-ready', 'marked', 'marker-committed', 'renamed', 'old-removed',
  ];
  for (const killAt of STEPS) {
    test(`killed at "${killAt}": the move completes or rolls back, and exactly one outbox delivers each report once`, async () => {
      const where = machine('win32');
      const { dir: from, ids } = await oldOutbox(where);
      const to = platformDataDir(where);
      const { env: _env, join: _join, ...rest } = where;
      const run = (kill: MoveStep | null) =>
        promisify(execFile)(process.execPath, [CHILD, JSON.stringify({ where: { ...rest, env: where.env }, killAt: kill })], { timeout: 30_000 })
          .then((r) => ({ killed: false, out: r.stdout }), (err: { stdout?: string; stderr?: string }) => {
            if (!err.stdout?.includes(`killed at ${kill}`)) throw new Error(`the mover failed: ${err.stderr}`);
            return { killed: true, out: '' };
          });
      const killed = await run(killAt);
      assert.equal(killed.killed, true, `the mover reached ${killAt}`);
      // Right after the kill: never two copies that could both deliver.
      assert.ok(!(live(databaseFile(from)) && live(databaseFile(to))), 'two live outboxes after the kill');

      const resumed = JSON.parse((await run(null)).out) as { dataDir: string; move: { kind: string } };
      assert.equal(resumed.dataDir, to, `after a kill at ${killAt} the next start moves (${JSON.stringify(resumed.move)})`);
      assert.ok(live(databaseFile(to)));
      assert.ok(!live(databaseFile(from)), 'the old copy cannot deliver');
      const counts = await deliverAll(to, ids);
      assert.equal(counts.size, REPORTS, 'every report delivered');
      assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'none twice');
    });
  }
});

/** The whole outbox of `dataDir`, read as it is on disk: every report's id. */
function reportIds(dataDir: string): string[] {
  const db = new DatabaseSync(databaseFile(dataDir), { readOnly: true });
  try {
    return (db.prepare('SELECT id FROM reports').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

interface MoverResult extends ResolvedDataDir {
  /** Set when the mover also opened the outbox as the CLI does and queued a report there. */
  queued?: string;
  openedIn?: string;
  resolutions?: number;
}

/** A start in a process of its own (fixtures/move-child.ts); `paused` resolves when it stops at its pause step. */
function mover(where: PlatformEnv, config: { queue?: string; pauseAt?: { step: MoveStep; ms: number }; leaseWaitMs?: number }) {
  const { join: _join, ...rest } = where;
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ where: rest, ...config })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onPause: () => void = () => {};
  const paused = new Promise<void>((r) => (onPause = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('paused at')) onPause();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<MoverResult>((resolve, reject) => {
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`the mover exited with ${code}: ${err}`));
      resolve(JSON.parse(last) as MoverResult);
    });
  });
  return { paused, done };
}

describe('two starts at once', () => {
  test('race: two processes start together, each opens the outbox as the CLI does and queues a report; none is stranded', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 8; round++) {
      const where = machine(round % 2 === 0 ? 'linux' : 'win32');
      const { dir: from, ids } = await oldOutbox(where);
      const to = platformDataDir(where);
      const results = await Promise.all(['A', 'B'].map((who) => mover(where, { queue: `RACE-${round}-${who}` }).done));
      const ctx = `round ${round}: ${JSON.stringify(results.map((r) => ({ move: r.move, dataDir: r.dataDir, openedIn: r.openedIn })))}`;
      assert.deepEqual(results.map((r) => r.move?.kind).sort(), ['already-moved', 'moved'], ctx);
      assert.deepEqual(results.map((r) => r.openedIn), [to, to], ctx);
      assert.ok(!existsSync(databaseFile(from)), `${ctx}: the old outbox is gone, no fresh one made`);
      const inNew = reportIds(to);
      assert.deepEqual([...ids, ...results.map((r) => r.queued!)].filter((id) => !inNew.includes(id)), [], `${ctx}: every report in the new outbox`);
    }
  });

  test('a start that comes while another moves waits for it, and then uses the new folder (it is never sent back to the old one)', async () => {
    const where = machine('win32');
    const { ids } = await oldOutbox(where);
    const to = platformDataDir(where);
    // The first start holds the lease of the old outbox for longer than the second waits for one.
    const first = mover(where, { pauseAt: { step: 'lease', ms: 1500 } });
    await first.paused;
    const second = await mover(where, { queue: 'SECOND-START', leaseWaitMs: 300 }).done;
    const moved = await first.done;
    assert.equal(moved.move?.kind, 'moved');
    assert.deepEqual({ move: second.move, dataDir: second.dataDir, openedIn: second.openedIn }, { move: { kind: 'already-moved' }, dataDir: to, openedIn: to });
    assert.deepEqual([...ids, second.queued!].filter((id) => !reportIds(to).includes(id)), []);
  });

  test('a start told to stay in the old folder never makes an outbox there once another start has moved it', async () => {
    const where = machine('linux');
    const { dir: from, ids } = await oldOutbox(where);
    const to = platformDataDir(where);
    // The old outbox is open in another program: this start stays in the old folder.
    const other = new DatabaseSync(databaseFile(from));
    other.prepare('SELECT count(*) FROM reports').get();
    const stayed = resolveDataDir(where, { leaseWaitMs: 200 });
    other.close();
    assert.equal(stayed.dataDir, from);
    assert.equal(stayed.move?.kind, 'deferred');
    // Before it opens the outbox, another start moves it (and removes the old database).
    assert.equal(resolveDataDir(where).move?.kind, 'moved');
    // Now the first start opens "its" outbox, as the CLI and the app do, and the clerk queues a report.
    const answers = [stayed];
    const core = openWhereResolved(() => answers.shift() ?? resolveDataDir(where), ({ dataDir }, existingOnly) => new Core({ dataDir, keychainService, existingOnly }));
    const id = core.reports.create({ status: 'connected', usageplacecode: 'AFTER-THE-MOVE' }).entry.id;
    await core.close();
    assert.equal(core.dataDir, to);
    assert.ok(!existsSync(databaseFile(from)), 'no database was made in the old folder');
    assert.deepEqual([...ids, id].filter((x) => !reportIds(to).includes(x)), [], 'every report is where every later start looks');
    // Opened by itself with existingOnly, the old folder says the outbox is elsewhere.
    assert.throws(() => new Core({ dataDir: from, keychainService, existingOnly: true }), /no outbox database at/);
  });

  /** An old outbox whose move was cut short right after its marker was committed (a whole staging copy, no new file yet). */
  async function cutShortAfterMarker(where: PlatformEnv): Promise<{ from: string; to: string; staging: string; ids: string[] }> {
    const { dir: from, ids } = await oldOutbox(where);
    const to = platformDataDir(where);
    const { join: _join, ...rest } = where;
    const killed = await promisify(execFile)(process.execPath, [CHILD, JSON.stringify({ where: rest, killAt: 'marker-committed' })])
      .then(() => false, (err: { stdout?: string }) => Boolean(err.stdout?.includes('killed at marker-committed')));
    assert.ok(killed);
    const staging = `${databaseFile(to)}.moving`;
    assert.ok(existsSync(staging) && !existsSync(databaseFile(to)));
    return { from, to, staging, ids };
  }

  test('a marker whose copy another start has just made the new outbox is kept: the move is done, not started again', async () => {
    const where = machine('win32');
    const { to, staging, ids } = await cutShortAfterMarker(where);
    let queued = '';
    let closing: Promise<void> = Promise.resolve();
    const result = resolveDataDir(where, {
      onStep: (step) => {
        if (step !== 'old-opened') return;
        // The other start finishes the move here, and the clerk queues a report in the new outbox at once.
        renameSync(staging, databaseFile(to));
        const core = new Core({ dataDir: to, keychainService });
        queued = core.reports.create({ status: 'connected', usageplacecode: 'IN-THE-NEW-OUTBOX' }).entry.id;
        closing = core.close();
      },
    });
    await closing;
    assert.deepEqual({ dataDir: result.dataDir, move: result.move }, { dataDir: to, move: { kind: 'already-moved' } });
    assert.deepEqual([...ids, queued].filter((x) => !reportIds(to).includes(x)), [], 'the new outbox was not replaced by another copy');
  });

  test('a rename that finds its staging copy gone (another start renamed it first) means the move is done', async () => {
    const where = machine('linux');
    const { to, staging, ids } = await cutShortAfterMarker(where);
    const result = resolveDataDir(where, {
      onStep: (step) => {
        if (step === 'finishing') renameSync(staging, databaseFile(to)); // the other start, a moment sooner
      },
    });
    assert.deepEqual({ dataDir: result.dataDir, move: result.move }, { dataDir: to, move: { kind: 'already-moved' } });
    assert.deepEqual(ids.filter((x) => !reportIds(to).includes(x)), []);
  });
});

describe('how the copy is made', () => {
  test('a copy cut short in the middle (a staging file with half the pages) is debris: the move makes a new one', async () => {
    const where = machine('win32');
    const { ids } = await oldOutbox(where);
    const to = platformDataDir(where);
    mkdirSync(to, { recursive: true });
    const staging = `${databaseFile(to)}.moving`;
    copyFileSync(databaseFile(legacyDataDir(where)!), staging);
    truncateSync(staging, Math.floor(statSync(staging).size / 2));
    writeFileSync(`${staging}-journal`, 'debris');
    assert.equal(resolveDataDir(where).move?.kind, 'moved');
    assert.deepEqual(ids.filter((x) => !reportIds(to).includes(x)), []);
    assert.deepEqual(readdirSync(to).filter((name) => name.includes('.moving')), []);
  });

  test('SQLite makes the copy through the connection that holds the lock (VACUUM INTO), not a byte copy through a second handle', async () => {
    // A byte copy keeps the old file's free pages; SQLite's copy has none. (What a byte copy
    // breaks, reading past SQLite's lock byte at 1 GiB on Windows, needs a file that large.)
    const where = machine('linux');
    const { dir: from, ids } = await oldOutbox(where);
    const db = new DatabaseSync(databaseFile(from));
    db.exec('CREATE TABLE filler (x TEXT)');
    db.prepare('INSERT INTO filler SELECT hex(randomblob(2000)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n)').run();
    db.exec('DROP TABLE filler');
    db.close();
    const to = platformDataDir(where);
    assert.equal(resolveDataDir(where).move?.kind, 'moved');
    const copy = new DatabaseSync(databaseFile(to), { readOnly: true });
    try {
      assert.equal((copy.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count, 0);
      assert.equal((copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    } finally {
      copy.close();
    }
    assert.deepEqual(ids.filter((x) => !reportIds(to).includes(x)), []);
  });
});
