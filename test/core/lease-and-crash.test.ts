// One deliverer per data directory, and nothing lost or sent twice when a deliverer or a
// writer is killed with SIGKILL. Real processes, a real SQLite file, real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { harness, until, tempDir, FAST_BACKOFF } from '../helpers/harness.ts';
import { Core } from '../../electron/core/open-core.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves with the exit code (or the signal) once stdout is fully read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function run(script: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [fixture(script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const rl = createInterface({ input: proc.stdout! });
  rl.on('line', (l) => lines.push(l));
  const closed = new Promise<void>((r) => rl.once('close', () => r()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { proc, lines, exited: Promise.all([exit, closed]).then(([e]) => e), stderr: () => err };
}

const event = (usageplacecode: string, i: number): UsageplaceEvent => ({
  id: randomUUID(),
  usageplacecode,
  time: '2024-01-04 10:41:40',
  status: i % 2 === 0 ? 'disconnected' : 'connected',
});

test('two Cores on one data directory: one delivers at a time, and the other takes over when it stops', async (t) => {
  const h = await harness({ core: { lease: { ttlMs: 3000 } } });
  const second = new Core({ dataDir: h.dataDir, keychainService: h.keychainService, requestTimeoutMs: 3000, lease: { ttlMs: 3000 } });
  t.after(async () => {
    await second.close();
    await h.close();
  });
  h.sim.setFaults({ latencyMs: 5 });
  const a = h.core.startDelivery({ backoff: FAST_BACKOFF });
  const leaseEvents: boolean[] = [];
  a.on('lease', (held) => leaseEvents.push(held)); // subscribed right after start, as the app does
  await until(() => a.holdsLease, 'the first deliverer holds the lease');
  await until(() => leaseEvents.length > 0, 'a listener added after startDelivery hears that the lease was taken', 1000);
  assert.deepEqual(leaseEvents, [true]);
  const b = second.startDelivery({ backoff: FAST_BACKOFF });
  const deliveredBy = { a: [] as string[], b: [] as string[] };
  a.on('delivered', (id) => deliveredBy.a.push(id));
  b.on('delivered', (id) => deliveredBy.b.push(id));
  let both = 0;
  const watch = setInterval(() => {
    if (a.holdsLease && b.holdsLease) both += 1;
  }, 1);
  t.after(() => clearInterval(watch));

  const firstBatch = Array.from({ length: 40 }, (_, i) => second.reports.create({ status: 'disconnected', usageplacecode: `UP-${i % 5}` }).entry.id);
  await until(() => h.core.store.counts().sent === 40, 'first batch sent');
  // Longer than its retry period (ttl/3): the second Core tried to take the lease meanwhile.
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(b.holdsLease, false, 'the second Core does not hold the lease while the first renews it');
  assert.equal(b.inFlight, 0);
  assert.deepEqual(deliveredBy.b, [], 'the second Core delivered nothing');
  assert.deepEqual([...deliveredBy.a].sort(), [...firstBatch].sort());

  await a.stop(); // gives the lease back
  assert.equal(a.holdsLease, false);
  assert.equal((second.db.prepare('SELECT COUNT(*) AS n FROM lease').get() as { n: number }).n, 0, 'stop() released the lease row');
  const secondBatch = Array.from({ length: 20 }, (_, i) => h.core.reports.create({ status: 'connected', usageplacecode: `UP-${i % 5}` }).entry.id);
  await until(() => b.holdsLease, 'the second Core takes over', 3000);
  // `delivered` is told once the outcome is flushed to disk, a few ms after the row reads sent.
  await until(() => second.store.counts().sent === 60 && deliveredBy.b.length === 20, 'second batch sent by the second Core');
  clearInterval(watch);
  assert.deepEqual([...deliveredBy.b].sort(), [...secondBatch].sort());
  assert.equal(both, 0, 'never both at once');
  const record = h.sim.record();
  assert.equal(record.duplicates, 0);
  assert.equal(new Set(record.accepted.map((x) => x.event.id)).size, 60);
});

test('a deliverer killed with SIGKILL mid-run: the restart takes over at once and finishes; each report accepted once, in order', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const target = h.core.settings.currentTarget();
  const reports = Array.from({ length: 300 }, (_, i) => ({ event: event(`UP-${String(i % 30).padStart(2, '0')}`, Math.floor(i / 30)), target }));
  h.core.store.enqueue(reports, Date.now());
  h.sim.reset(); // the record starts with the deliveries
  h.sim.setFaults({ latencyMs: 20 });
  const env = { UPR_DATA_DIR: h.dataDir, UPR_KEYCHAIN_SERVICE: h.keychainService, UPR_SIM_URL: h.sim.url };

  const first = run('deliver-child.ts', env);
  t.after(() => first.proc.kill('SIGKILL'));
  await until(() => first.lines.filter((l) => l.startsWith('delivered ')).length >= 80, `first child delivers 80 (stderr: ${first.stderr()})`, 10_000);
  first.proc.kill('SIGKILL');
  const firstExit = await first.exited;
  assert.equal(firstExit.signal, 'SIGKILL');
  const deliveredBeforeKill = first.lines.filter((l) => l.startsWith('delivered ')).map((l) => l.slice(10));
  assert.ok(!first.lines.includes('done'), 'killed before it finished');

  // Everything it said it delivered is on disk as sent.
  for (const id of deliveredBeforeKill) assert.equal(h.core.store.get(id)?.state, 'sent', id);
  const atKill = h.core.store.counts();
  t.diagnostic(`at the kill: ${JSON.stringify(atKill)}`);
  assert.ok(atKill.sent < 300);

  const restartedAt = Date.now();
  const second = run('deliver-child.ts', env);
  t.after(() => second.proc.kill('SIGKILL'));
  await until(() => second.lines.some((l) => l.startsWith('lease true ')), `the restart takes the lease (stderr: ${second.stderr()})`, 5000);
  const leaseAt = Number(second.lines.find((l) => l.startsWith('lease true '))!.split(' ')[2]);
  // The lease lives 15 s and was renewed at most 5 s before the kill: taking it sooner than
  // 10 s after the kill is only possible because the dead holder's pid is gone.
  assert.ok(leaseAt - restartedAt < 5000, `lease taken ${leaseAt - restartedAt} ms after the restart`);
  await until(() => second.proc.exitCode !== null || second.lines.includes('done'), 'the restart finishes', 15_000);
  const secondExit = await second.exited;
  assert.deepEqual(secondExit, { code: 0, signal: null }, second.stderr());
  assert.ok(second.lines.includes('done'));

  const counts = h.core.store.counts();
  assert.equal(counts.sent, 300);
  assert.equal(counts.sending, 0);
  assert.equal(counts.queued + counts.held + counts.failed, 0);
  const record = h.sim.record();
  const accepted = record.accepted.map((a) => a.event.id);
  assert.equal(new Set(accepted).size, accepted.length, 'each id accepted once');
  assert.deepEqual([...accepted].sort(), reports.map((r) => r.event.id).sort());
  t.diagnostic(`repeats seen by the simulator: ${record.duplicates}`);
  for (let lane = 0; lane < 30; lane++) {
    const code = `UP-${String(lane).padStart(2, '0')}`;
    assert.deepEqual(
      record.accepted.filter((a) => a.event.usageplacecode === code).map((a) => a.event.id),
      reports.filter((r) => r.event.usageplacecode === code).map((r) => r.event.id),
      `order of ${code}`,
    );
  }
  // Reports that were in flight at the kill were recovered, not lost.
  const recovered = reports.filter((r) => h.core.store.attempts(r.event.id).some((a) => a.outcome === 'recovered'));
  assert.equal(recovered.length, atKill.sending, 'every report in flight at the kill was recovered');
  assert.deepEqual(h.core.db.prepare('PRAGMA integrity_check').all().map((r) => ({ ...r })), [{ integrity_check: 'ok' }]);
});

