/**
 * Log lines must never carry an apicode or a token. Known secrets are registered as they
 * pass through (sign-in, token renewal) and replaced; JWT-shaped strings and
 * `Bearer …`/`apicode=…` are masked too, in case one slips past registration.
 */
const known = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 4) known.add(secret);
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g;
const BEARER = /(Bearer\s+)[^\s"',]+/gi;
const APICODE_FIELD = /("?apicode"?\s*[:=]\s*"?)[^\s"',}]+/gi;

export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join('[redacted]');
  return out.replace(JWT, '[redacted-token]').replace(BEARER, '$1[redacted]').replace(APICODE_FIELD, '$1[redacted]');
}
