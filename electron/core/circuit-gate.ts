import type { Target } from '../../shared/endpoint.ts';
import type { CircuitView } from '../../shared/outbox-status.ts';
import type { CircuitBoard } from './circuit-board.ts';
import type { AttemptResult } from './delivery-attempt.ts';
import type { Delivery, OutboxStore } from './outbox-store.ts';
import { DEFAULT_CIRCUIT, TargetCircuits, type CircuitPolicy, type ProbeClaim, type ProbeDue } from './target-circuit.ts';

// The targets' circuits (target-circuit.ts) as the delivery loop meets them: which targets
// to leave out of a claim, which probes to claim, which waiting reports to release when a
// circuit closes, and the copy for other processes (circuit-board.ts). The database work
// runs inside the loop's turn transaction, so none of it costs a commit of its own, and
// while every circuit is closed none of it costs a query.

/** A circuit's change the loop tells its listeners of: opened (its view) or closed (null). */
export type CircuitTurnTold = { target: Target; view: CircuitView | null };

export class CircuitGate {
  readonly #circuits: TargetCircuits;
  readonly #board: CircuitBoard | null;
  readonly #owner: string;
  /** Targets whose circuit closed, with the outage's start: the next turn releases their waiting reports. */
  #releases: { target: Target; since: number }[] = [];
  /** The probes claimed by the turn under way: undone with it if its transaction fails. */
  #claiming: Delivery[] = [];

  /**
   * The probe interval is never longer than the backoff's cap either: the circuit may send
   * fewer requests than the lanes would have, never later ones.
   */
  constructor(options: { policy?: Partial<CircuitPolicy>; backoffCapMs: number; random: () => number; board: CircuitBoard | null; owner: string }) {
    const policy = { ...DEFAULT_CIRCUIT, ...options.policy };
    this.#circuits = new TargetCircuits({ ...policy, probeEveryMs: Math.min(policy.probeEveryMs, options.backoffCapMs) }, options.random);
    this.#board = options.board;
    this.#owner = options.owner;
  }

  /** Targets no report may be claimed for: those paused for another reason, and those whose circuit is open. */
  blocked(paused: readonly Target[]): readonly Target[] {
    const open = this.#circuits.blocked();
    return open.length === 0 ? paused : [...paused, ...open];
  }

  probesDue(now: number, paused: readonly Target[]): ProbeDue[] {
    return this.#circuits.probesDue(now, paused);
  }

  nextProbeAt(paused: readonly Target[]): number | null {
    return this.#circuits.nextProbeAt(paused);
  }

  /** Probe at once; returns probes that were claimed but are not out (see TargetCircuits.probeNow): give their claims back. */
  probeNow(now: number, isOut: (probe: ProbeClaim) => boolean): ProbeClaim[] {
    return this.#circuits.probeNow(now, isOut);
  }

  /** A new tenure of the lease: every circuit starts closed (and the empty board is published). */
  reset(): void {
    this.#circuits.reset();
    this.#releases = [];
  }

  /** An answer: whether the target's other claimed reports must go back unsent, and a change to tell. */
  answered(delivery: Delivery, result: AttemptResult, now: number): { holdBack: boolean; told: CircuitTurnTold | null } {
    const turn = this.#circuits.record(delivery, result, now);
    if (turn.releaseSince !== null) this.#releases.push({ target: delivery.target, since: turn.releaseSince });
    if (!turn.opened && turn.releaseSince === null) return { holdBack: false, told: null };
    return { holdBack: turn.opened, told: { target: delivery.target, view: this.#circuits.view(delivery.target) } };
  }

  /** Whether this claim is its target's probe (its failure is written more quietly, see OutboxStore.settle). */
  isProbe(delivery: Delivery): boolean {
    return this.#circuits.isProbe(delivery);
  }

  /** A claimed report went back unsent: if it was a probe, the next one is due. */
  dropped(delivery: Delivery, now: number): void {
    this.#circuits.probeDropped(delivery, now);
  }

  /** Whether a turn must write even with no answers and no room: releases, or views to publish. */
  pending(holding: boolean): boolean {
    return this.#releases.length > 0 || (holding && this.#circuits.changed);
  }

  /**
   * Inside the turn's transaction: releases the reports of circuits that closed, claims the
   * probes due (returned, to go first), and publishes the views if they changed. If the
   * transaction fails, `undo` puts it back as it was.
   */
  write(store: OutboxStore, now: number, claim: number, probes: readonly ProbeDue[], holding: boolean): Delivery[] {
    for (const r of this.#releases) store.releaseAfterOutage(r.target, r.since, now);
    this.#claiming = [];
    for (const { target, avoidSeq } of probes) {
      const probe = store.claimProbe(target, now, claim, avoidSeq);
      // Half-open at once, so the board below shows it; remembered, so a failure later in
      // this transaction (the board's write, say) opens it again instead of leaving it
      // half-open with no probe out.
      if (probe) this.#claiming.push(probe);
      this.#circuits.probeClaimed(target, probe, now, probe !== null || store.hasWaiting(target));
    }
    // In the same transaction, so another process never reads a circuit ahead of the rows.
    if (holding && this.#circuits.changed) this.#board?.publish(this.#owner, this.#circuits.views());
    return this.#claiming;
  }

  /** The turn committed. */
  written(holding: boolean): void {
    this.#releases = [];
    this.#claiming = [];
    if (holding) this.#circuits.published();
  }

  /** The turn's transaction failed: its releases wait for the next turn, the probes it claimed are due again. */
  undo(now: number): void {
    for (const d of this.#claiming.splice(0)) this.#circuits.probeDropped(d, now);
  }

  /** This process stops delivering: other processes must not see its circuits any longer (unless a newer deliverer's are shown). */
  clear(): void {
    this.#board?.withdraw(this.#owner);
  }
}
