import { createRequire } from 'node:module';
import { AppError } from '../../shared/errors.ts';
import type { SecretStore } from './secret-store.ts';

/** The keychain entries' service name; tests and trainers may use another one. */
export const DEFAULT_KEYCHAIN_SERVICE = 'Usage Place Reporter';

type Keytar = typeof import('keytar');

const unavailable = (err: unknown): AppError =>
  new AppError(
    'keychain_unavailable',
    `The system keychain cannot be used (${(err as Error)?.message ?? String(err)}). ` +
      'Secrets are never written to a file instead. On Linux, install and unlock a Secret Service such as gnome-keyring.',
  );

/** Windows Credential Manager, macOS Keychain or the Linux Secret Service, through keytar. */
export class KeytarSecretStore implements SecretStore {
  readonly #service: string;
  #keytar: Keytar | undefined;

  constructor(service: string = DEFAULT_KEYCHAIN_SERVICE) {
    this.#service = service;
  }

  // Loaded on first use, so a machine without a working keytar build can still list and
  // queue reports; only the calls that need secrets fail, with a clear message.
  #lib(): Keytar {
    if (!this.#keytar) {
      try {
        this.#keytar = createRequire(import.meta.url)('keytar') as Keytar;
      } catch (err) {
        throw unavailable(err);
      }
    }
    return this.#keytar;
  }

  async get(account: string): Promise<string | null> {
    try {
      return await this.#lib().getPassword(this.#service, account);
    } catch (err) {
      throw err instanceof AppError ? err : unavailable(err);
    }
  }

  async set(account: string, secret: string): Promise<void> {
    try {
      await this.#lib().setPassword(this.#service, account, secret);
    } catch (err) {
      throw err instanceof AppError ? err : unavailable(err);
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.#lib().deletePassword(this.#service, account);
    } catch (err) {
      throw err instanceof AppError ? err : unavailable(err);
    }
  }
}
