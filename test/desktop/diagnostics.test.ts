import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createIpcHandlers } from '../../electron/ipc/ipc-handlers.ts';
import { BuiltinSimulator } from '../../electron/ipc/builtin-simulator.ts';
import { NO_DESKTOP } from '../../electron/ipc/desktop-hooks.ts';
import { createLog } from '../../electron/core/log.ts';
import { logDir } from '../../electron/core/data-paths.ts';
import { settingsTarget } from '../../shared/endpoint.ts';
import { DEMO_APICODE, FAST_BACKOFF, harness, until } from '../helpers/harness.ts';

// "Save diagnostics": a real outbox signed in to the simulator, a delivery made, logs
// written, then the zip the Settings button saves: what support needs is in it, and the
// apicode and the token are not, even where a stray file in logs/ held them.

test('the diagnostics zip: logs, status --json, integrity_check, versions and OS, and no secret', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  const worker = h.core.startDelivery({ backoff: FAST_BACKOFF });
  const id = h.core.reports.create({ status: 'disconnected', usageplacecode: 'DIAG-1' }).entry.id;
  await until(() => h.core.store.get(id)?.state === 'sent', 'delivered');
  const token = h.core.credentials.tokenAtHand(settingsTarget(h.core.settings.get()!));
  assert.ok(token, 'a token to look for');
  void worker;

  const log = createLog(h.dataDir, 'main');
  log.info('[test] signed in with', DEMO_APICODE, 'and got', token);
  await new Promise((r) => setTimeout(r, 200)); // electron-log writes asynchronously
  mkdirSync(logDir(h.dataDir), { recursive: true });
  writeFileSync(join(logDir(h.dataDir), 'stray.log'), `a crash dump with apicode=${DEMO_APICODE} and Authorization: Bearer ${token}\n`);

  // Drafts of the form: in the zip as a count only, never what was typed.
  const typed = 'DRAFT-TEXT-NOT-FOR-SUPPORT';
  h.core.drafts.save({ kind: 'new' }, { status: 'notdisconnected', usageplacecode: 'DRAFT-PLACE-1', description: typed }, Date.now());
  h.core.drafts.save({ kind: 'correction', id }, { status: 'connected', usageplacecode: 'DRAFT-PLACE-2', customernumber: typed }, Date.now());

  let saved: { name: string; bytes: Uint8Array } | null = null;
  const handlers = createIpcHandlers({
    core: h.core,
    simulator: new BuiltinSimulator(h.core.meta),
    isOnline: () => true,
    chooseExportFile: async () => null,
    chooseImportFile: async () => null,
    desktop: {
      ...NO_DESKTOP,
      versions: () => ({ app: '9.9.9', electron: '45.4.1', node: process.versions.node }),
      network: async (url) => `DIRECT for ${url}`,
      saveFile: async (name, bytes) => {
        saved = { name, bytes };
        return name;
      },
    },
  });
  const answer = await handlers['diagnostics:save'](undefined);
  assert.ok(saved, 'a file was saved');
  const { name, bytes } = saved as { name: string; bytes: Uint8Array };
  assert.equal(answer.fileName, name);
  assert.match(name, /^usage-place-reporter-diagnostics-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.zip$/);

  const files = unzipSync(bytes);
  const names = Object.keys(files).sort();
  assert.deepEqual(names.filter((n) => !n.startsWith('logs/')), ['about.json', 'integrity-check.txt', 'status.json']);
  assert.ok(names.includes('logs/main.log') && names.includes('logs/stray.log'), names.join(', '));
  const text = (n: string) => strFromU8(files[n]!);
  assert.equal(text('integrity-check.txt'), 'ok\n');
  const status = JSON.parse(text('status.json')) as { counts: { sent: number }; session: { signedIn: boolean }; environment: string; network: string; drafts: number };
  assert.equal(status.counts.sent, 1);
  assert.equal(status.drafts, 2);
  assert.equal(status.session.signedIn, true);
  assert.match(status.network, /^DIRECT for http:\/\/127\.0\.0\.1:\d+\/rest$/);
  assert.match(status.environment, /^Custom \(http:\/\/127\.0\.0\.1:\d+\/rest\)$/);
  const about = JSON.parse(text('about.json')) as { versions: Record<string, string>; os: Record<string, string> };
  assert.equal(about.versions.app, '9.9.9');
  assert.match(about.versions.sqlite ?? '', /^3\./);
  assert.equal(about.os.platform, process.platform);
  assert.match(text('logs/main.log'), /\[test\] signed in with \[redacted\]/);

  // The grep: neither secret anywhere, in the zip's bytes or in any file inside it; nor a draft's content.
  const raw = Buffer.from(bytes).toString('latin1');
  for (const drafted of [typed, 'DRAFT-PLACE-1', 'DRAFT-PLACE-2']) {
    for (const n of names) assert.ok(!text(n).includes(drafted), `no draft's ${drafted} in ${n}`);
  }
  for (const secret of [DEMO_APICODE, token!]) {
    assert.ok(!raw.includes(secret), 'not in the raw zip');
    for (const n of names) assert.ok(!text(n).includes(secret), `not in ${n}`);
  }
});

test('with the built-in simulator, the diagnostics name it and say it needs no proxy (no proxy is asked about its made-up address)', async (t) => {
  const h = await harness();
  t.after(() => h.close());
  h.core.settings.set({ endpoint: { kind: 'simulator' }, cid: 'demo' });
  const asked: (string | null)[] = [];
  let saved: Uint8Array | null = null;
  const handlers = createIpcHandlers({
    core: h.core,
    simulator: new BuiltinSimulator(h.core.meta),
    isOnline: () => true,
    chooseExportFile: async () => null,
    chooseImportFile: async () => null,
    desktop: {
      ...NO_DESKTOP,
      network: async (url) => {
        asked.push(url);
        return `PROXY depot-proxy:8080 for ${url}`;
      },
      saveFile: async (name, bytes) => {
        saved = bytes;
        return name;
      },
    },
  });
  await handlers['diagnostics:save'](undefined);
  assert.ok(saved);
  const status = JSON.parse(strFromU8(unzipSync(saved)['status.json']!)) as { environment: string; network: string };
  assert.equal(status.environment, 'Built-in simulator');
  assert.equal(status.network, 'Built-in simulator: inside the app on this computer, no proxy');
  assert.deepEqual(asked, []);
});
