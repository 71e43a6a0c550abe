import { decodeJwt } from 'jose';

/** Ropo One documents a two-hour token; used when the token is not a readable JWT. */
export const DOCUMENTED_TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;

/**
 * When a token stops working: its JWT `exp` if it has one (not verified: we only use it to
 * renew early), otherwise two hours after it was issued.
 */
export function tokenExpiresAt(token: string, issuedAt: number): number {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
  } catch {
    // An opaque token: fall through to the documented lifetime.
  }
  return issuedAt + DOCUMENTED_TOKEN_LIFETIME_MS;
}
