import { AuthError, HttpApiProblem } from '../../shared/usageplace-event.ts';
import { redact } from './redact.ts';

// What is kept of an answer's body. Whatever answers at the address (Ropo One, a proxy's
// error page, a captive portal, something hostile) is read only so far, and its texts are
// stored (database, log, screen) only so long, redacted like a log line: an answer that
// echoes our request must not put a token into the outbox file.

/** Bodies are read up to this many bytes; the rest is never downloaded. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** A title, detail or errorText is kept up to this many characters. */
export const MAX_KEPT_CHARS = 1000;

/** The body as text, at most `maxBytes` of it (then the connection is let go). */
export async function readAnswer(res: Response, maxBytes = MAX_ANSWER_BYTES): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) return decode(chunks);
      const take = Math.min(value.byteLength, maxBytes - size);
      chunks.push(take === value.byteLength ? value : value.subarray(0, take));
      size += take;
    }
    await reader.cancel().catch(() => {});
    return decode(chunks);
  } finally {
    reader.releaseLock();
  }
}

function decode(chunks: Uint8Array[]): string {
  // Not fatal: a multi-byte character cut at the limit becomes U+FFFD, as res.text() would do.
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Redacted first, then cut: cutting first could leave half a secret the redaction no longer recognises. */
export function keptText(text: string): string {
  const chars = [...redact(text)];
  return chars.length <= MAX_KEPT_CHARS ? chars.join('') : `${chars.slice(0, MAX_KEPT_CHARS - 1).join('')}…`;
}

const kept = (text: string | null | undefined): string | null | undefined => (typeof text === 'string' ? keptText(text) : text);

/** Ropo One's HttpApiProblem in an answer, its texts kept as above; null when the body is not one. */
export function problemIn(body: string): HttpApiProblem | null {
  const parsed = HttpApiProblem.safeParse(parseJson(body));
  if (!parsed.success) return null;
  const p = parsed.data;
  return { ...p, type: kept(p.type), title: kept(p.title), detail: kept(p.detail) };
}

/** The AuthError of a refused sign-in, its text kept as above; null when the body is not one. */
export function authErrorIn(body: string): AuthError | null {
  const parsed = AuthError.safeParse(parseJson(body));
  if (!parsed.success) return null;
  return parsed.data.errorText === undefined ? parsed.data : { ...parsed.data, errorText: keptText(parsed.data.errorText) };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
