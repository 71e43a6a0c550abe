// The report form: what the clerk has typed, the shared rules' verdict on it, and the last
// confirmation. Validation uses the same schema the main process checks again with.
import type { AppErrorData, FieldProblem } from '../../../../shared/errors.ts';
import { fieldProblems } from '../../../../shared/field-problems.ts';
import type { FormDraft, ReportDraft } from '../../../../shared/ipc.ts';
import type { OutboxEntry } from '../../../../shared/outbox.ts';
import { reportInputSchema } from '../../../../shared/report-input.ts';
import { EventStatus } from '../../../../shared/usageplace-event.ts';
import * as api from '../api.ts';
import type { LaneWarningView } from '../api.ts';
import { problemSentence } from '../i18n/messages.ts';
import { clock } from './clock.svelte.ts';
import { dateAt, formatNumber, localTime } from '../format.ts';
import { clearPending, loadPending, savePending } from '../pending-report.ts';

export interface InvoiceRow {
  /** Stable key for the {#each}, so focus stays put when a row above is removed. */
  key: number;
  invoicenumber: string;
  jobid: string;
}

export interface Confirmation {
  id: string;
  status: EventStatus;
  usageplacecode: string;
  correction: boolean;
  warnings: LaneWarningView[];
}

/** Problems worded for the fields they belong to, in the window's language. */
export type FieldErrors = Record<string, string>;
type FieldProblems = Record<string, FieldProblem>;

/** What a try to submit ended in. */
export type SubmitOutcome = { kind: 'queued' } | { kind: 'invalid' } | { kind: 'error'; error: AppErrorData };

let nextKey = 1;
const newRow = (invoicenumber = '', jobid = ''): InvoiceRow => ({ key: nextKey++, invoicenumber, jobid });

export class ReportFormState {
  #status = $state<EventStatus | ''>('');
  #usageplacecode = $state('');
  #customernumber = $state('');
  #contractNo = $state('');
  #invoices = $state<InvoiceRow[]>([]);
  /** The typed time; ignored while the field follows the clock. */
  #time = $state('');
  #timeEdited = $state(false);
  #description = $state('');
  /** Made when the form opens (and again for each next report): see IdempotencyKey in shared/ipc.ts. */
  #idempotencyKey: string = crypto.randomUUID();

  /** Errors show only after the first try to submit; from then on they follow the typing. */
  #attempted = $state(false);
  #serverErrors = $state<FieldProblems>({});
  #submitting = $state(false);
  /** Why the last try to queue was not queued (shown above the form's buttons), or null. */
  #failure = $state<AppErrorData | null>(null);
  #confirmation = $state<Confirmation | null>(null);
  #warnings = $state<LaneWarningView[]>([]);
  #warningsAsked = 0;

