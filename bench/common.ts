// Shared pieces of the bench and the torture run: temp folders, secrets, a simulator in a
// process of its own, report drafts and the small statistics every measurement needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KeytarSecretStore } from '../electron/core/keytar-secret-store.ts';
import type { SecretStore } from '../electron/core/secret-store.ts';
import type { PartialSimulatorFaults, SimulatorRecord } from '../electron/sandbox/simulator.ts';
import { CONTROL_TOKEN_HEADER } from '../electron/sandbox/simulator.ts';
import type { UsageplaceEvent } from '../shared/usageplace-event.ts';

export const benchFile = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export function tempDir(prefix = 'upr-bench-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(process.env.UPR_BENCH_DIR ?? tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Secrets kept in memory: only for machines without a keychain (said so in the results). */
export class MemorySecretStore implements SecretStore {
  readonly #map = new Map<string, string>();
  async get(account: string): Promise<string | null> {
    return this.#map.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.#map.set(account, secret);
  }
  async delete(account: string): Promise<boolean> {
    return this.#map.delete(account);
  }
}

/**
 * The real keychain under a service name of this run's own, as the tests use it. Where no
 * keychain answers (a Linux box without a Secret Service) the bench falls back to memory:
 * the token is cached in memory after the first request anyway, so no speed depends on it.
 */
export async function benchSecrets(): Promise<{ secrets: SecretStore; keychainService: string; kind: 'keychain' | 'memory' }> {
  const keychainService = `usage-place-reporter-bench-${randomUUID()}`;
  const keychain = new KeytarSecretStore(keychainService);
  try {
    await keychain.set('probe', 'probe');
    await keychain.delete('probe');
    return { secrets: keychain, keychainService, kind: 'keychain' };
  } catch {
    return { secrets: new MemorySecretStore(), keychainService, kind: 'memory' };
  }
}

// ---------------------------------------------------------------------------------------
// Report drafts

const STATUSES = ['disconnected', 'connected', 'notdisconnected'] as const;

export const usageplaceCode = (lane: number): string => `6430075720${String(lane).padStart(8, '0')}`;
export const customerNumber = (lane: number): string => `A${String(100000 + lane)}`;
export const invoiceNumber = (i: number): string => String(500000 + i);

/** A clerk's report as the form gives it (strings for job ids, no time: "now"). */
export function draft(i: number, lanes: number): Record<string, unknown> {
  const lane = i % lanes;
  const status = STATUSES[Math.floor(i / lanes) % 3]!;
  return {
    status,
    usageplacecode: usageplaceCode(lane),
    customernumber: customerNumber(lane),
    contract_no: `${555000 + lane}b`,
    invoices: [{ invoicenumber: invoiceNumber(i), jobid: String(1000 + (i % 9000)) }],
    ...(status === 'notdisconnected' ? { description: 'Meter room locked, nobody home.' } : {}),
  };
}

/** The wire event of the same report, for code that queues through the store directly. */
export function wireEvent(i: number, lanes: number): UsageplaceEvent {
  const d = draft(i, lanes) as { status: UsageplaceEvent['status']; usageplacecode: string; customernumber: string; contract_no: string; description?: string };
  return {
    id: randomUUID(),
    usageplacecode: d.usageplacecode,
    customernumber: d.customernumber,
    contract_no: d.contract_no,
    invoices: [{ invoicenumber: invoiceNumber(i), jobid: 1000 + (i % 9000) }],
    time: '2024-01-04 10:41:40',
    status: d.status,
    ...(d.description ? { description: d.description } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Statistics

export { median, percentile, round } from './stats.ts';
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, what: string, timeoutMs: number, pollMs = 5): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(pollMs);
  }
}

// ---------------------------------------------------------------------------------------
// The simulator in a process of its own: Ropo One is another machine, so its CPU must not
// be taken from the core being measured (the machine has two cores). Controlled over its
// own /__sim API, exactly as a trainer does.

export interface RemoteSimulator {
  url: string;
  apiUrl: string;
  setFaults(faults: PartialSimulatorFaults): Promise<void>;
  reset(): Promise<void>;
  record(): Promise<SimulatorRecord>;
  expireTokens(): Promise<void>;
  close(): Promise<void>;
}

export async function startRemoteSimulator(options: { tokenTtlSeconds?: number } = {}): Promise<RemoteSimulator> {
  const proc: ChildProcess = spawn(process.execPath, [benchFile('./sim-process.ts')], {
    env: { ...process.env, UPR_SIM_TTL: String(options.tokenTtlSeconds ?? 7200) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (line) => resolve(line.trim()));
    proc.once('exit', (code) => reject(new Error(`the simulator process exited (${code}) before it listened`)));
  });
  const [url, controlToken] = first.split(' ');
  if (!url || !controlToken) throw new Error(`the simulator process said "${first}", not its URL and token`);
  const control = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/__sim/${path}`, {
      method,
      headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: controlToken },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    url,
    apiUrl: `${url}/rest`,
    setFaults: async (faults) => void (await control('POST', 'faults', faults)),
    reset: async () => void (await control('POST', 'reset')),
    record: async () => (await control('GET', 'record')) as SimulatorRecord,
    expireTokens: async () => void (await control('POST', 'expire-tokens')),
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Checks the simulator's record against the reports made: everything once, in order per usage place. */
export function checkRecord(
  record: SimulatorRecord,
  created: readonly { id: string; usageplacecode: string; seq: number }[],
): { lost: number; duplicates_accepted: number; out_of_order: number; unexpected: number; repeats_answered: number } {
  const acceptedIds = record.accepted.map((a) => a.event.id);
  const seen = new Set<string>();
  let duplicatesAccepted = 0;
  for (const id of acceptedIds) {
    if (seen.has(id)) duplicatesAccepted += 1;
    seen.add(id);
  }
  const made = new Set(created.map((c) => c.id));
  const lost = created.filter((c) => !seen.has(c.id)).length;
  const unexpected = [...seen].filter((id) => !made.has(id)).length;
  // Per usage place: the accepted sequence must follow creation order (seq). One count per
  // report that arrived before an earlier-made report of its usage place.
  const seqOf = new Map(created.map((c) => [c.id, c.seq]));
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  for (const a of record.accepted) {
    const seq = seqOf.get(a.event.id);
    if (seq === undefined) continue;
    const prev = lastSeq.get(a.event.usageplacecode) ?? -Infinity;
    if (seq < prev) outOfOrder += 1;
    else lastSeq.set(a.event.usageplacecode, seq);
  }
  return { lost, duplicates_accepted: duplicatesAccepted, out_of_order: outOfOrder, unexpected, repeats_answered: record.duplicates };
}
