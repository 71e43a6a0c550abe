import { ZodError } from 'zod';
import type { UpdateError, UpdateErrorCode } from '../../../shared/desktop.ts';

// An update's check or download that did not finish, as the code the window words in the
// clerk's language (shared/desktop.ts). The English message stays for the log.

export class UpdateFailure extends Error {
  readonly code: UpdateErrorCode;
  readonly httpStatus: number | null;

  constructor(code: UpdateErrorCode, message: string, httpStatus: number | null = null) {
    super(message);
    this.name = 'UpdateFailure';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

/**
 * The code for whatever a check or download threw: our own failures carry theirs; fetch's
 * own errors (a TypeError for no network, DNS or TLS; a timeout) mean the server was not
 * reached; a feed that is not YAML or not latest.yml's shape is unreadable.
 */
export function updateErrorOf(err: unknown): UpdateError {
  if (err instanceof UpdateFailure) return { code: err.code, httpStatus: err.httpStatus };
  if (err instanceof ZodError || (err instanceof Error && err.name === 'YAMLParseError')) return { code: 'feed_invalid', httpStatus: null };
  const networkError = err instanceof TypeError && (err.message === 'fetch failed' || err.message.startsWith('net::'));
  if (networkError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError' || err.message.startsWith('net::')))) {
    return { code: 'unreachable', httpStatus: null };
  }
  return { code: 'unexpected', httpStatus: null };
}
