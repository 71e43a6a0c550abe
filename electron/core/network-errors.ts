import type { ErrorCode } from '../../shared/errors.ts';

// fetch() throws "fetch failed" and hides the reason in `cause` (sometimes two levels
// deep). These codes decide what the clerk is told: offline, unreachable, or TLS trouble.

const OFFLINE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
const TLS_PREFIXES = ['CERT_', 'ERR_TLS_', 'ERR_SSL_', 'UNABLE_TO_', 'DEPTH_ZERO_', 'SELF_SIGNED_', 'HOSTNAME_MISMATCH'];

export interface NetworkFailure {
  code: Extract<ErrorCode, 'network_offline' | 'server_unreachable' | 'tls_failed'>;
  /** English, for the log and the CLI; the window words the code. */
  message: string;
  /** The code the network stack gave ("UND_ERR_SOCKET"), for the details line only. */
  technical: string;
}

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.name === 'string') codes.push(e.name);
    if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...causeCodes(inner));
    current = e.cause;
  }
  return codes;
}

export function classifyNetworkError(err: unknown): NetworkFailure {
  const codes = causeCodes(err);
  const shown = codes.find((c) => c !== 'TypeError' && c !== 'Error') ?? 'unknown';
  if (codes.includes('TimeoutError') || codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('UND_ERR_HEADERS_TIMEOUT')) {
    return { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: 'timeout' };
  }
  if (codes.some((c) => OFFLINE.has(c))) {
    return { code: 'network_offline', message: `No network connection (${shown}).`, technical: shown };
  }
  if (codes.some((c) => TLS_PREFIXES.some((p) => c.startsWith(p)))) {
    return {
      code: 'tls_failed',
      message: `The secure connection to Ropo One failed (${shown}). A network that asks you to log in first (hotel or guest Wi-Fi) can cause this.`,
      technical: shown,
    };
  }
  return { code: 'server_unreachable', message: `Could not reach Ropo One (${shown}).`, technical: shown };
}
