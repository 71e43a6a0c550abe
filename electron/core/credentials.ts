import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { LastError, SignInReason } from '../../shared/outbox.ts';
import type { RefusedOutcome, RetryOutcome, RopoClient } from './ropo-client.ts';
import type { SecretStore } from './secret-store.ts';
import { signInRefusalSentence } from './refusal-text.ts';
import { tokenExpiresAt } from './token-expiry.ts';
import { forgetSecret, registerSecret } from './redact.ts';

/** Renew this long before the token runs out, so a request never carries a dying token. */
const RENEW_MARGIN_MS = 5 * 60_000;

const StoredToken = z.object({ token: z.string(), expiresAt: z.number() });
type StoredToken = z.infer<typeof StoredToken>;

export type TokenResult =
  | { kind: 'token'; token: string; expiresAt: number }
  | { kind: 'sign_in_needed'; reason: SignInReason; error: LastError }
  | RetryOutcome
  | RefusedOutcome;

const targetKey = (t: Target): string => `${t.cid}@${t.baseUrl}`;
const apicodeAccount = (t: Target): string => targetKey(t);
const tokenAccount = (t: Target): string => `${targetKey(t)}#token`;

// The redaction list's slots (redact.ts): each target's stored apicode, the one being tried
// at a sign-in, and its current token. A renewal replaces the token; nothing piles up.
const apicodeSlot = (t: Target): string => `${targetKey(t)}#apicode`;
const triedApicodeSlot = (t: Target): string => `${targetKey(t)}#apicode-tried`;
const tokenSlot = (t: Target): string => `${targetKey(t)}#token`;

export interface CredentialsOptions {
  now?: () => number;
  /** A line for the log (never with a secret in it; the log redacts anyway). */
  warn?: (line: string) => void;
}

/**
 * The apicode and the current token of each target, kept only in the keychain (and the
 * token in memory while the process runs). Nothing here is ever logged or returned to a UI.
 */
export class Credentials {
  readonly #secrets: SecretStore;
  readonly #client: RopoClient;
  readonly #now: () => number;
  readonly #warn: (line: string) => void;
  readonly #cache = new Map<string, StoredToken>();
  readonly #inFlight = new Map<string, { work: Promise<TokenResult>; fresh: boolean }>();

  constructor(secrets: SecretStore, client: RopoClient, options: CredentialsOptions = {}) {
    this.#secrets = secrets;
    this.#client = client;
    this.#now = options.now ?? Date.now;
    this.#warn = options.warn ?? (() => {});
  }

  /** Verifies the apicode by getting a token, and only then stores both in the keychain. */
  async signIn(target: Target, apicode: string): Promise<{ expiresAt: number }> {
    registerSecret(triedApicodeSlot(target), apicode);
    const outcome = await this.#client.requestToken(target.baseUrl, target.cid, apicode);
    if (outcome.kind === 'refused') throw new AppError('sign_in_failed', outcome.error.message, undefined, { authError: outcome.error.authError });
    if (outcome.kind === 'endpoint_refused') {
      // Not a delivery's refusal: nothing pauses, and the sentence is about signing in.
      const refusal = { cause: outcome.cause, httpStatus: outcome.error.httpStatus ?? 0 };
      throw new AppError('sign_in_refused', signInRefusalSentence(refusal.cause, refusal.httpStatus, target.baseUrl), undefined, { refusal });
    }
    if (outcome.kind === 'retry') {
      throw new AppError(outcome.error.code, outcome.error.message, undefined, { technical: outcome.error.technical });
    }
    await this.#secrets.set(apicodeAccount(target), apicode);
    registerSecret(apicodeSlot(target), apicode);
    forgetSecret(triedApicodeSlot(target));
    const stored = await this.#keep(target, outcome.token);
    return { expiresAt: stored.expiresAt };
  }

  async signOut(target: Target): Promise<void> {
    this.#cache.delete(targetKey(target));
    await this.#secrets.delete(tokenAccount(target));
    await this.#secrets.delete(apicodeAccount(target));
    forgetSecret(tokenSlot(target));
    forgetSecret(apicodeSlot(target));
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
    if (apicode !== null) registerSecret(apicodeSlot(target), apicode);
    if (apicode === null) {
      return {
        kind: 'sign_in_needed',
        reason: 'not_signed_in',
        error: { code: 'sign_in_needed', message: `Not signed in to ${target.baseUrl} as ${target.cid}.`, httpStatus: null, problem: null },
      };
    }
    const outcome = await this.#client.requestToken(target.baseUrl, target.cid, apicode);
    if (outcome.kind === 'retry' || outcome.kind === 'endpoint_refused') return outcome;
    if (outcome.kind === 'refused') return { kind: 'sign_in_needed', reason: 'api_code_refused', error: { ...outcome.error, code: 'sign_in_needed' } };
    return { kind: 'token', ...(await this.#keep(target, outcome.token)) };
  }

  /**
   * The new token goes into memory and the keychain. A keychain that refuses it (Windows'
   * Credential Manager stores at most 2,560 bytes; a JWT with many claims is longer) must
   * not stop delivery: the token is kept in memory only, for this process, and the log says
   * so. No older token is left behind in the keychain for another process to pick up.
   */
  async #keep(target: Target, token: string): Promise<StoredToken> {
    registerSecret(tokenSlot(target), token);
    const stored = { token, expiresAt: tokenExpiresAt(token, this.#now()) };
    this.#cache.set(targetKey(target), stored);
    try {
      await this.#secrets.set(tokenAccount(target), JSON.stringify(stored));
    } catch (err) {
      const bytes = Buffer.byteLength(JSON.stringify(stored));
      this.#warn(
        `[credentials] The keychain did not store the token for ${target.cid} at ${target.baseUrl} (${bytes} bytes: ${(err as Error).message}). ` +
          'It is kept in memory only; after a restart a new one is fetched with the stored API code.',
      );
      await this.#secrets.delete(tokenAccount(target)).catch(() => false);
    }
    return stored;
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
      registerSecret(tokenSlot(target), parsed.token);
      this.#cache.set(targetKey(target), parsed);
      return parsed;
    } catch {
      return null;
    }
  }
}
