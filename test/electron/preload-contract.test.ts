import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/ipc.ts';
import { bundleElectron } from './bundle.ts';

// The bundled preload (out/preload/preload.cjs, as the window loads it) evaluated the way
// Electron runs a sandboxed preload: a function of (require, process, …) whose require
// knows only a few modules. 'electron' is a test double recording what the preload does
// with contextBridge and ipcRenderer; the binary itself cannot run here.

type Listener = (event: unknown, payload: unknown) => void;

interface Loaded {
  exposed: Map<string, unknown>;
  required: string[];
  invoked: { channel: string; request: unknown }[];
  listeners: Map<string, Set<Listener>>;
  ropo: { invoke: (channel: unknown, request?: unknown) => Promise<unknown>; on: (event: unknown, listener: unknown) => () => void };
}

let code: string;
let bundle: { out: string; remove: () => void };

before(() => {
  bundle = bundleElectron();
  code = readFileSync(join(bundle.out, 'preload', 'preload.cjs'), 'utf8');
});
after(() => bundle?.remove());

/** What a sandboxed preload's require can give (Electron docs, "Process Sandboxing"). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);

function load(): Loaded {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const invoked: { channel: string; request: unknown }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, request: unknown) => {
        invoked.push({ channel, request });
        if (channel === 'outbox:sendNow') throw new Error("Error invoking remote method 'outbox:sendNow': Refused");
        return { ok: true, value: `answer to ${channel}` };
      },
      on: (channel: string, listener: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
      send: () => assert.fail('the preload must not use ipcRenderer.send'),
      sendSync: () => assert.fail('the preload must not use ipcRenderer.sendSync'),
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (!SANDBOX_MODULES.has(name)) throw new Error(`module not found: ${name} (a sandboxed preload cannot load it)`);
    if (name === 'electron') return electron;
    throw new Error(`the test double does not provide ${name}`);
  };
  const module = { exports: {} };
  runInNewContext(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {${code}\n})`, {
    console,
  })(sandboxRequire, { platform: process.platform, env: {} }, undefined, {}, setImmediate, clearImmediate, module.exports, module);
  const ropo = exposed.get('ropo') as Loaded['ropo'];
  return { exposed, required, invoked, listeners, ropo };
}

/** Values from the preload's own realm, compared by content. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('the bundled preload (out/preload/preload.cjs)', () => {
  test('is one file that requires only electron, and exposes only window.ropo with invoke and on', () => {
    const p = load();
    assert.deepEqual(p.required, ['electron']);
    assert.deepEqual([...p.exposed.keys()], ['ropo']);
    assert.deepEqual(Object.keys(p.ropo).sort(), ['invoke', 'on']);
    for (const key of ['ipcRenderer', 'send', 'sendSync', 'invokeRaw']) assert.equal((p.ropo as Record<string, unknown>)[key], undefined);
  });

  test('invoke forwards exactly the contract channels, unchanged', async () => {
    const p = load();
    for (const channel of CHANNEL_NAMES.filter((c) => c !== 'outbox:sendNow')) {
      assert.deepEqual(plain(await p.ropo.invoke(channel, { probe: channel })), { ok: true, value: `answer to ${channel}` });
    }
    assert.deepEqual(p.invoked.map((i) => i.channel), CHANNEL_NAMES.filter((c) => c !== 'outbox:sendNow'));
    assert.deepEqual(plain(p.invoked[0]!.request), { probe: CHANNEL_NAMES[0] });
  });

  test('anything else is answered without reaching the main process; nothing throws across the bridge', async () => {
    const p = load();
    for (const bad of ['__ELECTRON_LOG__', 'ELECTRON_BROWSER_REQUIRE', 'session:steal', '', 42, null, 'toString', '__proto__', 'constructor']) {
      const answer = plain(await p.ropo.invoke(bad)) as { ok: boolean; error: { code: string } };
      assert.equal(answer.ok, false, String(bad));
      assert.equal(answer.error.code, 'validation_failed');
    }
    assert.deepEqual(p.invoked, []);
    // A refused or failed call comes back as an answer, not an exception.
    const refused = plain(await p.ropo.invoke('outbox:sendNow')) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'internal_error');
    assert.match(refused.error.message, /Refused/);
  });

  test('on: only contract events; the listener gets the payload, never the IpcRendererEvent; unsubscribe works', () => {
    const p = load();
    for (const event of EVENT_NAMES) {
      const got: unknown[][] = [];
      const off = p.ropo.on(event, (...args: unknown[]) => got.push(args));
      const [listener] = [...p.listeners.get(event)!];
      listener!({ sender: 'the IpcRendererEvent', ports: [] }, { hello: event });
      assert.deepEqual(plain(got), [[{ hello: event }]]);
      off();
      assert.equal(p.listeners.get(event)!.size, 0);
    }
    for (const bad of ['__ELECTRON_LOG_IPC__', 'reports:create', 'nope', 7]) {
      const off = p.ropo.on(bad, () => assert.fail('must not be subscribed'));
      assert.equal(typeof off, 'function');
      off();
    }
    assert.equal(p.ropo.on('reports:changed', 'not a function').call(null), undefined);
    assert.deepEqual([...p.listeners.keys()].sort(), [...EVENT_NAMES].sort());
  });
});
