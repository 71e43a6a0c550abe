// The report form's draft, kept by the main process in the outbox's database as the clerk
// types (a moment after the typing stops, well within a second), so a half-filled form comes
// back after a reload of the window, a restart of the app or a crash. One draft for the
// new-report form and one for each failed report being corrected. Not the page's own storage:
// that belongs to one browser profile, and the app's data lives in one place.
import type { AppErrorData } from '../../../../shared/errors.ts';
import type { OutboxEntry } from '../../../../shared/outbox.ts';
import { isEmptyDraft, type DraftKey } from '../../../../shared/report-drafts.ts';
import * as api from '../api.ts';
import { reportForm, type SubmitOutcome } from './report-form.svelte.ts';

/** How long after the last keystroke the draft is saved. */
export const SAVE_AFTER_MS = 400;

const sameKey = (a: DraftKey, b: DraftKey) => (a.kind === 'new' ? b.kind === 'new' : b.kind === 'correction' && a.id === b.id);

export class FormDrafts {
  #key: DraftKey = { kind: 'new' };
  /** The form as last saved or brought back (JSON): a change from it is saved. */
  #saved = JSON.stringify(reportForm.snapshot());
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Saves go one after another, so an older one never lands after a newer one. */
  #saving: Promise<void> = Promise.resolve();
  /** Nothing is saved while the draft is being read, or while the form is being queued. */
  #paused = true;
  #restoredAt = $state<number | null>(null);
  #error = $state<AppErrorData | null>(null);

  /** When the draft shown was saved, if the form was brought back from one. */
  get restoredAt(): number | null {
    return this.#restoredAt;
  }

  /** The last save's failure (the database could not be written), or null. */
  get error(): AppErrorData | null {
    return this.#error;
  }

  /**
   * Follows the form from now on, and brings back the new-report form's draft once `settled`
   * has: the resend of a report the window was queueing when it reloaded (reportForm's
   * resumePending). A report queued then took its draft along; one refused is back in the
   * form as it was sent, which is newer than its draft, and stays.
   */
  start(settled: Promise<unknown> = Promise.resolve()): () => void {
    const stop = $effect.root(() => {
      $effect(() => {
        const json = JSON.stringify(reportForm.snapshot());
        this.#changed(json);
      });
    });
    // A reload or a closing window: what was typed in the last moment is saved too.
    const leaving = () => void this.flush();
    window.addEventListener('pagehide', leaving);
    void settled.then(() => this.#open({ kind: 'new' }, () => undefined, { keepTyped: true }));
    return () => {
      stop();
      window.removeEventListener('pagehide', leaving);
      if (this.#timer) clearTimeout(this.#timer);
    };
  }

  /** The new-report form, with its draft (Ctrl+N, or back from a correction). */
  openNew(): Promise<void> {
    return this.#open({ kind: 'new' }, () => reportForm.reset());
  }

  /** "Edit and resend": the failed report's values, or the correction of them begun earlier. */
  openCorrection(entry: OutboxEntry): Promise<void> {
    return this.#open({ kind: 'correction', id: entry.id }, () => reportForm.prefill(entry));
  }

  /** Saves a change not saved yet, now. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const draft = reportForm.snapshot();
    const json = JSON.stringify(draft);
    if (this.#paused || json === this.#saved) return this.#saving;
    const key = this.#key;
    this.#saved = json;
    this.#saving = this.#saving.then(async () => {
      const result = await api.saveDraft(key, draft);
      this.#error = result.ok ? null : result.error;
      // Not kept: the next change tries again.
      if (!result.ok && this.#saved === json) this.#saved = '';
    });
    return this.#saving;
  }

  /**
   * Queues the form. A save already sent lands first and none is sent meanwhile, so the draft
   * the main process clears with the queued report cannot come back after it.
   */
  async whileSubmitting(submit: () => Promise<SubmitOutcome>): Promise<SubmitOutcome> {
    this.#paused = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#saving;
    let outcome: SubmitOutcome = { kind: 'invalid' };
    try {
      outcome = await submit();
      return outcome;
    } finally {
      this.#paused = false;
      if (outcome.kind === 'queued') {
        // The form is empty now, and its draft went with the queued report.
        this.#saved = JSON.stringify(reportForm.snapshot());
        this.#restoredAt = null;
      } else {
        void this.flush();
      }
    }
  }

  /** "Clear form": empty (or, in a correction, back to the failed report's values), and no draft. */
  async clear(correcting: OutboxEntry | null): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (correcting) reportForm.prefill(correcting);
    else reportForm.reset();
    this.#saved = JSON.stringify(reportForm.snapshot());
    this.#restoredAt = null;
    const key = this.#key;
    await this.#saving;
    const result = await api.clearDraft(key);
    this.#error = result.ok ? null : result.error;
  }

  #changed(json: string): void {
    if (this.#paused || json === this.#saved) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SAVE_AFTER_MS);
  }

  /**
   * Leaves the form being edited (its changes saved), sets up the other, and brings back its
   * draft. With `keepTyped`, a form that already holds something (a report that was being
   * queued when the window reloaded) keeps it, and that becomes its draft.
   */
  async #open(key: DraftKey, setUp: () => void, options: { keepTyped?: boolean } = {}): Promise<void> {
    await this.flush();
    this.#paused = true;
    this.#key = key;
    setUp();
    this.#saved = JSON.stringify(reportForm.snapshot());
    this.#restoredAt = null;
    const typed = options.keepTyped === true && !isEmptyDraft(reportForm.snapshot());
    const result = await api.getDraft(key);
    if (!sameKey(this.#key, key)) return; // another form was opened meanwhile
    // Brought back unless the clerk typed in the moment it took to read.
    if (!typed && result.ok && result.value && JSON.stringify(reportForm.snapshot()) === this.#saved) {
      reportForm.restore(result.value.draft);
      this.#saved = JSON.stringify(reportForm.snapshot());
      this.#restoredAt = result.value.savedAt;
    }
    if (typed) this.#saved = ''; // saved as the draft below
    this.#paused = false;
    this.#changed(JSON.stringify(reportForm.snapshot()));
  }
}

export const formDrafts = new FormDrafts();
