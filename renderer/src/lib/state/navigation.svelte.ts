// Which screen is showing, and the report being corrected ("Edit and resend" opens the form
// prefilled with a failed report). The receipt and the day sheet have addresses of their own
// (route.ts), kept in the location's hash.
import type { OutboxEntry } from '../../../../shared/outbox.ts';
import { parseRoute, routeHash, type Route } from '../route.ts';

export type View = 'report' | 'outbox' | 'settings' | 'receipt' | 'daySheet';

export class Navigation {
  #view = $state<View>('report');
  #correcting = $state<OutboxEntry | null>(null);
  #receiptId = $state<string | null>(null);
  #day = $state<string | null>(null);
  /** Where focus goes when the next screen appears (its heading, unless told otherwise). */
  #pendingFocus: string | null = null;

  get view(): View {
    return this.#view;
  }

  get correcting(): OutboxEntry | null {
    return this.#correcting;
  }

  /** The report whose receipt shows. */
  get receiptId(): string | null {
    return this.#receiptId;
  }

  /** The day the day sheet shows (YYYY-MM-DD). */
  get day(): string | null {
    return this.#day;
  }

  /**
   * Shows a screen; focus moves to `focusId` (default: the screen's heading) once it is there,
   * or at once when it already shows.
   */
  go(view: View, focusId: string = `${view}-heading`): void {
    const already = this.#view === view;
    this.#view = view;
    this.#pendingFocus = focusId;
    if (view !== 'receipt' && view !== 'daySheet') this.#setHash(null);
    if (already) this.arrive();
  }

  openReceipt(id: string): void {
    this.#receiptId = id;
    this.#setHash({ view: 'receipt', id });
    this.go('receipt');
  }

  openDaySheet(day: string): void {
    this.#day = day;
    this.#setHash({ view: 'daySheet', day });
    this.go('daySheet');
  }

  /** At start, and when the address changes: the screen its hash names, if any. */
  followLocation(): void {
    const route = parseRoute(location.hash);
    if (route?.view === 'receipt' && (this.#view !== 'receipt' || this.#receiptId !== route.id)) this.openReceipt(route.id);
    if (route?.view === 'daySheet' && (this.#view !== 'daySheet' || this.#day !== route.day)) this.openDaySheet(route.day);
  }

  /** Called by a screen when it appears: moves focus where the navigation asked for. */
  arrive(): void {
    const id = this.#pendingFocus;
    this.#pendingFocus = null;
    if (!id) return;
    queueMicrotask(() => {
      const element = document.getElementById(id);
      element?.focus();
      // The search box (Ctrl+F): ready to type over what it holds.
      if (element instanceof HTMLInputElement) element.select();
    });
  }

  /** Opens the form prefilled with a failed report; submitting it resends a corrected copy. */
  editAndResend(entry: OutboxEntry): void {
    this.#correcting = entry;
    this.go('report');
  }

  endCorrection(): void {
    this.#correcting = null;
  }

  #setHash(route: Route | null): void {
    if (typeof history === 'undefined') return;
    const hash = route ? routeHash(route) : '';
    if (location.hash === hash) return;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }
}

export const navigation = new Navigation();
