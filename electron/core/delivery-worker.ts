import { EventEmitter } from 'node:events';
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { LastError, OutboxEntry, WaitReason } from '../../shared/outbox.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { Credentials } from './credentials.ts';
import type { DeliveryLease } from './delivery-lease.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { RopoClient } from './ropo-client.ts';
import type { TargetHolds } from './target-holds.ts';
import type { ServerClock } from './server-clock.ts';

export interface WorkerEvents {
  /** Reports whose state changed; a UI re-reads them. */
  changed: [ids: string[]];
  /** Ropo One refused a report for good: the clerk must act. */
  failed: [entry: OutboxEntry];
  /** Delivery to a target paused until someone signs in again. */
  signInNeeded: [target: Target, message: string];
  delivered: [id: string];
  /** This process became (or stopped being) the one deliverer. */
  lease: [held: boolean];
}

export interface DeliveryWorkerDeps {
  store: OutboxStore;
  holds: TargetHolds;
  credentials: Credentials;
  client: RopoClient;
  lease: DeliveryLease;
  serverClock: ServerClock;
  now?: () => number;
  random?: () => number;
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Longest sleep between looks at the database (another process may queue reports). */
  idlePollMs?: number;
}

/** Retry-After beyond a day is taken as a day: a report must not wait forever by accident. */
const MAX_SERVER_WAIT_MS = 24 * 60 * 60_000;

/**
 * Sends queued reports: one lane per usage place (strict order), up to `concurrency` lanes
 * at once, retrying with backoff forever. It only works while it holds the lease.
 */
export class DeliveryWorker extends EventEmitter<WorkerEvents> {
  readonly #d: Required<DeliveryWorkerDeps>;
  readonly #inFlight = new Map<string, Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wakeUp: (() => void) | null = null;
  #holding = false;

  constructor(deps: DeliveryWorkerDeps) {
    super();
    this.#d = { concurrency: 4, backoff: DEFAULT_BACKOFF, idlePollMs: 1000, now: Date.now, random: Math.random, ...deps };
  }

