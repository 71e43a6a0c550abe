import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { LastError } from '../../shared/outbox.ts';
import type { RefusedOutcome, RetryOutcome, RopoClient } from './ropo-client.ts';
import type { SecretStore } from './secret-store.ts';
import { tokenExpiresAt } from './token-expiry.ts';
import { registerSecret } from './redact.ts';

/** Renew this long before the token runs out, so a request never carries a dying token. */
const RENEW_MARGIN_MS = 5 * 60_000;

const StoredToken = z.object({ token: z.string(), expiresAt: z.number() });
type StoredToken = z.infer<typeof StoredToken>;

export type TokenResult =
  | { kind: 'token'; token: string; expiresAt: number }
  | { kind: 'sign_in_needed'; error: LastError }
  | RetryOutcome
  | RefusedOutcome;

const targetKey = (t: Target): string => `${t.cid}@${t.baseUrl}`;
const apicodeAccount = (t: Target): string => targetKey(t);
const tokenAccount = (t: Target): string => `${targetKey(t)}#token`;

/**
 * The apicode and the current token of each target, kept only in the keychain (and the
 * token in memory while the process runs). Nothing here is ever logged or returned to a UI.
 */
export class Credentials {
  readonly #secrets: SecretStore;
  readonly #client: RopoClient;
  readonly #now: () => number;
  readonly #cache = new Map<string, StoredToken>();
  readonly #inFlight = new Map<string, { work: Promise<TokenResult>; fresh: boolean }>();

  constructor(secrets: SecretStore, client: RopoClient, now: () => number = Date.now) {
    this.#secrets = secrets;
    this.#client = client;
    this.#now = now;
  }

  /** Verifies the apicode by getting a token, and only then stores both in the keychain. */
  async signIn(target: Target, apicode: string): Promise<{ expiresAt: number }> {
    registerSecret(apicode);
    const outcome = await this.#client.requestToken(target.baseUrl, target.cid, apicode);
    if (outcome.kind === 'refused') throw new AppError('sign_in_failed', outcome.error.message);
    if (outcome.kind === 'retry' || outcome.kind === 'endpoint_refused') throw new AppError(outcome.error.code, outcome.error.message);
    registerSecret(outcome.token);
    const stored = { token: outcome.token, expiresAt: tokenExpiresAt(outcome.token, this.#now()) };
    await this.#secrets.set(apicodeAccount(target), apicode);
    await this.#secrets.set(tokenAccount(target), JSON.stringify(stored));
    this.#cache.set(targetKey(target), stored);
    return { expiresAt: stored.expiresAt };
  }

  async signOut(target: Target): Promise<void> {
    this.#cache.delete(targetKey(target));
    await this.#secrets.delete(tokenAccount(target));
    await this.#secrets.delete(apicodeAccount(target));
  }

  /** Signed in means an apicode is stored; `expiresAt` is the current token's end, if any. */
  async session(target: Target): Promise<{ signedIn: boolean; tokenExpiresAt: number | null }> {
    const apicode = await this.#secrets.get(apicodeAccount(target));
    const token = await this.#storedToken(target);
    return { signedIn: apicode !== null, tokenExpiresAt: apicode !== null && token ? token.expiresAt : null };
  }

  /**
   * The token in memory, if it is good for at least a few more minutes: what `token` answers
   * first, without a promise (the delivery loop asks once per request).
   */
  tokenAtHand(target: Target): string | null {
    const cached = this.#cache.get(targetKey(target));
    return cached && cached.expiresAt - RENEW_MARGIN_MS > this.#now() ? cached.token : null;
  }

  /**
   * A token good for at least a few more minutes. `fresh` forces a new one (after a 401).
   * Concurrent callers for one target share a single request to /token.
   */
  token(target: Target, options: { fresh?: boolean } = {}): Promise<TokenResult> {
    const key = targetKey(target);
    const fresh = options.fresh ?? false;
    const pending = this.#inFlight.get(key);
    // A fresh request (after a 401) must not share a plain one: that may answer with the refused token.
    if (pending && (pending.fresh || !fresh)) return pending.work;
    const work = this.#token(target, fresh).finally(() => {
      if (this.#inFlight.get(key)?.work === work) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, { work, fresh });
    return work;
  }

  async #token(target: Target, fresh: boolean): Promise<TokenResult> {
    if (!fresh) {
      const current = await this.#storedToken(target);
      if (current && current.expiresAt - RENEW_MARGIN_MS > this.#now()) {
        return { kind: 'token', token: current.token, expiresAt: current.expiresAt };
      }
    }
    const apicode = await this.#secrets.get(apicodeAccount(target));
    if (apicode !== null) registerSecret(apicode);
    if (apicode === null) {
      return {
        kind: 'sign_in_needed',
        error: { code: 'sign_in_needed', message: `Not signed in to ${target.baseUrl} as ${target.cid}.`, httpStatus: null, problem: null },
      };
    }
    const outcome = await this.#client.requestToken(target.baseUrl, target.cid, apicode);
    if (outcome.kind === 'retry' || outcome.kind === 'endpoint_refused') return outcome;
    if (outcome.kind === 'refused') return { kind: 'sign_in_needed', error: { ...outcome.error, code: 'sign_in_needed' } };
    registerSecret(outcome.token);
    const stored = { token: outcome.token, expiresAt: tokenExpiresAt(outcome.token, this.#now()) };
    this.#cache.set(targetKey(target), stored);
    await this.#secrets.set(tokenAccount(target), JSON.stringify(stored));
    return { kind: 'token', ...stored };
  }

  /** Forgets the token after a 401 so the next request signs in again. */
  async dropToken(target: Target): Promise<void> {
    this.#cache.delete(targetKey(target));
    await this.#secrets.delete(tokenAccount(target));
  }

  async #storedToken(target: Target): Promise<StoredToken | null> {
    const cached = this.#cache.get(targetKey(target));
    if (cached) return cached;
    const raw = await this.#secrets.get(tokenAccount(target));
    if (raw === null) return null;
    try {
      const parsed = StoredToken.parse(JSON.parse(raw));
      registerSecret(parsed.token);
      this.#cache.set(targetKey(target), parsed);
      return parsed;
    } catch {
      return null;
    }
  }
}
