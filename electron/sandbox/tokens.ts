// Real JWTs, so a client that reads `exp` from the token sees what it would see from
// Ropo One. The secret is random per simulator start: tokens never outlive the process.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export class TokenAuthority {
  #secret = new Uint8Array(randomBytes(32));
  // jti of every token still honoured. "Expire all tokens" empties it; a timestamp cut-off
  // would wrongly reject a token issued in the same second as the cut-off.
  #live = new Set<string>();

  async issue(cid: string, ttlSeconds: number, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    const jti = randomUUID();
    this.#live.add(jti);
    return new SignJWT({ cid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .setJti(jti)
      .sign(this.#secret);
  }

  /** The cid the token was issued to, or null when it is malformed, forged, expired or revoked. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, { algorithms: ['HS256'] });
      if (typeof payload.jti !== 'string' || !this.#live.has(payload.jti)) return null;
      return typeof payload['cid'] === 'string' ? payload['cid'] : null;
    } catch {
      return null;
    }
  }

  expireAll(): void {
    this.#live.clear();
  }
}
