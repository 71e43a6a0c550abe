import { z } from 'zod';
import type { MetaStore } from './meta-store.ts';

const Observation = z.object({ skewMs: z.number(), at: z.number() });
const Delivered = z.object({ at: z.number() });

/** A PC clock this far from Ropo One's is worth a warning (wrong report times, early token expiry). */
export const CLOCK_SKEW_WARNING_MS = 2 * 60_000;

/**
 * What Ropo One's answers tell us about time: its clock (from the `Date` header) and when
 * the last report got through. Stored so the app and the CLI can both show it.
 */
export class ServerClock {
  readonly #meta: MetaStore;
  #lastWrite = 0;
  #deliveryWrittenAt = -Infinity;
  #unwrittenDelivery: number | null = null;
  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  observe(serverDate: number, localNow: number): void {
    // The Date header has one-second resolution; writing once a minute is plenty.
    if (localNow - this.#lastWrite < 60_000) return;
    this.#lastWrite = localNow;
    this.#meta.set('server_clock', { skewMs: serverDate - localNow, at: localNow });
  }

  skew(): { skewMs: number; at: number } | undefined {
    return this.#meta.get('server_clock', Observation);
  }

  /**
   * Notes a delivery. Written at most once a second (a page write per turn of a drain
   * otherwise); `flush` writes the latest at once. Losing up to a second of it to a crash
   * only makes "last delivery" look a second older.
   */
  delivered(at: number): void {
    if (this.#unwrittenDelivery !== null && at <= this.#unwrittenDelivery) return;
    this.#unwrittenDelivery = at;
    if (at - this.#deliveryWrittenAt >= 1000) this.flush();
  }

  flush(): void {
    if (this.#unwrittenDelivery === null) return;
    this.#meta.set('last_delivery', { at: this.#unwrittenDelivery });
    this.#deliveryWrittenAt = this.#unwrittenDelivery;
    this.#unwrittenDelivery = null;
  }

  lastDelivery(): number | null {
    const stored = this.#meta.get('last_delivery', Delivered)?.at ?? null;
    return this.#unwrittenDelivery !== null && (stored === null || this.#unwrittenDelivery > stored) ? this.#unwrittenDelivery : stored;
  }
}
