// How the delivery loop waits between its turns: asleep for a time that a kick may cut
// short, or on at once when a turn found more work. A loop that goes on at once never awaits
// anything that lets the event loop run (answers, timers, IPC), so "at once" is allowed only
// a few turns in a row: a turn that keeps asking to look again now and finds nothing to do
// (a wake-up time already past that nothing can be claimed for) must not block the process.

/** Turns in a row that may go on at once before the event loop gets its turn. */
export const TURNS_AT_ONCE = 3;

export class LoopPace {
  #wakeUp: (() => void) | null = null;
  #kicked = false;
  #atOnce = 0;

  /**
   * Wakes a sleeping loop at the end of this turn of the event loop, so whatever else happens
   * in this turn (more answers, more reports queued) is seen by the same turn of the loop.
   */
  kick(): void {
    if (this.#kicked) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      const wake = this.#wakeUp;
      this.#wakeUp = null;
      wake?.();
    });
  }

  /** Between two turns: sleeps `ms` (a kick ends it sooner); 0 goes on at once, within TURNS_AT_ONCE. */
  async pause(ms: number): Promise<void> {
    if (ms > 0) {
      this.#atOnce = 0;
      return this.#sleep(ms);
    }
    if (++this.#atOnce < TURNS_AT_ONCE) return;
    this.#atOnce = 0;
    await new Promise(setImmediate);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = null;
        resolve();
      }, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
