import type { Target } from '../../shared/endpoint.ts';
import type { LastError } from '../../shared/outbox.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';
import type { AttemptResult } from './delivery-attempt.ts';

// A circuit per target (base URL + cid), with the states of cockatiel's ConsecutiveBreaker
// and opossum: closed → open → half-open. Our own small implementation, because what both
// libraries wrap is one call at a time in one process; here the "calls" are rows claimed
// from a database, the probe must be a particular report (a lane head, see below), a
// Retry-After sets the earliest next probe, and closing must release the reports that
// waited in the database. The state is in memory only: a new deliverer (a restart, another
// process taking the lease) starts closed and opens again within a few failures.
//
// - closed: requests go out as due. Each answer that shows Ropo One or the network down
//   (circuitSignal) adds to a count of consecutive failures; any answer that shows Ropo One
//   up resets it. At `failures` in a row the circuit opens, unless Ropo One answered (5xx)
//   and every failure was the same report's: Ropo One answering one report 5xx again and
//   again (a "poison" report) is that report's problem, and it keeps its own backoff. A
//   request that got no answer at all (cut, refused, DNS, TLS, timeout) says nothing about
//   its report, so one report alone in a real outage still opens it.
// - open: no report of the target is claimed. When the next probe is due, one report is
//   claimed as the probe and the circuit is half-open until it answers. The probe is the
//   lane head that is due first (OutboxStore.claimProbe), and not the one whose probe just
//   failed if another lane waits: a poison report must not be the only one ever asked.
//   While Ropo One is down every head waits on the outage, so it is the longest-waiting one.
//   With nothing left to probe (the clerk discarded the reports) the circuit is forgotten.
// - half-open: the probe is out. Down (or busy: 429, 5xx with Retry-After): open again,
//   next probe after the probe interval (with jitter), and never before a Retry-After.
// - Any answer that shows Ropo One up (2xx, 409, 400/422, a 401 about our sign-in), from
//   the probe or from a request still in flight when the circuit opened, closes it: the
//   caller releases the reports that waited.

export interface CircuitPolicy {
  /** Consecutive answers that show Ropo One or the network down before the circuit opens. */
  failures: number;
  /** The longest wait between two probes while open; each wait is drawn from [0.8, 1] of it. */
  probeEveryMs: number;
}

/**
 * Five in a row, as cockatiel's examples use. With four requests in flight an outage meets it
 * at once. A network that loses one request in four opens it about once in a thousand
 * answers; the three requests still out when it opens then close it again at once, unless
 * they fail too (about once in 65,000 answers: then the reports wait one probe interval).
 */
export const DEFAULT_CIRCUIT: CircuitPolicy = { failures: 5, probeEveryMs: 5000 };

/** The share of the probe interval that jitter may take off. */
const JITTER = 0.2;

/** What one answer says about the target as a whole, as opposed to the report. */
export type CircuitSignal =
  | { kind: 'up' }
  | { kind: 'down'; error: LastError }
  /** Ropo One answered but wants us to wait (429, 408, 5xx with Retry-After), or the target paused for another cause. */
  | { kind: 'other'; error: LastError | null; retryAfterMs: number | null };

const DOWN_REASONS = new Set(['network_offline', 'server_unreachable', 'tls_failed']);

export function circuitSignal(result: AttemptResult): CircuitSignal {
  switch (result.kind) {
    case 'sent':
    case 'rejected':
      return { kind: 'up' };
    case 'sign_in_needed':
      // Ropo One refused the token or the apicode: it answers. With no apicode stored, nothing was asked.
      return result.reason === 'not_signed_in' ? { kind: 'other', error: result.error, retryAfterMs: null } : { kind: 'up' };
    case 'endpoint_refused':
      return { kind: 'other', error: result.error, retryAfterMs: null };
    case 'retry': {
      const status = result.error.httpStatus;
      if (DOWN_REASONS.has(result.reason)) return { kind: 'down', error: result.error };
      // A 5xx that says when to come back is Ropo One managing its load, not Ropo One gone.
      if (status !== null && status >= 500 && result.retryAfterMs === null) return { kind: 'down', error: result.error };
      return { kind: 'other', error: result.error, retryAfterMs: result.retryAfterMs };
    }
  }
}

/** A claimed report, as far as the circuit needs to know it. */
export interface ProbeClaim {
  seq: number;
  id: string;
  claim: number;
  target: Target;
}

/** A probe to claim: the target, and the report whose probe failed last (another lane's head goes first). */
export interface ProbeDue {
  target: Target;
  avoidSeq: number | null;
}

