import type { Endpoint, Settings, Target } from '../../shared/endpoint.ts';
import type { SignInNeeded } from '../../shared/outbox.ts';
import { settingsTarget } from '../../shared/endpoint.ts';
import type { Credentials } from './credentials.ts';
import type { SettingsStore } from './settings-store.ts';
import type { TargetHolds } from './target-holds.ts';

export interface Session {
  settings: Settings | null;
  signedIn: boolean;
  tokenExpiresAt: number | null;
  signInNeeded: SignInNeeded | null;
}

/** Setting up, signing in and out: the only place an apicode passes through. */
export class AccountService {
  readonly #credentials: Credentials;
  readonly #settings: SettingsStore;
  readonly #holds: TargetHolds;
  readonly #onSignedIn: () => void;

  constructor(credentials: Credentials, settings: SettingsStore, holds: TargetHolds, onSignedIn: () => void = () => {}) {
    this.#credentials = credentials;
    this.#settings = settings;
    this.#holds = holds;
    this.#onSignedIn = onSignedIn;
  }

  /**
   * Verifies the apicode by signing in, and only then saves the settings and secrets. A
   * paused target resumes: its waiting reports go at once.
   */
  async setup(endpoint: Endpoint, cid: string, apicode: string): Promise<{ target: Target; tokenExpiresAt: number }> {
    const settings: Settings = { endpoint, cid };
    const target = settingsTarget(settings);
    const { expiresAt } = await this.#credentials.signIn(target, apicode);
    this.#settings.set(settings);
    this.#holds.resume(target);
    this.#onSignedIn();
    return { target, tokenExpiresAt: expiresAt };
  }

  async signOut(): Promise<void> {
    const settings = this.#settings.get();
    if (settings) await this.#credentials.signOut(settingsTarget(settings));
  }

  async session(): Promise<Session> {
    const settings = this.#settings.get() ?? null;
    if (!settings) return { settings, signedIn: false, tokenExpiresAt: null, signInNeeded: null };
    const target = settingsTarget(settings);
    const { signedIn, tokenExpiresAt } = await this.#credentials.session(target);
    const pause = this.#holds.signInPauses().find((p) => p.target.baseUrl === target.baseUrl && p.target.cid === target.cid);
    const signInNeeded: SignInNeeded | null = pause
      ? { reason: pause.reason, error: pause.error }
      : signedIn ? null : { reason: 'not_signed_in', error: null };
    return { settings, signedIn, tokenExpiresAt, signInNeeded };
  }
}
