// What the screen reader hears: one polite live region for the whole window (status
// changes, results of actions). Visible confirmations have their own live regions.

export class Announcer {
  #message = $state('');
  #timer: ReturnType<typeof setTimeout> | null = null;

  get message(): string {
    return this.#message;
  }

  announce(text: string): void {
    // Clear first, so the same sentence twice in a row is read twice.
    this.#message = '';
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.#message = text), 50);
  }
}

export const announcer = new Announcer();