interface Circuit {
  target: Target;
  state: 'closed' | 'open' | 'half_open';
  /** Consecutive down answers while closed, and when the first of them came (the outage's start). */
  failures: number;
  streakSince: number;
  /** The report of the streak's first failure, whether another report has failed since, and whether Ropo One answered any of them (5xx). */
  streakSeq: number;
  mixed: boolean;
  answered: boolean;
  openedAt: number;
  nextProbeAt: number;
  probe: ProbeClaim | null;
  /** The report whose probe failed last: the next probe prefers another lane. */
  lastProbeSeq: number | null;
  lastCheckAt: number | null;
  /** The newest down answer: what opened the circuit, then what each probe got. */
  lastError: LastError | null;
}

/** What an answer did to its target's circuit. */
export interface CircuitTurn {
  /** The circuit opened: the target's other claimed reports go back unsent. */
  opened: boolean;
  /** The circuit closed: release the reports that waited since this time (the outage's start). */
  releaseSince: number | null;
}

const NOTHING: CircuitTurn = { opened: false, releaseSince: null };
const NONE: readonly Target[] = Object.freeze([]);
const keyOf = (t: Target): string => `${t.cid}@${t.baseUrl}`;

export class TargetCircuits {
  readonly #policy: CircuitPolicy;
  readonly #random: () => number;
  readonly #circuits = new Map<string, Circuit>();
  /** Targets whose circuit is open or half-open; the same empty array while all are closed. */
  #blocked: readonly Target[] = NONE;
  #changed = false;

