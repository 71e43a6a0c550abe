// What the simulator received: tests and trainers read it to see what the client really
// sent, e.g. that a retried event reached Ropo One exactly once.
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';

export interface AcceptedEvent {
  cid: string;
  event: UsageplaceEvent;
  /** ISO time of the first acceptance. */
  receivedAt: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The HTTP status answered; 0 when the connection was dropped without an answer. */
  status: number;
  /** Whether the body validated against the OpenAPI request schema (false for unknown paths and non-JSON). */
  openApiValid: boolean;
}

export interface SimulatorRecord {
  /** Events in arrival order, each only at its first acceptance. */
  accepted: AcceptedEvent[];
  /** How many valid events repeated an id already accepted for the same cid. */
  duplicates: number;
  /** Repeat count per event id (ids are unique per cid; with several accounts the counts of equal ids add up). */
  duplicatesById: Record<string, number>;
  /** Every request to /rest/*, including rejected and dropped ones. */
  requests: RecordedRequest[];
  tokensIssued: number;
}

export function emptyRecord(): SimulatorRecord {
  return { accepted: [], duplicates: 0, duplicatesById: {}, requests: [], tokensIssued: 0 };
}

export class SimRecorder {
  #record: SimulatorRecord = emptyRecord();
  // Survives nothing but the record itself: after a reset an old id is new again.
  #seen = new Set<string>();

  /** Records a valid event; returns false when it repeats an id already accepted for this cid. */
  accept(cid: string, event: UsageplaceEvent, now: Date): boolean {
    const key = JSON.stringify([cid, event.id]);
    if (this.#seen.has(key)) {
      this.#record.duplicates += 1;
      this.#record.duplicatesById[event.id] = (this.#record.duplicatesById[event.id] ?? 0) + 1;
      return false;
    }
    this.#seen.add(key);
    this.#record.accepted.push({ cid, event, receivedAt: now.toISOString() });
    return true;
  }

  request(entry: RecordedRequest): void {
    this.#record.requests.push(entry);
  }

  tokenIssued(): void {
    this.#record.tokensIssued += 1;
  }

  /** A deep copy, so callers cannot change what was recorded. */
  snapshot(): SimulatorRecord {
    return structuredClone(this.#record);
  }

  reset(): void {
    this.#record = emptyRecord();
    this.#seen.clear();
  }
}
