// The sign-in state as the main process reports it. No secret ever arrives here: only
// where reports go and until when the session lasts.
import type { AppErrorData } from '../../../../shared/errors.ts';
import type { SignInTarget } from '../../../../shared/ipc.ts';
import * as api from '../api.ts';
import type { SessionView } from '../api.ts';
import type { SignInNeeded } from '../../../../shared/outbox.ts';
import { m, presetLabel } from '../i18n/messages.ts';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export class SessionStore {
  #view = $state<SessionView | null>(null);
  #loadError = $state<AppErrorData | null>(null);

  get view(): SessionView | null {
    return this.#view;
  }

  get loaded(): boolean {
    return this.#view !== null || this.#loadError !== null;
  }

  get loadError(): AppErrorData | null {
    return this.#loadError;
  }

  get configured(): boolean {
    return this.#view?.configured ?? false;
  }

  get signedIn(): boolean {
    return this.#view?.signedIn ?? false;
  }

  /** Why delivery waits for a sign-in, or null when it does not. */
  get signInNeeded(): SignInNeeded | null {
    return this.#view?.configured ? this.#view.signInNeeded : null;
  }

  get isProduction(): boolean {
    return this.#view?.isProduction ?? false;
  }

  /** "Finland, test", "Built-in simulator", "Custom (host)", or "Not set up", in the window's language. */
  get environmentName(): string {
    const v = this.#view;
    if (!v?.endpoint) return m.environment_not_set_up();
    if (v.usesSimulator || v.endpoint.kind === 'simulator') return m.environment_simulator();
    if (v.endpoint.kind === 'custom') return m.environment_custom_named({ host: hostOf(v.endpoint.baseUrl) });
    return presetLabel(v.endpoint.country, v.endpoint.stage);
  }

  async load(): Promise<void> {
    const result = await api.getSession();
    if (result.ok) {
      this.#view = result.value;
      this.#loadError = null;
    } else {
      this.#loadError = result.error;
    }
  }

  async signIn(target: SignInTarget, cid: string, apicode: string): Promise<api.IpcResult<SessionView>> {
    const result = await api.signIn(target, cid, apicode);
    if (result.ok) this.#view = result.value;
    return result;
  }

  async signOut(): Promise<api.IpcResult<SessionView>> {
    const result = await api.signOut();
    if (result.ok) this.#view = result.value;
    return result;
  }

  /** Follows sign-in changes made elsewhere; refreshes now and then for "signed in until". */
  start(): () => void {
    const off = api.onSessionChanged((view) => (this.#view = view));
    const timer = setInterval(() => void this.load(), 60_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }
}

export const session = new SessionStore();
