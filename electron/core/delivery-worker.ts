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
  /** A turn of the loop failed (database busy or broken); it tries again shortly. */
  stalled: [message: string];
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

/** Longest an answered report waits for others to share its commit (see #commit). */
const GROUP_COMMIT_MS = 2;

/** After a failed turn (e.g. the database locked by a long import elsewhere), look again this soon. */
const STALL_RETRY_MS = 1000;

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
  /** Outcomes waiting to be committed together (see #commit), and the flush that will do it. */
  #commits: { work: () => void; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #flushSoon: { at: 'now'; handle: NodeJS.Immediate } | { at: 'later'; handle: NodeJS.Timeout } | null = null;
  /** Outcomes answered but not yet committed: their slot is free, their lane still waits. */
  readonly #settling = new Set<Promise<void>>();
  #loop: Promise<void> | null = null;
  #wakeUp: (() => void) | null = null;
  /** A wake-up is scheduled for the end of this turn (see kick). */
  #kicked = false;
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
    while (this.#inFlight.size + this.#settling.size > 0) {
      await Promise.allSettled([...this.#inFlight.values(), ...this.#settling]);
    }
    if (this.#holding) this.#d.lease.release();
    this.#holding = false;
  }

  /**
   * Look at the queue now (a report was queued, or a person pressed Send now). The loop wakes
   * at the end of this turn of the event loop, so the slots that several answers freed in
   * one turn are filled by one claim (one transaction) instead of one each.
   */
  kick(): void {
    if (this.#kicked) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      const wake = this.#wakeUp;
      this.#wakeUp = null;
      wake?.();
    });
  }

  /** The OS says we are online again (or woke from sleep): waiting retries go at once. */
  onlineAgain(): void {
    const woken = this.#d.store.wakeRetries(this.#d.now());
    if (woken > 0) this.emit('changed', []);
    this.kick();
  }

  async #run(): Promise<void> {
    let leaseCheckedAt = -Infinity;
    while (this.#running) {
      let sleepMs: number;
      try {
        const now = this.#d.now();
        if (!this.#holding || now - leaseCheckedAt >= this.#d.lease.ttlMs / 3) {
          this.#takeLease();
          leaseCheckedAt = now;
        }
        sleepMs = this.#turn(now);
      } catch (err) {
        // The database was busy past its timeout (a big import in another process) or failed:
        // the loop must outlive it. Nothing was half-done: each step is its own transaction.
        this.emit('stalled', err instanceof Error ? err.message : String(err));
        sleepMs = STALL_RETRY_MS;
      }
      if (sleepMs > 0 || this.#inFlight.size >= this.#d.concurrency) await this.#sleep(Math.max(sleepMs, 1));
    }
  }

  /** One look at the queue: claims what is due; returns how long to sleep (0: look again now). */
  #turn(now: number): number {
    const { store, lease, holds } = this.#d;
    let sleepMs = this.#holding ? this.#d.idlePollMs : Math.min(1000, lease.ttlMs / 3);
    if (!this.#holding) return sleepMs;
    const blocked = holds.blockedTargets(now);
    const free = this.#d.concurrency - this.#inFlight.size;
    if (free > 0) {
      const claimed = store.claimDue({ now, limit: free, skipTargets: blocked });
      for (const entry of claimed) this.#track(entry);
      if (claimed.length > 0) this.emit('changed', claimed.map((e) => e.id));
      if (claimed.length === free) return 0;
    }
    // With every slot busy, the next finished request wakes the loop: no need to ask when
    // the next report is due (a query per delivery, saved).
    if (this.#inFlight.size < this.#d.concurrency) {
      const nextDue = store.nextDueAt(blocked);
      const limitEnds = holds.rateLimits(now).map((r) => r.until);
      const wakeAt = Math.min(nextDue ?? Infinity, ...limitEnds);
      if (Number.isFinite(wakeAt)) sleepMs = Math.min(sleepMs, Math.max(0, wakeAt - now));
    }
    return Math.min(sleepMs, lease.ttlMs / 3);
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
        // "Last delivery" is written with the report's own commit: one disk wait, not two.
        this.#settle(
          entry,
          () => store.markSent(entry.id, now, outcome.httpStatus, () => this.#d.serverClock.delivered(now)),
          () => this.emit('delivered', entry.id),
          (err) => this.#unexpected(entry, err),
        );
        return;
      case 'rejected':
        store.markFailed(entry.id, now, outcome.error);
        this.emit('failed', store.get(entry.id) ?? entry);
        return;
      case 'retry':
        return this.#retry(entry, outcome.error, outcome.reason, outcome.retryAfterMs);
    }
  }

  /**
   * Commits an outcome (sent, or retry later) in the background: the request's slot is free
   * at once for another usage place, while this report's own lane waits for the commit
   * (its row stays `sending` until then). `done` runs once it is on disk.
   */
  #settle(entry: OutboxEntry, work: () => void, done: () => void, failed: (err: unknown) => void): void {
    const settled: Promise<void> = this.#commit(work)
      .then(done, failed)
      // A listener that throws must not turn a committed outcome into a retry.
      .catch(() => {})
      .finally(() => {
        this.#settling.delete(settled);
        this.emit('changed', [entry.id]);
        this.kick();
      });
    this.#settling.add(settled);
  }

  /**
   * Group commit: outcomes are written several in one transaction, so they share one wait for
   * the disk (the slowest part of a delivery). The batch is committed as soon as every request
   * in flight has answered (nothing more can join) or `concurrency` outcomes wait, else after
   * GROUP_COMMIT_MS at the latest. Each is a savepoint of its own: one that fails undoes no
   * other. Resolves once the transaction is committed.
   */
  #commit(work: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#commits.push({ work, resolve, reject });
      // The report being settled is still counted in flight here.
      const full = this.#commits.length >= Math.min(this.#inFlight.size, this.#d.concurrency);
      if (full && this.#flushSoon?.at !== 'now') {
        if (this.#flushSoon) clearTimeout(this.#flushSoon.handle);
        this.#flushSoon = { at: 'now', handle: setImmediate(() => this.#flushCommits()) };
      } else if (!this.#flushSoon) {
        this.#flushSoon = { at: 'later', handle: setTimeout(() => this.#flushCommits(), GROUP_COMMIT_MS) };
      }
    });
  }

  #flushCommits(): void {
    this.#flushSoon = null;
    const batch = this.#commits;
    this.#commits = [];
    const failures = new Map<number, unknown>();
    try {
      this.#d.store.together(() => {
        batch.forEach((c, i) => {
          try {
            c.work();
          } catch (err) {
            failures.set(i, err);
          }
        });
      });
    } catch (err) {
      for (const c of batch) c.reject(err);
      return;
    }
    batch.forEach((c, i) => (failures.has(i) ? c.reject(failures.get(i)) : c.resolve()));
  }

  #retry(entry: OutboxEntry, error: LastError, reason: WaitReason, retryAfterMs: number | null): void {
    const now = this.#d.now();
    const backoff = backoffDelay(entry.attempts, this.#d.backoff, this.#d.random);
    // Retry-After is the least we wait, never a reason to wait less than backoff: "0" or a
    // date already past, answered again and again, would otherwise retry in a tight loop.
    const delay = retryAfterMs !== null ? Math.max(Math.min(retryAfterMs, MAX_SERVER_WAIT_MS), backoff) : backoff;
    // At once, so no other request goes to a target that asked us to slow down.
    if (reason === 'rate_limited') this.#d.holds.rateLimit(entry.target, now + delay);
    this.#settle(
      entry,
      () => this.#d.store.markRetry(entry.id, now, now + delay, error, reason, true),
      () => {},
      () => {
        // The database itself failed; the row stays `sending` and is recovered at next start.
      },
    );
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