  get holdsLease(): boolean {
    return this.#holding;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops taking new work, waits for requests in flight, and gives the lease back. */
  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
    await Promise.allSettled(this.#inFlight.values());
    if (this.#holding) this.#d.lease.release();
    this.#holding = false;
  }

  /** Look at the queue now (a report was queued, or a person pressed Send now). */
  kick(): void {
    const wake = this.#wakeUp;
    this.#wakeUp = null;
    wake?.();
  }

  /** The OS says we are online again (or woke from sleep): waiting retries go at once. */
  onlineAgain(): void {
    const woken = this.#d.store.wakeRetries(this.#d.now());
    if (woken > 0) this.emit('changed', []);
    this.kick();
  }

  async #run(): Promise<void> {
    const { store, lease, holds } = this.#d;
    let leaseCheckedAt = -Infinity;
    while (this.#running) {
      const now = this.#d.now();
      if (!this.#holding || now - leaseCheckedAt >= lease.ttlMs / 3) {
        this.#takeLease();
        leaseCheckedAt = now;
      }
      let sleepMs = this.#holding ? this.#d.idlePollMs : Math.min(1000, lease.ttlMs / 3);
      if (this.#holding) {
        const blocked = holds.blockedTargets(now);
        const free = this.#d.concurrency - this.#inFlight.size;
        if (free > 0) {
          const claimed = store.claimDue({ now, limit: free, skipTargets: blocked });
          for (const entry of claimed) this.#track(entry);
          if (claimed.length > 0) this.emit('changed', claimed.map((e) => e.id));
          if (claimed.length === free) continue;
        }
        const nextDue = store.nextDueAt(blocked);
        const limitEnds = holds.rateLimits(now).map((r) => r.until);
        const wakeAt = Math.min(nextDue ?? Infinity, ...limitEnds);
        if (Number.isFinite(wakeAt) && (this.#inFlight.size < this.#d.concurrency)) {
          sleepMs = Math.min(sleepMs, Math.max(0, wakeAt - now));
        }
        sleepMs = Math.min(sleepMs, lease.ttlMs / 3);
      }
      if (sleepMs > 0 || this.#inFlight.size >= this.#d.concurrency) await this.#sleep(Math.max(sleepMs, 1));
    }
  }

  #takeLease(): void {
    const was = this.#holding;
    const result = this.#d.lease.acquire();
    this.#holding = result.held;
    if (result.held && result.fresh) {
      // Whoever held it before is gone: its in-flight requests died with it.
      const recovered = this.#d.store.recoverSending(this.#d.now());
      if (recovered > 0) this.emit('changed', []);
    }
    if (was !== this.#holding) {
      const held = this.#holding;
      // The first turn runs inside start(), before the caller could subscribe: tell it a tick later.
      queueMicrotask(() => this.emit('lease', held));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = null;
        resolve();
      }, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #track(entry: OutboxEntry): void {
    const work = this.#deliver(entry)
      .catch((err: unknown) => this.#unexpected(entry, err))
      .finally(() => {
        this.#inFlight.delete(entry.id);
        this.emit('changed', [entry.id]);
        this.kick();
      });
    this.#inFlight.set(entry.id, work);
  }

  async #deliver(entry: OutboxEntry): Promise<void> {
    const { credentials, client, store } = this.#d;
    const target = entry.target;
    let token = await credentials.token(target);
    if (token.kind === 'sign_in_needed') return this.#pauseForSignIn(entry, token.error);
    if (token.kind === 'retry') return this.#retry(entry, token.error, token.reason, token.retryAfterMs);

    let outcome = await client.postEvent(target.baseUrl, token.token, entry.event);
    if (outcome.kind === 'unauthorized') {
      // The token may have expired early or been revoked: one fresh token, then retry at once.
      await credentials.dropToken(target);
      token = await credentials.token(target, { fresh: true });
      if (token.kind === 'sign_in_needed') return this.#pauseForSignIn(entry, token.error);
      if (token.kind === 'retry') return this.#retry(entry, token.error, token.reason, token.retryAfterMs);
      outcome = await client.postEvent(target.baseUrl, token.token, entry.event);
      if (outcome.kind === 'unauthorized') {
        return this.#pauseForSignIn(entry, {
          code: 'sign_in_needed', message: 'Ropo One refused a fresh sign-in token (HTTP 401).', httpStatus: 401, problem: null,
        });
      }
    }
    if (outcome.serverDate !== null) this.#d.serverClock.observe(outcome.serverDate, this.#d.now());
    const now = this.#d.now();
    switch (outcome.kind) {
      case 'sent':
        store.markSent(entry.id, now, outcome.httpStatus);
        this.#d.serverClock.delivered(now);
        this.emit('delivered', entry.id);
        return;
      case 'rejected':
        store.markFailed(entry.id, now, outcome.error);
        this.emit('failed', store.get(entry.id) ?? entry);
        return;
      case 'retry':
        return this.#retry(entry, outcome.error, outcome.reason, outcome.retryAfterMs);
    }
  }

  #retry(entry: OutboxEntry, error: LastError, reason: WaitReason, retryAfterMs: number | null): void {
    const now = this.#d.now();
    const backoff = backoffDelay(entry.attempts, this.#d.backoff, this.#d.random);
    // Retry-After is the least we wait, never a reason to wait less than backoff: "0" or a
    // date already past, answered again and again, would otherwise retry in a tight loop.
    const delay = retryAfterMs !== null ? Math.max(Math.min(retryAfterMs, MAX_SERVER_WAIT_MS), backoff) : backoff;
    if (reason === 'rate_limited') this.#d.holds.rateLimit(entry.target, now + delay);
    this.#d.store.markRetry(entry.id, now, now + delay, error, reason, true);
  }

  /** No retries are burned while nobody can sign in: the report waits, its count unchanged. */
  #pauseForSignIn(entry: OutboxEntry, error: LastError): void {
    const now = this.#d.now();
    this.#d.holds.pauseForSignIn(entry.target, error.message, now);
    this.#d.store.markRetry(entry.id, now, now, error, 'sign_in_needed', false);
    this.emit('signInNeeded', entry.target, error.message);
  }

  #unexpected(entry: OutboxEntry, err: unknown): void {
    const code = err instanceof AppError ? err.code : 'unexpected_answer';
    const message = err instanceof Error ? err.message : String(err);
    try {
      this.#retry(entry, { code, message, httpStatus: null, problem: null }, 'backoff', null);
    } catch {
      // The database itself failed; the row stays `sending` and is recovered at next start.
    }
  }
}
