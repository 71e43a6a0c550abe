// Which screen is showing, and the report being corrected ("Edit and resend" opens the form
// prefilled with a failed report).
import type { OutboxEntry } from '../../../../shared/outbox.ts';

export type View = 'report' | 'outbox' | 'settings';

export class Navigation {
  #view = $state<View>('report');
  #correcting = $state<OutboxEntry | null>(null);
  /** Where focus goes when the next screen appears (its heading, unless told otherwise). */
  #pendingFocus: string | null = null;

  get view(): View {
    return this.#view;
  }

  get correcting(): OutboxEntry | null {
    return this.#correcting;
  }

  /** Shows a screen; focus moves to `focusId` (default: the screen's heading) once it is there. */
  go(view: View, focusId: string = `${view}-heading`): void {
    this.#view = view;
    this.#pendingFocus = focusId;
  }

  /** Called by a screen when it appears: moves focus where the navigation asked for. */
  arrive(): void {
    const id = this.#pendingFocus;
    this.#pendingFocus = null;
    if (id) queueMicrotask(() => document.getElementById(id)?.focus());
  }

  /** Opens the form prefilled with a failed report; submitting it resends a corrected copy. */
  editAndResend(entry: OutboxEntry): void {
    this.#correcting = entry;
    this.go('report');
  }

  endCorrection(): void {
    this.#correcting = null;
  }
}

export const navigation = new Navigation();
