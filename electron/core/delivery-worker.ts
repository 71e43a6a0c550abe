import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { LastError, OutboxEntry, SignInReason } from '../../shared/outbox.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';
import type { WalSync } from './db/wal-sync.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { Credentials } from './credentials.ts';
import { attemptDelivery, type AttemptResult } from './delivery-attempt.ts';
import type { DeliveryLease } from './delivery-lease.ts';
import { deliveryVerdict } from './delivery-verdict.ts';
import type { Delivery, DeliveryOutcome, OutboxStore } from './outbox-store.ts';
import type { RopoClient } from './ropo-client.ts';
import type { StoredRefusal, TargetHolds } from './target-holds.ts';
import type { ServerClock } from './server-clock.ts';
import type { CircuitBoard } from './circuit-board.ts';
import { CircuitGate } from './circuit-gate.ts';
import { LoopPace } from './loop-pace.ts';
import type { CircuitPolicy, ProbeDue } from './target-circuit.ts';

export interface WorkerEvents {
  /** Reports whose state changed; a UI re-reads them. */
  changed: [ids: string[]];
  /** Ropo One refused a report for good: the clerk must act. */
  failed: [entry: OutboxEntry];
  /** Delivery to a target paused until someone signs in again. */
  signInNeeded: [target: Target, reason: SignInReason, error: LastError];
  /** The target's address or network refused a request (firewall, wrong address, proxy): its delivery pauses. */
  endpointPaused: [refusal: StoredRefusal];
  delivered: [id: string];
  /** This process became (or stopped being) the one deliverer. */
  lease: [held: boolean];
  /** A turn of the loop failed (database busy or broken); it tries again shortly. */
  stalled: [message: string];
  /** A target's circuit opened (Ropo One or the network stopped answering: probing) or closed (null). */
  circuit: [target: Target, open: CircuitView | null];
}

export interface DeliveryWorkerDeps {
  store: OutboxStore;
  holds: TargetHolds;
  credentials: Credentials;
  client: RopoClient;
  lease: Pick<DeliveryLease, 'acquire' | 'release' | 'ttlMs' | 'owner'>;
  serverClock: ServerClock;
  /** Where the circuits are published for other processes (usageplace status). */
  board?: CircuitBoard | null;
  circuit?: Partial<CircuitPolicy>;
  /**
   * Makes a turn's commit durable after the fact, off the JS thread (see WalSync). Without
   * it each commit that carries outcomes waits for the disk itself.
   */
  walSync?: WalSync | null;
  now?: () => number;
  random?: () => number;
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Longest sleep between looks at the database (another process may queue reports). */
  idlePollMs?: number;
}

/** How long an answer may wait for others to share its turn's transaction. */
const GATHER_ANSWERS_MS = 2;

/** After a failed turn (e.g. the database locked by a long import elsewhere), look again this soon. */
const STALL_RETRY_MS = 1000;

/** Claim tokens are drawn from [1, this): far too many for two tenures of the lease to meet. */
const CLAIM_TOKENS = 2 ** 48;

/** An answered request whose outcome waits for the next turn's transaction. */
interface Answered {
  delivery: Delivery;
  outcome: DeliveryOutcome;
}

/**
 * Sends queued reports: one lane per usage place (strict order), up to `concurrency` lanes
 * at once, retrying with backoff forever. It only works while it holds the lease.
 *
 * Each turn of the loop is one transaction: it writes the outcomes answered since the last
 * turn and claims reports for the slots they freed. A report's lane moves on only once its
 * outcome is written; the clerk (and the `delivered` event) hears of it only once that is
 * on disk. Losing a turn to a power cut before its flush is harmless: its reports go back
 * to `queued` at start-up and are resent with the same ids, which Ropo One recognises.
 *
 * Each tenure of the lease claims with a token of its own, written on the claimed rows: an
 * answer that comes back after the lease was lost (a stall, sleep, a clock jump) changes
 * only a row its claim still holds (OutboxStore.settle). Within one tenure a row is claimed
 * at most once at a time (a claim needs `queued`; only its own answer or its own unclaim
 * makes it `queued` again), and only the start of a tenure recovers `sending` rows.
 */