test('a writer killed with SIGKILL while queueing: every id it was told is queued is in the database', async (t) => {
  const tmp = tempDir();
  t.after(() => tmp.remove());
  const child = run('enqueue-child.ts', { UPR_DATA_DIR: tmp.dir, UPR_BASE_URL: 'http://127.0.0.1:9/rest', UPR_CID: 'demo' });
  t.after(() => child.proc.kill('SIGKILL'));
  await until(() => child.lines.length >= 150, `150 queued (stderr: ${child.stderr()})`, 10_000);
  child.proc.kill('SIGKILL');
  const exit = await child.exited;
  assert.equal(exit.signal, 'SIGKILL', 'killed mid-loop, not finished');
  const printed = child.lines.filter((l) => l.startsWith('queued ')).map((l) => l.slice(7));
  assert.equal(printed.length, child.lines.length, 'only whole lines');

  const core = new Core({ dataDir: tmp.dir });
  t.after(() => core.close());
  assert.deepEqual(core.db.prepare('PRAGMA integrity_check').all().map((r) => ({ ...r })), [{ integrity_check: 'ok' }]);
  for (const id of printed) assert.equal(core.store.get(id)?.state, 'queued', `${id} was told queued`);
  const total = core.store.counts().queued;
  // The kill may land between a commit and its line: at most one more than was printed.
  assert.ok(total === printed.length || total === printed.length + 1, `${total} rows for ${printed.length} lines`);
  const rows = core.db.prepare('SELECT id FROM reports ORDER BY seq').all() as { id: string }[];
  assert.deepEqual(rows.slice(0, printed.length).map((r) => r.id), printed, 'in the order they were queued');
});
