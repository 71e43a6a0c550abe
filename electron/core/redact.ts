/**
 * Log lines must never carry an apicode or a token. Known secrets are registered as they
 * pass through (sign-in, token renewal) and replaced; JWT-shaped strings and
 * `Bearer …`/`apicode=…` are masked too, in case one slips past registration.
 *
 * Each secret has a slot (say, "the current token of this target"): registering a new one
 * replaces the old, so a process that renews its token every two hours for months keeps a
 * list of the secrets in use, not of every token it ever had.
 */
const known = new Map<string, string>();

export function registerSecret(slot: string, secret: string): void {
  if (secret.length >= 4) known.set(slot, secret);
  else known.delete(slot);
}

export function forgetSecret(slot: string): void {
  known.delete(slot);
}

/** How many secrets are registered (tests: the list does not grow with renewals). */
export function registeredSecretCount(): number {
  return known.size;
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g;
const BEARER = /(Bearer\s+)[^\s"',]+/gi;
const APICODE_FIELD = /("?apicode"?\s*[:=]\s*"?)[^\s"',}]+/gi;

export function redact(text: string): string {
  let out = text;
  for (const secret of known.values()) out = out.split(secret).join('[redacted]');
  return out.replace(JWT, '[redacted-token]').replace(BEARER, '$1[redacted]').replace(APICODE_FIELD, '$1[redacted]');
}