export class DeliveryWorker extends EventEmitter<WorkerEvents> {
  readonly #d: Required<Omit<DeliveryWorkerDeps, 'walSync' | 'board' | 'circuit'>>;
  #walSync: WalSync | null;
  /** The targets' circuits (in memory: each tenure of the lease starts with all closed). */
  readonly #circuits: CircuitGate;
  /** Requests under way, by their claim (a report may be claimed again while a lost tenure's request still runs). */
  readonly #inFlight = new Map<Delivery, Promise<void>>();
  #answered: Answered[] = [];
  /**
   * Reports claimed (`sending`) but not yet sent: up to `concurrency` of them, so a slot
   * that frees up sends again at once instead of waiting for a turn of the loop.
   */
  readonly #ready: Delivery[] = [];
  /** Claimed reports taken back from #ready (their target paused or rate limited), or lost probes: the next turn unclaims them. */
  readonly #giveBack: Pick<Delivery, 'seq' | 'id' | 'claim'>[] = [];
  #gathering: NodeJS.Timeout | null = null;
  /** Written outcomes waiting for their flush to disk. */
  readonly #flushing = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  readonly #pace = new LoopPace();
  #holding = false;
  /** This tenure's claim token (see the class comment); 0 before the lease is first held. */
  #claim = 0;

