import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import { laneWarnings, type LaneWarning } from '../../shared/lane-warnings.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';
import type { Target } from '../../shared/endpoint.ts';
import { reportInputSchema, toUsageplaceEvent, type ReportInput } from '../../shared/report-input.ts';
import { fieldProblems } from '../../shared/field-problems.ts';
import type { DiscardedBy, OutboxStore } from './outbox-store.ts';
import type { SettingsStore } from './settings-store.ts';
import { uuidV5 } from './uuid-v5.ts';

/**
 * The namespace of event ids made from a form's idempotency key. Fixed for good: the same
 * key must always give the same id. Its own namespace, so no key can give the id of a
 * report made any other way (a random id, or an imported row's).
 */
const FORM_KEY_NAMESPACE = '38314cbf-309b-4cb8-a159-5d30d64d1a13';

export interface ReportServiceDeps {
  store: OutboxStore;
  settings: SettingsStore;
  now?: () => number;
  newId?: () => string;
  /** Called after a report is committed, so a deliverer in this process can look at once. */
  onQueued?: () => void;
}

/** Making, correcting and giving up reports: validation first, then one transaction. */
export class ReportService {
  readonly #d: Required<ReportServiceDeps>;
  /** Built once: the clock is read at each parse, and zod compiles a schema on its first use (measured: 0.3 ms per report). */
  readonly #schema: ReturnType<typeof reportInputSchema>;
  constructor(deps: ReportServiceDeps) {
    this.#d = { now: Date.now, newId: randomUUID, onQueued: () => {}, ...deps };
    this.#schema = reportInputSchema(() => new Date(this.#d.now()));
  }

  validate(draft: unknown): ReportInput {
    const parsed = this.#schema.safeParse(draft);
    if (!parsed.success) {
      const problems = fieldProblems(parsed.error);
      throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join(' '), problems);
    }
    return parsed.data;
  }

  /** Warnings about unsent reports of the same usage place, before or after making one. */
  warningsFor(status: ReportInput['status'], usageplacecode: string, excludeId?: string): LaneWarning[] {
    return this.#warnings(this.#d.settings.currentTarget(), status, usageplacecode, excludeId);
  }

  #warnings(target: Target, status: ReportInput['status'], usageplacecode: string, excludeId?: string): LaneWarning[] {
    const unsent = this.#d.store.activeInLane(target, usageplacecode.trim()).filter((e) => e.id !== excludeId);
    return laneWarnings(status, unsent);
  }

  /**
   * Returns only once the report is committed to disk. With an idempotency key (the
   * form's), the event id is derived from the key: the same key with the same content
   * answers the report it made the first time, whatever became of it since, and queues
   * nothing; with other content it is refused.
   */
  create(draft: unknown, options: { idempotencyKey?: string } = {}): { entry: OutboxEntry; warnings: LaneWarning[] } {
    const report = this.validate(draft);
    const target = this.#d.settings.currentTarget();
    const key = options.idempotencyKey;
    const queue = (event: UsageplaceEvent) => {
      const warnings = this.#warnings(target, report.status, report.usageplacecode);
      const [entry] = this.#d.store.enqueue([{ event, target, customernumber: report.customernumber }], this.#d.now());
      return { entry: entry!, warnings };
    };
    if (key === undefined) {
      const made = queue(toUsageplaceEvent(this.#d.newId(), report));
      this.#d.onQueued();
      return made;
    }
    const event = toUsageplaceEvent(uuidV5(key, FORM_KEY_NAMESPACE), report);
    // One transaction for the look and the insert: the app and the CLI share the outbox.
    const made = this.#d.store.together(() => {
      const earlier = this.#d.store.get(event.id);
      if (!earlier) return { ...queue(event), queued: true };
      if (!sameReport(earlier, event, target, draftTimeGiven(draft))) {
        throw new AppError('idempotency_conflict', `This form was already queued as report ${earlier.id}, with other content; nothing was queued.`);
      }
      return { entry: earlier, warnings: this.#warnings(target, report.status, report.usageplacecode, earlier.id), queued: false };
    });
    if (made.queued) this.#d.onQueued();
    return { entry: made.entry, warnings: made.warnings };
  }

  /** "Edit and resend": a new report with a new id that names the failed one it replaces. */
  correct(failedId: string, draft: unknown): OutboxEntry {
    const report = this.validate(draft);
    const old = this.#d.store.get(failedId);
    if (!old) throw new AppError('not_found', `No report with id ${failedId}.`);
    const entry = this.#d.store.supersede(
      failedId,
      { event: toUsageplaceEvent(this.#d.newId(), report), target: old.target, customernumber: report.customernumber },
      this.#d.now(),
    );
    this.#d.onQueued();
    return entry;
  }

  retryNow(id: string): OutboxEntry {
    const entry = this.#d.store.retryNow(id, this.#d.now());
    this.#d.onQueued();
    return entry;
  }

  discard(id: string, by?: DiscardedBy): OutboxEntry {
    const entry = this.#d.store.discard(id, this.#d.now(), by);
    this.#d.onQueued();
    return entry;
  }
}

/** Whether the draft named a time; without one the time is "when it was first queued". */
function draftTimeGiven(draft: unknown): boolean {
  const time = (draft as { time?: unknown } | null)?.time;
  return typeof time === 'string' && time.trim() !== '';
}

/** The same content for the same destination: the repeat of a form, not another report. */
function sameReport(earlier: OutboxEntry, event: UsageplaceEvent, target: Target, timeGiven: boolean): boolean {
  const again = timeGiven ? event : { ...event, time: earlier.event.time };
  return earlier.target.baseUrl === target.baseUrl && earlier.target.cid === target.cid && isDeepStrictEqual(earlier.event, again);
}
