import { Settings, settingsTarget, type Target } from '../../shared/endpoint.ts';
import { AppError } from '../../shared/errors.ts';
import type { MetaStore } from './meta-store.ts';

/** Which environment and cid new reports are for. Holds no secret: those are in the keychain. */
export class SettingsStore {
  readonly #meta: MetaStore;
  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  get(): Settings | undefined {
    return this.#meta.get('settings', Settings);
  }

  set(settings: Settings): void {
    this.#meta.set('settings', Settings.parse(settings));
  }

  /** The target of a new report; refuses to guess when nothing is set up. */
  currentTarget(): Target {
    const settings = this.get();
    if (!settings) {
      throw new AppError('not_configured', 'Not set up yet: choose the environment and customer ID first (usageplace setup).');
    }
    return settingsTarget(settings);
  }
}