  constructor(deps: DeliveryWorkerDeps) {
    super();
    const { walSync, board, circuit, ...rest } = deps;
    this.#walSync = walSync ?? null;
    this.#d = { concurrency: 4, backoff: DEFAULT_BACKOFF, idlePollMs: 1000, now: Date.now, random: Math.random, ...rest };
    const { backoff, random, lease } = this.#d;
    this.#circuits = new CircuitGate({ policy: circuit ?? {}, backoffCapMs: backoff.capMs, random, board: board ?? null, owner: lease.owner });
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

  /** Stops taking new work, waits for requests in flight, writes their outcomes, and gives the lease back. */
  async stop(): Promise<void> {
    this.#running = false;
    this.kick();
    await this.#loop;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
    if (this.#gathering) clearTimeout(this.#gathering);
    this.#gathering = null;
    try {
      this.#write(this.#d.now(), 0);
      this.#d.serverClock.flush();
    } catch (err) {
      // Their rows stay `sending` and go back to the queue at the next start.
      this.emit('stalled', err instanceof Error ? err.message : String(err));
    }
    while (this.#flushing.size > 0) await Promise.allSettled([...this.#flushing]);
    try {
      this.#circuits.clear();
    } catch (err) {
      this.emit('stalled', err instanceof Error ? err.message : String(err));
    } finally {
      // Whatever failed above, the lease goes: another process may deliver at once.
      if (this.#holding) this.#d.lease.release();
      this.#holding = false;
    }
  }

  /**
   * Look at the queue now (a report was queued, an answer came, or a person pressed Send
   * now). The loop wakes at the end of this turn of the event loop, so the answers of one
   * turn are written, and their slots refilled, by one transaction.
   */
  kick(): void {
    this.#pace.kick();
  }

  /**
   * The OS says we are online again (or woke from sleep), a person pressed Send now, or
   * `usageplace sync` started: waiting retries go at once, an open circuit probes now, and
   * addresses that refused us are tried again (the network, the proxy or the firewall may be
   * another one now).
   */
  onlineAgain(): void {
    const out = [...this.#inFlight.keys(), ...this.#ready];
    const lost = this.#circuits.probeNow(this.#d.now(), (p) => out.some((d) => d.seq === p.seq && d.claim === p.claim));
    // A probe claimed but never sent: its row may still be `sending` under our claim.
    this.#giveBack.push(...lost);
    const lifted = this.#d.holds.liftRefusals(this.#d.now());
    const woken = this.#d.store.wakeRetries(this.#d.now());
    if (woken + lifted > 0) this.emit('changed', []);
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
        // the loop must outlive it. Nothing was half-done: a turn is one transaction, and its
        // answers wait for the next one.
        this.emit('stalled', err instanceof Error ? err.message : String(err));
        sleepMs = STALL_RETRY_MS;
      }
      // With every slot busy an answer's kick wakes it; "at once" is paced by LoopPace.
      await this.#pace.pause(sleepMs > 0 || this.#inFlight.size >= this.#d.concurrency ? Math.max(sleepMs, 1) : 0);
    }
  }

  /** One look at the queue: writes answers, claims what is due; returns how long to sleep (0: look again now). */
  #turn(now: number): number {
    const { store, lease, holds } = this.#d;
    let sleepMs = this.#holding ? this.#d.idlePollMs : Math.min(1000, lease.ttlMs / 3);
    const room = this.#holding && this.#running ? 2 * this.#d.concurrency - this.#inFlight.size - this.#ready.length : 0;
    const paused = this.#holding ? holds.blockedTargets(now) : [];
    const blocked = this.#circuits.blocked(paused);
    const claimed = this.#write(now, room, blocked, room > 0 ? this.#circuits.probesDue(now, paused) : []);
    if (!this.#holding) return sleepMs;
    if (room > 0 && claimed === room) return 0;
    // With every slot busy, the next answer wakes the loop: no need to ask when the next
    // report is due (a query per delivery, saved).
    if (this.#inFlight.size < this.#d.concurrency) {
      const wakeAt = Math.min(store.nextDueAt(blocked) ?? Infinity, holds.nextRelease(now) ?? Infinity, this.#circuits.nextProbeAt(paused) ?? Infinity);
      if (Number.isFinite(wakeAt)) sleepMs = Math.min(sleepMs, Math.max(0, wakeAt - now));
    }
    return Math.min(sleepMs, lease.ttlMs / 3);
  }

  /**
   * The turn's transaction: the answers since the last turn, the circuits' work (see
   * CircuitGate.write: its probes go first), then up to `claimLimit` reports in all, which go
   * out as slots free up. Claimed reports not yet sent go back to the queue when this process
   * stops delivering. Returns how many were claimed. If the transaction fails, the answers
   * are kept for the next turn.
   */
  #write(now: number, claimLimit: number, blocked: readonly Target[] = [], probes: readonly ProbeDue[] = []): number {
    const { store, serverClock } = this.#d;
    const answered = this.#answered;
    // Claims not sent go back to the queue when this process stops delivering, and when it
    // lost the lease: the new holder recovered the `sending` rows when it took over, but not
    // rows claimed after that by this process, before it knew (a stall). The unclaim is
    // fenced by the claim token, so it never touches a row the new holder claimed.
    const unclaim = this.#running && this.#holding ? this.#giveBack.splice(0) : [...this.#giveBack.splice(0), ...this.#ready.splice(0)];
    if (answered.length === 0 && claimLimit <= 0 && unclaim.length === 0 && !this.#circuits.pending(this.#holding)) return 0;
    this.#answered = [];
    const written: Answered[] = [];
    /** Answers that came too late to change their row: only its history changed. */
    const late: string[] = [];
    let claimed: Delivery[] = [];
    try {
      store.together(() => {
        let lastSent = -Infinity;
        for (const a of answered) {
          try {
            if (!store.settle(a.outcome)) {
              late.push(a.delivery.id);
              continue;
            }
            written.push(a);
            if (a.outcome.kind === 'sent') lastSent = Math.max(lastSent, a.outcome.at);
          } catch (err) {
            // Only this outcome is undone (a savepoint of its own); its row stays `sending`
            // and goes back to the queue at the next start.
            this.emit('stalled', `Could not record what became of report ${a.delivery.id}: ${(err as Error).message}`);
          }
        }
        if (lastSent > -Infinity) serverClock.delivered(lastSent);
        if (unclaim.length > 0) store.unclaim(unclaim, now);
        claimed = this.#circuits.write(store, now, this.#claim, probes, this.#holding);
        if (claimLimit > claimed.length) claimed.push(...store.claimDue({ now, limit: claimLimit - claimed.length, skipTargets: blocked, claim: this.#claim }));
        // Claims alone need no flush (see claimDue); outcomes are flushed by #whenOnDisk, or by
        // this commit itself when there is no WalSync.
      }, { durable: this.#walSync === null && answered.length > 0 });
    } catch (err) {
      this.#answered = [...answered, ...this.#answered];
      this.#giveBack.unshift(...unclaim);
      this.#circuits.undo(now);
      throw err;
    }
    this.#circuits.written(this.#holding);
    this.#ready.push(...claimed);
    this.#startReady();
    const changed = [...[...claimed, ...unclaim].map((d) => d.id), ...late];
    if (changed.length > 0) this.emit('changed', changed);
    if (written.length > 0) this.#whenOnDisk(written);
    return claimed.length;
  }

  /** The claimed reports of a target that must not be sent to now go back to the queue, unsent. */
  #holdBack(target: Target, now: number): void {
    for (let i = this.#ready.length - 1; i >= 0; i--) {
      const d = this.#ready[i]!;
      if (d.target.baseUrl !== target.baseUrl || d.target.cid !== target.cid) continue;
      this.#giveBack.push(...this.#ready.splice(i, 1));
      this.#circuits.dropped(d, now);
    }
    if (this.#giveBack.length > 0) this.kick();
  }

  /** Fills free request slots from the claimed reports. */
  #startReady(): void {
    while (this.#running && this.#holding && this.#inFlight.size < this.#d.concurrency && this.#ready.length > 0) {
      this.#track(this.#ready.shift()!);
    }
  }

  /**
   * After an answer: write it (and claim more) at the end of this turn of the event loop if
   * the claimed reports ran out or a full batch of answers waits; otherwise a moment later,
   * so more answers share the transaction (its page writes are most of a report's cost).
   */
  #answeredOne(): void {
    if (this.#ready.length === 0 || this.#answered.length >= this.#d.concurrency) {
      this.kick();
      return;
    }
    this.#gathering ??= setTimeout(() => {
      this.#gathering = null;
      this.kick();
    }, GATHER_ANSWERS_MS);
  }

  /** Tells of written outcomes once they are on disk. */
  #whenOnDisk(written: Answered[]): void {
    const tell = (): void => {
      this.emit('changed', written.map((a) => a.delivery.id));
      for (const a of written) {
        if (a.outcome.kind === 'sent') this.emit('delivered', a.delivery.id);
        if (a.outcome.kind === 'failed') this.#tellFailed(a.delivery.id);
      }
    };
    if (!this.#walSync) return tell();
    const flushed: Promise<void> = this.#walSync
      .sync()
      .catch((err: unknown) => {
        // The flush failed (on Linux a failed fsync may even drop the pages): make it durable
        // the way SQLite itself does, with a commit that waits for the disk (it syncs the whole
        // WAL), and let every later turn do so too. Only then are the outcomes told.
        this.#walSync = null;
        this.emit('stalled', `The disk did not confirm a write (${(err as Error).message}); committing with waits from now on.`);
        this.#d.store.forceToDisk(this.#d.now());
      })
      .then(tell)
      // A listener that throws must not leave this promise rejected.
      .catch(() => {})
      .finally(() => this.#flushing.delete(flushed));
    this.#flushing.add(flushed);
  }

  #takeLease(): void {
    const was = this.#holding;
    const result = this.#d.lease.acquire();
    this.#holding = result.held;
    if (result.held && result.fresh) {
      // A new tenure: whoever held the lease before is gone or stalled. Its requests may
      // still answer (even this process's own, from before a stall): a new token keeps
      // those answers off the rows this tenure recovers and claims again. Claims of an
      // earlier tenure of ours not sent yet are dropped: recovery queues their rows again.
      this.#claim = randomInt(1, CLAIM_TOKENS);
      this.#ready.length = 0;
      this.#giveBack.length = 0;
      this.#circuits.reset();
      const recovered = this.#d.store.recoverSending(this.#d.now());
      if (recovered > 0) this.emit('changed', []);
    }
    if (was !== this.#holding) {
      const held = this.#holding;
      // The first turn runs inside start(), before the caller could subscribe: tell it a tick later.
      queueMicrotask(() => this.emit('lease', held));
    }
  }

  #track(delivery: Delivery): void {
    const work = this.#deliver(delivery)
      .catch((err: unknown) => this.#unexpected(delivery, err))
      .finally(() => {
        // The slot goes at once to the next claimed report; this report's own lane waits
        // until a turn has written its outcome (its row stays `sending` until then).
        this.#inFlight.delete(delivery);
        this.#startReady();
        this.#answeredOne();
      });
    this.#inFlight.set(delivery, work);
  }

  async #deliver(delivery: Delivery): Promise<void> {
    this.#judge(delivery, await attemptDelivery(delivery, this.#d));
  }

  /** Queues the attempt's outcome for the next turn, and pauses or slows its target (or opens its circuit) at once if it must. */
  #judge(delivery: Delivery, result: AttemptResult): void {
    const now = this.#d.now();
    const verdict = deliveryVerdict(delivery, result, now, this.#d);
    if (verdict.outcome.kind === 'retry' && this.#circuits.isProbe(delivery)) verdict.outcome.probe = true;
    const circuit = this.#circuits.answered(delivery, result, now);
    if (verdict.holdTarget || circuit.holdBack) this.#holdBack(delivery.target, now);
    const told = circuit.told;
    if (told) this.#tellSafely(() => this.emit('circuit', told.target, told.view));
    this.#answered.push({ delivery, outcome: verdict.outcome });
    const paused = verdict.paused;
    if (paused?.kind === 'sign_in') this.#tellSafely(() => this.emit('signInNeeded', delivery.target, paused.reason, paused.error));
    if (paused?.kind === 'refused') this.#tellSafely(() => this.emit('endpointPaused', paused.refusal));
  }

  #tellFailed(id: string): void {
    const entry = this.#d.store.get(id);
    if (entry) this.emit('failed', entry);
  }

  /**
   * Tells listeners from inside a delivery. A listener that throws (a window already gone)
   * must not become the report's outcome: the report already has one.
   */
  #tellSafely(tell: () => void): void {
    try {
      tell();
    } catch {
      // The listener's own failure; it has its own log.
    }
  }

  #unexpected(delivery: Delivery, err: unknown): void {
    const code = err instanceof AppError ? err.code : 'unexpected_answer';
    const message = err instanceof Error ? err.message : String(err);
    this.#judge(delivery, { kind: 'retry', error: { code, message, httpStatus: null, problem: null }, reason: 'backoff', retryAfterMs: null });
  }
}
