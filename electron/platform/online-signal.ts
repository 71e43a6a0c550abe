// "The network is back" and "the PC woke up", as a signal the delivery worker can act on.
// No 'electron' import: main.ts passes Electron's net.isOnline and powerMonitor in, and the
// tests pass fakes.

export interface OnlineSignalOptions {
  /** The operating system's view (Electron's `net.isOnline()`). */
  probe: () => boolean;
  /** Subscribes to wake-ups (powerMonitor 'resume' and 'unlock-screen'); returns an unsubscribe. */
  onWake: (listener: () => void) => () => void;
  /** Waiting retries should go now: the network came back or the machine woke up. */
  onOnlineAgain: (reason: 'online' | 'wake') => void;
  /** The online state changed (the status bar shows it). */
  onChange?: (online: boolean) => void;
  everyMs?: number;
}

export interface OnlineSignal {
  isOnline(): boolean;
  stop(): void;
}

const DEFAULT_EVERY_MS = 3000;

export function startOnlineSignal(options: OnlineSignalOptions): OnlineSignal {
  const safeProbe = () => {
    try {
      return options.probe();
    } catch {
      return true; // Unknown: assume online and let the worker find out.
    }
  };
  let online = safeProbe();
  /** Re-reads the state; returns true when it just went from offline to online. */
  const update = (): boolean => {
    const now = safeProbe();
    if (now === online) return false;
    online = now;
    options.onChange?.(now);
    return now;
  };
  const check = () => {
    if (update()) options.onOnlineAgain('online');
  };
  const timer = setInterval(check, options.everyMs ?? DEFAULT_EVERY_MS);
  timer.unref?.();
  const unsubscribe = options.onWake(() => {
    update();
    options.onOnlineAgain('wake');
  });
  return {
    isOnline: () => online,
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
