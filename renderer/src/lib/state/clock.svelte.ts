// One ticking "now" for everything that counts down or follows the clock, so the window
// has a single timer instead of one per component.

export class Clock {
  #now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  get now(): number {
    return this.#now;
  }

  /** Starts ticking once a second; returns the stop function (for an $effect). */
  start(): () => void {
    this.#timer ??= setInterval(() => (this.#now = Date.now()), 1000);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}

export const clock = new Clock();
