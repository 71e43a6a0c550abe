// What keeps a development server on 127.0.0.1 (the simulator, the preview) answering only
// its own page and its own operator, never a web page the clerk happens to have open:
// - Host must be this server's own address and port: a DNS-rebinding page (evil.example
//   resolving to 127.0.0.1) sends its own name, and is refused before anything runs.
// - An Origin, when the browser sends one, must be this server's own.
// - A browser's Sec-Fetch-Site, when sent, must say the request comes from this origin or
//   from the person (typed address): a cross-site <script src> or <img> is refused too.
// - A request that changes anything must be application/json (a cross-origin page cannot
//   send that without a CORS preflight, which these servers never grant) and carry this
//   run's token, which only the server's own page (or its operator's terminal) knows.
import type { IncomingMessage } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Refusal {
  status: number;
  reason: string;
}

export interface LoopbackGuardOptions {
  /** The port the server listens on, once it does (0 is resolved at listen time). */
  port: () => number;
  /** The request header that carries the run's token, e.g. `x-sim-token`. */
  tokenHeader: string;
  /** Defaults to a fresh random one per run. */
  token?: string;
}

export interface LoopbackGuard {
  readonly token: string;
  readonly tokenHeader: string;
  /** This server's own origin, `http://127.0.0.1:PORT`. */
  origin(): string;
  /** Null when the request may go on, otherwise the answer to refuse it with. */
  check(req: IncomingMessage, options: { changes: boolean }): Refusal | null;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** A new token: 32 random bytes, URL-safe, fine in a header, an HTML attribute and a shell. */
export const newRunToken = (): string => randomBytes(32).toString('base64url');

export function createLoopbackGuard(options: LoopbackGuardOptions): LoopbackGuard {
  const token = options.token ?? newRunToken();
  const tokenDigest = digest(token);
  const tokenHeader = options.tokenHeader.toLowerCase();
  const origin = () => `http://127.0.0.1:${options.port()}`;

  function hostIsOwn(host: string | undefined): boolean {
    if (!host) return false;
    const port = options.port();
    const own = host.toLowerCase();
    return own === `127.0.0.1:${port}` || (port === 80 && own === '127.0.0.1');
  }

  function tokenIsRight(sent: string | string[] | undefined): boolean {
    // Compared as digests: equal lengths for timingSafeEqual, whatever was sent.
    return typeof sent === 'string' && timingSafeEqual(digest(sent), tokenDigest);
  }

  return {
    token,
    tokenHeader,
    origin,
    check(req, { changes }) {
      if (!hostIsOwn(req.headers.host)) {
        return { status: 421, reason: `This server answers only as ${origin().slice('http://'.length)}, not as ${req.headers.host ?? '(no Host)'}.` };
      }
      const sentOrigin = req.headers.origin;
      if (sentOrigin !== undefined && sentOrigin !== origin()) {
        return { status: 403, reason: `Requests from ${sentOrigin} are not accepted.` };
      }
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return { status: 403, reason: `A ${site} request is not accepted.` };
      }
      if (!changes) return null;
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return { status: 415, reason: 'A request that changes something must be Content-Type: application/json.' };
      }
      if (!tokenIsRight(req.headers[tokenHeader])) {
        return { status: 403, reason: `A request that changes something must carry this run's token in ${options.tokenHeader}.` };
      }
      return null;
    },
  };
}