  constructor(policy: CircuitPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  /**
   * Takes an answer into account. The hot path (an answer that shows Ropo One up, while
   * nothing failed before it) is one map lookup.
   */
  record(delivery: ProbeClaim, result: AttemptResult, now: number): CircuitTurn {
    const signal = circuitSignal(result);
    if (signal.kind === 'up' && this.#circuits.size === 0) return NOTHING;
    const key = keyOf(delivery.target);
    const c = this.#circuits.get(key);
    const isProbe = c?.probe?.seq === delivery.seq && c.probe.claim === delivery.claim;
    if (signal.kind === 'up') {
      if (!c) return NOTHING;
      this.#circuits.delete(key);
      if (c.state === 'closed') return NOTHING;
      this.#changedBlocked();
      return { opened: false, releaseSince: c.streakSince };
    }
    if (signal.kind === 'other') {
      // Neither up nor down. A probe that got it leaves the circuit open, its next probe not
      // before a Retry-After.
      if (c && isProbe) this.#probeAnswered(c, now, signal.error ?? c.lastError, signal.retryAfterMs);
      return NOTHING;
    }
    if (!c) {
      this.#circuits.set(key, this.#closed(delivery, now, signal.error));
      return this.#maybeOpen(this.#circuits.get(key)!, now);
    }
    if (c.state === 'closed') {
      c.failures += 1;
      c.mixed ||= delivery.seq !== c.streakSeq;
      c.answered ||= signal.error.httpStatus !== null;
      c.lastError = signal.error;
      return this.#maybeOpen(c, now);
    }
    // Open already: only the probe's answer counts; requests that were out when it opened add nothing.
    if (isProbe) this.#probeAnswered(c, now, signal.error, null);
    return NOTHING;
  }

  /** Targets no report may be claimed for but by a probe. */
  blocked(): readonly Target[] {
    return this.#blocked;
  }

  /** Open circuits whose probe is due, leaving out targets paused for another reason. */
  probesDue(now: number, paused: readonly Target[]): ProbeDue[] {
    if (this.#blocked.length === 0) return [];
    const out: ProbeDue[] = [];
    for (const c of this.#waitingForProbe(paused)) {
      if (c.nextProbeAt <= now) out.push({ target: c.target, avoidSeq: c.lastProbeSeq });
    }
    return out;
  }

  /**
   * A probe was claimed. `null`: the target has no lane head to probe; `waiting` says whether
   * any of its reports still waits (one may be out, from before the circuit opened): then look
   * again after a probe interval, else forget the circuit, as it holds nobody up.
   */
  probeClaimed(target: Target, probe: ProbeClaim | null, now: number, waiting = true): void {
    const key = keyOf(target);
    const c = this.#circuits.get(key);
    if (!c || c.state !== 'open') return;
    if (probe) {
      c.state = 'half_open';
      c.probe = probe;
    } else if (waiting) {
      c.nextProbeAt = now + this.#probeWait();
    } else {
      this.#circuits.delete(key);
      this.#changedBlocked();
    }
    this.#changed = true;
  }

  /** The probe went back unsent (its target paused, or the claim was undone): probe again when allowed. */
  probeDropped(probe: ProbeClaim, now: number): void {
    const c = this.#circuits.get(keyOf(probe.target));
    if (c?.state !== 'half_open' || c.probe?.seq !== probe.seq || c.probe.claim !== probe.claim) return;
    c.state = 'open';
    c.probe = null;
    c.nextProbeAt = now;
    this.#changed = true;
  }

  isProbe(d: ProbeClaim): boolean {
    const p = this.#circuits.get(keyOf(d.target))?.probe;
    return p?.seq === d.seq && p.claim === d.claim;
  }

  /**
   * When the next probe is due (null: none waits for time). A paused target's probe is not
   * counted: it cannot go before the pause ends, and a pause that ends by itself wakes the
   * loop on its own (TargetHolds.nextRelease); counted, a probe time in the past would have
   * the loop look again at once, and again, without end.
   */
  nextProbeAt(paused: readonly Target[]): number | null {
    let next = Infinity;
    for (const c of this.#waitingForProbe(paused)) next = Math.min(next, c.nextProbeAt);
    return Number.isFinite(next) ? next : null;
  }

  /**
   * Someone pressed Send now, the OS says online again, or `usageplace sync` started: probe at
   * once. A half-open circuit whose probe is not out (`isOut` says; a turn that failed after
   * claiming it, say) is open again: its probe is returned, for its claim to be given back.
   */
  probeNow(now: number, isOut: (probe: ProbeClaim) => boolean): ProbeClaim[] {
    const lost: ProbeClaim[] = [];
    for (const c of this.#circuits.values()) {
      if (c.state === 'half_open' && c.probe && !isOut(c.probe)) {
        lost.push(c.probe);
        c.state = 'open';
        c.probe = null;
        c.nextProbeAt = now;
        this.#changed = true;
      }
      if (c.state === 'open' && c.nextProbeAt > now) {
        c.nextProbeAt = now;
        this.#changed = true;
      }
    }
    return lost;
  }

  /** A new tenure of the lease: whatever this process knew before is another deliverer's past. */
  reset(): void {
    this.#circuits.clear();
    this.#changedBlocked();
  }

  /** Whether the views changed since they were last published for other processes. */
  get changed(): boolean {
    return this.#changed;
  }

  published(): void {
    this.#changed = false;
  }

  /** The open and half-open circuits, as the status shows them. */
  views(): CircuitView[] {
    return [...this.#circuits.values()].flatMap((c) => (c.state === 'closed' ? [] : [viewOf(c)]));
  }

  /** One target's circuit if it is open or half-open, else null. */
  view(target: Target): CircuitView | null {
    const c = this.#circuits.get(keyOf(target));
    return c && c.state !== 'closed' ? viewOf(c) : null;
  }

  /** Open circuits, leaving out targets paused for another reason. */
  *#waitingForProbe(paused: readonly Target[]): Generator<Circuit> {
    for (const c of this.#circuits.values()) {
      if (c.state === 'open' && !paused.some((t) => keyOf(t) === keyOf(c.target))) yield c;
    }
  }

  #closed(first: ProbeClaim, now: number, error: LastError): Circuit {
    return {
      target: first.target, state: 'closed', failures: 1, streakSince: now, streakSeq: first.seq, mixed: false, answered: error.httpStatus !== null,
      openedAt: 0, nextProbeAt: 0, probe: null, lastProbeSeq: null, lastCheckAt: null, lastError: error,
    };
  }

  #maybeOpen(c: Circuit, now: number): CircuitTurn {
    if (c.failures < this.#policy.failures || (c.answered && !c.mixed)) return NOTHING;
    c.state = 'open';
    c.openedAt = now;
    // The requests still out when it opened answer first; any of them may close it again.
    c.nextProbeAt = now + this.#probeWait();
    this.#changedBlocked();
    return { opened: true, releaseSince: null };
  }

  #probeAnswered(c: Circuit, now: number, error: LastError | null, retryAfterMs: number | null): void {
    c.state = 'open';
    c.lastProbeSeq = c.probe?.seq ?? null;
    c.probe = null;
    c.lastCheckAt = now;
    c.lastError = error;
    c.nextProbeAt = now + Math.max(this.#probeWait(), retryAfterMs ?? 0);
    this.#changed = true;
  }

  #probeWait(): number {
    return Math.round(this.#policy.probeEveryMs * (1 - JITTER * this.#random()));
  }

  #changedBlocked(): void {
    const open = [...this.#circuits.values()].filter((c) => c.state !== 'closed').map((c) => c.target);
    this.#blocked = open.length === 0 ? NONE : open;
    this.#changed = true;
  }
}

function viewOf(c: Circuit): CircuitView {
  return {
    target: c.target,
    state: c.state === 'half_open' ? 'half_open' : 'open',
    since: c.openedAt,
    lastCheckAt: c.lastCheckAt,
    lastError: c.lastError,
    nextCheckAt: c.state === 'open' ? c.nextProbeAt : null,
  };
}
