import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppUrl } from './app-url.ts';

/**
 * The webContents this app created for its own page (Electron security checklist #17, as
 * GitHub Desktop's trusted-ipc-sender). IPC from anything else, or from a frame that is not
 * the app's own top-level page, is refused.
 */
export class TrustedSenders {
  readonly #contents = new Set<WebContents>();

  add(contents: WebContents): void {
    this.#contents.add(contents);
    contents.once('destroyed', () => this.#contents.delete(contents));
  }

  isTrusted(event: IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    return this.#contents.has(event.sender) && frame !== null && frame.parent === null && isAppUrl(frame.url);
  }

  /** The live windows' webContents, for events sent from main to the renderer. */
  all(): WebContents[] {
    return [...this.#contents].filter((c) => !c.isDestroyed());
  }
}