  get status(): EventStatus | '' { return this.#status; }
  set status(v: EventStatus | '') { this.#status = v; }
  get usageplacecode(): string { return this.#usageplacecode; }
  set usageplacecode(v: string) { this.#usageplacecode = v; }
  get customernumber(): string { return this.#customernumber; }
  set customernumber(v: string) { this.#customernumber = v; }
  get contractNo(): string { return this.#contractNo; }
  set contractNo(v: string) { this.#contractNo = v; }
  get description(): string { return this.#description; }
  set description(v: string) { this.#description = v; }
  get invoices(): InvoiceRow[] { return this.#invoices; }

  /** The time shown: the clock's, until the clerk types one. */
  get time(): string {
    return this.#timeEdited ? this.#time : localTime(clock.now);
  }
  set time(v: string) {
    this.#time = v;
    this.#timeEdited = true;
  }
  get timeFollowsClock(): boolean { return !this.#timeEdited; }

  get descriptionRequired(): boolean { return this.#status === 'notdisconnected'; }
  get submitting(): boolean { return this.#submitting; }
  get confirmation(): Confirmation | null { return this.#confirmation; }
  get failure(): AppErrorData | null { return this.#failure; }
  get warnings(): LaneWarningView[] { return this.#warnings; }

  /** Problems per field ("usageplacecode", "invoices.0.jobid"), once the clerk tried to submit. */
  get errors(): FieldErrors {
    if (!this.#attempted) return {};
    const problems = { ...this.#check(), ...this.#serverErrors };
    return Object.fromEntries(Object.entries(problems).map(([field, p]) => [field, problemSentence(p, formatNumber)]));
  }

  timeNow(): void {
    this.#timeEdited = false;
  }

  addInvoice(): InvoiceRow {
    const row = newRow();
    this.#invoices.push(row);
    return row;
  }

  removeInvoice(key: number): void {
    this.#invoices = this.#invoices.filter((r) => r.key !== key);
  }

  dismissConfirmation(): void {
    this.#confirmation = null;
  }

  dismissFailure(): void {
    this.#failure = null;
  }

  /** Empties the form for the next report (the confirmation stays until dismissed). */
  reset(): void {
    this.#status = '';
    this.#usageplacecode = '';
    this.#customernumber = '';
    this.#contractNo = '';
    this.#invoices = [];
    this.#time = '';
    this.#timeEdited = false;
    this.#description = '';
    this.#attempted = false;
    this.#serverErrors = {};
    this.#failure = null;
    this.#warnings = [];
    this.#idempotencyKey = crypto.randomUUID();
  }

  /** "Edit and resend": the failed report's values, to be corrected. */
  prefill(entry: OutboxEntry): void {
    const e = entry.event;
    this.reset();
    this.#confirmation = null;
    this.#status = e.status;
    this.#usageplacecode = e.usageplacecode;
    this.#customernumber = e.customernumber ?? '';
    this.#contractNo = e.contract_no ?? '';
    this.#invoices = (e.invoices ?? []).map((i) => newRow(i.invoicenumber, String(i.jobid)));
    this.time = e.time;
    this.#description = e.description ?? '';
  }

  /**
   * The form as typed, for its draft: `time` only once the clerk typed one (else it follows the
   * clock), and the form's idempotency key, so the form brought back queues as the same report.
   */
  snapshot(): FormDraft {
    const draft: FormDraft = {
      status: this.#status,
      usageplacecode: this.#usageplacecode,
      customernumber: this.#customernumber,
      contract_no: this.#contractNo,
      invoices: this.#invoices.map((r) => ({ invoicenumber: r.invoicenumber, jobid: r.jobid })),
      description: this.#description,
      idempotencyKey: this.#idempotencyKey,
    };
    if (this.#timeEdited) draft.time = this.#time;
    return draft;
  }

  /**
   * A draft brought back (after a reload, a restart or a crash), or a report that was being
   * queued then: the form as the clerk left it, with its idempotency key (a new one if the
   * draft has none).
   */
  restore(draft: FormDraft): void {
    this.reset();
    if (draft.idempotencyKey) this.#idempotencyKey = draft.idempotencyKey;
    const status = EventStatus.safeParse(draft.status);
    this.#status = status.success ? status.data : '';
    this.#usageplacecode = draft.usageplacecode;
    this.#customernumber = draft.customernumber ?? '';
    this.#contractNo = draft.contract_no ?? '';
    this.#invoices = (draft.invoices ?? []).map((i) => newRow(i.invoicenumber, i.jobid));
    if (draft.time !== undefined) this.time = draft.time;
    this.#description = draft.description ?? '';
  }

  /** Asks main about unsent reports of the same usage place; the latest question wins. */
  async refreshWarnings(excludeId?: string): Promise<void> {
    const asked = ++this.#warningsAsked;
    const status = this.#status;
    const code = this.#usageplacecode.trim();
    if (!status || !code) {
      this.#warnings = [];
      return;
    }
    const result = await api.laneWarnings(status, code, excludeId);
    if (asked !== this.#warningsAsked) return;
    this.#warnings = result.ok ? result.value : [];
  }

  /** Checks the form and, when it passes, queues it (or the correction of `correcting`). */
  async submit(correcting: OutboxEntry | null): Promise<SubmitOutcome> {
    this.#attempted = true;
    this.#serverErrors = {};
    if (this.#submitting) return { kind: 'invalid' };
    this.#failure = null;
    if (Object.keys(this.#check()).length > 0) return { kind: 'invalid' };
    this.#submitting = true;
    try {
      const draft = this.#draft();
      const key = this.#idempotencyKey;
      if (!correcting) savePending({ idempotencyKey: key, draft });
      const result = correcting ? await api.correctReport(correcting.id, draft) : await api.createReport(key, draft);
      if (answered(result)) clearPending();
      if (!result.ok) {
        this.#refused(result.error);
        return { kind: 'error', error: result.error };
      }
      const entry = 'entry' in result.value ? result.value.entry : result.value;
      const warnings = 'warnings' in result.value ? result.value.warnings : [];
      this.#confirmation = {
        id: entry.id, status: entry.status, usageplacecode: entry.usageplacecode, correction: correcting !== null, warnings,
      };
      this.reset();
      return { kind: 'queued' };
    } finally {
      this.#submitting = false;
    }
  }

  /**
   * After a reload: a report the form was queueing when the window reloaded is asked for
   * again, with its key, so it is queued once whether or not the first try arrived. On an
   * error the clerk gets the form back as it was, with the error as a try to queue shows it
   * (an idempotency_conflict, say: nothing was queued).
   */
  async resumePending(): Promise<void> {
    const pending = loadPending();
    if (!pending || this.#submitting) return;
    this.#submitting = true;
    try {
      const result = await api.createReport(pending.idempotencyKey, pending.draft);
      if (answered(result)) clearPending();
      if (result.ok) {
        const { entry, warnings } = result.value;
        this.#confirmation = { id: entry.id, status: entry.status, usageplacecode: entry.usageplacecode, correction: false, warnings };
        return;
      }
      this.restore({ ...pending.draft, idempotencyKey: pending.idempotencyKey });
      this.#attempted = true;
      this.#refused(result.error);
    } finally {
      this.#submitting = false;
    }
  }

  /** Main did not queue it: the error, and its problems beside their fields. */
  #refused(error: AppErrorData): void {
    this.#serverErrors = Object.fromEntries((error.problems ?? []).map((p) => [p.field, p]));
    this.#failure = error;
  }

  #draft(): ReportDraft {
    const draft: ReportDraft = {
      status: this.#status,
      usageplacecode: this.#usageplacecode,
      customernumber: this.#customernumber,
      contract_no: this.#contractNo,
      invoices: this.#invoices.map((r) => ({ invoicenumber: r.invoicenumber, jobid: r.jobid })),
      time: this.time,
      description: this.#description,
    };
    return draft;
  }

  /** The shared rules, with "now" from the ticking clock; the first problem of each field. */
  #check(): FieldProblems {
    const schema = reportInputSchema(() => dateAt(clock.now));
    const parsed = schema.safeParse(this.#draft());
    if (parsed.success) return {};
    const problems: FieldProblems = {};
    for (const problem of fieldProblems(parsed.error, 'status')) problems[problem.field] ??= problem;
    return problems;
  }
}

/**
 * Whether main gave its verdict. An internal error may mean the answer never came (the
 * bridge failed), so the pending report is kept: a reload asks again with the same key.
 */
const answered = (result: { ok: boolean; error?: { code: string } }): boolean => result.ok || result.error?.code !== 'internal_error';

export const reportForm = new ReportFormState();
