// reports:create carries the form's idempotency key: a double click, or the same request
// again after its answer was lost, gives the report the first one made and queues nothing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { v5 as uuidPackageV5 } from 'uuid';
import { Core } from '../../electron/core/open-core.ts';
import { BuiltinSimulator } from '../../electron/ipc/builtin-simulator.ts';
import { createIpcHandlers, dispatchIpc, type IpcHandlers } from '../../electron/ipc/ipc-handlers.ts';
import type { IpcResult } from '../../shared/ipc.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import { tempDir, testKeychainService } from '../helpers/harness.ts';

type Created = IpcResult<{ entry: OutboxEntry }>;

describe('reports:create with an idempotency key', () => {
  let data: ReturnType<typeof tempDir>;
  let core: Core;
  let handlers: IpcHandlers;
  let now = Date.parse('2024-05-02T10:00:00');

  before(() => {
    data = tempDir();
    // No deliverer: the reports stay as they were made.
    core = new Core({ dataDir: data.dir, keychainService: testKeychainService(), now: () => now });
    core.settings.set({ endpoint: { kind: 'custom', baseUrl: 'http://127.0.0.1:9/rest' }, cid: 'c1' });
    handlers = createIpcHandlers({ core, simulator: new BuiltinSimulator(core.meta), isOnline: () => true, chooseExportFile: async () => null, chooseImportFile: async () => null });
  });
  after(async () => {
    await core.close();
    data.remove();
  });
  beforeEach(() => {
    now += 60_000;
  });

  const create = (idempotencyKey: unknown, draft: Record<string, unknown>) =>
    dispatchIpc(handlers, 'reports:create', { idempotencyKey, draft }) as Promise<Created>;
  const count = () => core.store.count({});
  const draft = (code: string, extra: Record<string, unknown> = {}) => ({
    status: 'disconnected', usageplacecode: code, customernumber: 'A1', invoices: [{ invoicenumber: '1', jobid: '12' }], ...extra,
  });

  test('the same key again, at once or later, answers the same report and queues one', async () => {
    const key = randomUUID();
    const before = count();
    const [a, b] = await Promise.all([create(key, draft('K-1', { time: '2024-05-01 08:00:00' })), create(key, draft('K-1', { time: '2024-05-01 08:00:00' }))]);
    now += 3_600_000;
    const c = await create(key, draft('K-1', { time: '2024-05-01 08:00:00' }));
    assert.ok(a.ok && b.ok && c.ok, JSON.stringify([a, b, c]));
    assert.equal(b.value.entry.id, a.value.entry.id);
    assert.equal(c.value.entry.id, a.value.entry.id);
    assert.match(a.value.entry.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(count(), before + 1);
  });

  test("a key gives the id it always gave: the uuid package's v5 in the form's namespace", async () => {
    // The form's ids and the import's come from one v5 (electron/core/uuid-v5.ts); a key
    // saved in a draft before must still name the report it made.
    const key = randomUUID();
    const made = await create(key, draft('K-V5', { time: '2024-05-01 08:00:00' }));
    assert.ok(made.ok, JSON.stringify(made));
    assert.equal(made.value.entry.id, uuidPackageV5(key, '38314cbf-309b-4cb8-a159-5d30d64d1a13'));
  });

  test('a form without a time means "when first queued": repeated later, it is still the same report', async () => {
    const key = randomUUID();
    const first = await create(key, draft('K-2'));
    now += 120_000;
    const again = await create(key, draft('K-2', { time: '' }));
    assert.ok(first.ok && again.ok);
    assert.equal(again.value.entry.id, first.value.entry.id);
    assert.equal(again.value.entry.event.time, first.value.entry.event.time);
  });

  test('whatever became of the report since, the key still answers it', async () => {
    const key = randomUUID();
    const first = await create(key, draft('K-3'));
    assert.ok(first.ok);
    core.reports.discard(first.value.entry.id, 'app');
    const before = count();
    const again = await create(key, draft('K-3'));
    assert.ok(again.ok);
    assert.equal(again.value.entry.id, first.value.entry.id);
    assert.equal(again.value.entry.state, 'discarded');
    assert.equal(count(), before);
  });

  test('the same key with other content, or for another destination, is refused and queues nothing', async () => {
    const key = randomUUID();
    assert.ok((await create(key, draft('K-4'))).ok);
    const before = count();
    for (const other of [draft('K-4', { status: 'connected' }), draft('K-4b'), draft('K-4', { invoices: [] }), draft('K-4', { time: '2024-01-01 00:00:00' })]) {
      const answer = await create(key, other);
      assert.equal(answer.ok, false, JSON.stringify(other));
      assert.equal(!answer.ok && answer.error.code, 'idempotency_conflict');
    }
    const settings = core.settings.get()!;
    core.settings.set({ ...settings, cid: 'c2' });
    try {
      const elsewhere = await create(key, draft('K-4'));
      assert.equal(!elsewhere.ok && elsewhere.error.code, 'idempotency_conflict');
    } finally {
      core.settings.set(settings);
    }
    assert.equal(count(), before);
  });

  test('other keys make other reports', async () => {
    const before = count();
    const a = await create(randomUUID(), draft('K-5'));
    const b = await create(randomUUID(), draft('K-5'));
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.value.entry.id, b.value.entry.id);
    assert.equal(count(), before + 2);
  });

  test('the key is checked like any input: a UUID, nothing else', async () => {
    const before = count();
    for (const key of [undefined, '', 'not-a-uuid', `${randomUUID()}x`, 'x'.repeat(100_000), 42]) {
      const answer = await create(key, draft('K-6'));
      assert.equal(answer.ok, false);
      assert.equal(!answer.ok && answer.error.code, 'validation_failed');
      assert.ok(!answer.ok && answer.error.problems?.some((p) => p.field === 'idempotencyKey'), JSON.stringify(answer));
    }
    assert.equal(count(), before);
  });
});
