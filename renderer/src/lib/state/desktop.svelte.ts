// The desktop app's own settings as the main process reports them (start at login, the
// alarm threshold, updates), and the actions of the Settings view's "This computer" panel.
import * as api from '../api.ts';
import type { DesktopView, IpcResult } from '../api.ts';

export class DesktopStore {
  #view = $state<DesktopView | null>(null);

  get view(): DesktopView | null {
    return this.#view;
  }

  async load(): Promise<void> {
    const result = await api.getDesktop();
    if (result.ok) this.#view = result.value;
  }

  async change(change: Parameters<typeof api.setDesktop>[0]): Promise<IpcResult<DesktopView>> {
    const result = await api.setDesktop(change);
    if (result.ok) this.#view = result.value;
    return result;
  }

  /** Delivery stops, the update installs and the app starts again. */
  restartToUpdate(): Promise<IpcResult<{ started: boolean }>> {
    return api.restartToUpdate();
  }

  /** Builds the diagnostics zip and saves it where the clerk chooses; fileName null when cancelled. */
  saveDiagnostics(): Promise<IpcResult<{ fileName: string | null }>> {
    return api.saveDiagnostics();
  }

  /** Subscribes to changes from the main process (a sign-in, a finished download); returns the unsubscribe. */
  start(): () => void {
    const off = api.onDesktopChanged((view) => (this.#view = view));
    void this.load();
    return off;
  }
}

export const desktop = new DesktopStore();
