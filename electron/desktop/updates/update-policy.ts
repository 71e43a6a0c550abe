import { existsSync, rmSync } from 'node:fs';
import type { UpdateView } from '../../../shared/desktop.ts';
import type { Log } from '../../core/log.ts';
import { downloadInstaller } from './update-download.ts';
import { isNewer, readFeed, type FeedRelease } from './update-feed.ts';
import { installerPath, type FeedUrlOptions } from './feed-trust.ts';
import { updateErrorOf } from './update-error.ts';

// When the app looks for an update, downloads it and installs it, for a depot PC on a flaky
// network: look at start and every 6 hours, only while online; download in the background,
// giving up on a stalled connection and carrying on from where it stopped later (at once
// when the network is back); install only when the app quits or the clerk presses "Restart
// to update", and never while a report is on its way. Plain Node with the clock and timers
// injected; electron/platform/updater.ts hands the verified installer to electron-updater.

export const CHECK_EVERY_MS = 6 * 3_600_000;

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => {
    const t = setTimeout(run, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface UpdatePolicyOptions extends FeedUrlOptions {
  currentVersion: string;
  feedUrl: string | null;
  /** Why updates are off (update-settings.ts), or null. */
  offReason: UpdateView['offReason'];
  platform: NodeJS.Platform;
  fetch: typeof fetch;
  /** Where the verified installer is kept (electron-updater's pending folder in the app). */
  cacheDir: string;
  isOnline(): boolean;
  now(): number;
  timers?: Timers;
  checkEveryMs?: number;
  /** Waits after a failed check or download: base, doubling to the cap. */
  retryMs?: { base: number; cap: number };
  /** No byte for this long and the download is given up (to be carried on later). */
  stallMs?: number;
  /** A verified installer is in `file`: get it ready to install. */
  onReady?(release: FeedRelease, file: string): Promise<void>;
  onChange?(view: UpdateView): void;
  log: Log;
}

export type InstallDecision = 'install' | 'wait' | 'nothing';

export class UpdatePolicy {
  readonly #o: Required<Pick<UpdatePolicyOptions, 'timers' | 'checkEveryMs' | 'retryMs' | 'stallMs'>> & UpdatePolicyOptions;
  #view: UpdateView;
  #timer: unknown = null;
  #running = false;
  #stopped = false;
  #failures = 0;
  /** A check is owed: it came due (or failed) while offline. */
  #due = false;
  readonly #abort = new AbortController();

  constructor(options: UpdatePolicyOptions) {
    this.#o = { timers: realTimers, checkEveryMs: CHECK_EVERY_MS, retryMs: { base: 60_000, cap: 3_600_000 }, stallMs: 60_000, ...options };
    this.#view = { state: options.offReason ? 'off' : 'idle', offReason: options.offReason, version: null, lastError: null };
  }

  view(): UpdateView {
    return { ...this.#view };
  }

  /** At start: look now if online, else as soon as the network is back. */
  start(): void {
    if (this.#view.state === 'off') return;
    this.#due = true;
    this.#kick();
  }

  /** The network is back (or the PC woke up): an owed check or an unfinished download goes now. */
  onlineAgain(): void {
    if (this.#due) this.#kick();
  }

  /** Quitting or "Restart to update": install only a ready update, and only with nothing in flight. */
  installDecision(requestsInFlight: number): InstallDecision {
    if (this.#view.state !== 'ready') return 'nothing';
    return requestsInFlight > 0 ? 'wait' : 'install';
  }

  markInstalling(): void {
    this.#set({ state: 'installing' });
  }

  stop(): void {
    this.#stopped = true;
    this.#abort.abort(new Error('the app is quitting'));
    if (this.#timer !== null) this.#o.timers.clear(this.#timer);
  }

  #set(change: Partial<UpdateView>): void {
    this.#view = { ...this.#view, ...change };
    this.#o.onChange?.(this.view());
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer !== null) this.#o.timers.clear(this.#timer);
    this.#timer = this.#o.timers.set(() => {
      this.#timer = null;
      this.#due = true;
      this.#kick();
    }, ms);
  }

  #kick(): void {
    if (this.#running || this.#stopped || this.#view.state === 'ready' || this.#view.state === 'installing') return;
    if (!this.#o.isOnline()) return; // owed: onlineAgain() runs it
    this.#running = true;
    this.#due = false;
    this.#run().finally(() => {
      this.#running = false;
    });
  }

  async #run(): Promise<void> {
    const o = this.#o;
    try {
      this.#set({ state: 'checking', lastError: null });
      const release = await readFeed(o.feedUrl!, o.platform, o.fetch, AbortSignal.any([this.#abort.signal, AbortSignal.timeout(30_000)]), {
        insecureLoopbackHttpForTests: o.insecureLoopbackHttpForTests,
      });
      if (!isNewer(release.version, o.currentVersion)) {
        this.#failures = 0;
        this.#set({ state: 'idle', version: null });
        this.#schedule(o.checkEveryMs);
        return;
      }
      o.log.info('[updates] version', release.version, 'is out; downloading', release.url);
      this.#set({ state: 'downloading', version: release.version });
      const file = installerPath(o.cacheDir, release.fileName);
      if (!existsSync(file)) await downloadInstaller(release, file, { fetch: o.fetch, stallMs: o.stallMs, signal: this.#abort.signal });
      try {
        await o.onReady?.(release, file);
      } catch (err) {
        rmSync(file, { force: true }); // not installable: fetch it again next time
        throw err;
      }
      this.#failures = 0;
      o.log.info('[updates] version', release.version, 'is ready; it installs when the app quits or on "Restart to update"');
      this.#set({ state: 'ready' });
    } catch (err) {
      if (this.#stopped) return;
      this.#failures++;
      const wait = Math.min(o.retryMs.cap, o.retryMs.base * 2 ** (this.#failures - 1));
      const message = err instanceof Error ? err.message : String(err);
      o.log.warn('[updates] will try again in', Math.round(wait / 1000), 's (or when the network is back):', message);
      this.#due = true;
      this.#set({ state: 'idle', lastError: updateErrorOf(err) });
      this.#schedule(wait);
    }
  }
}
