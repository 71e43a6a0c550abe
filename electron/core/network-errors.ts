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

// Electron's net.fetch (Chromium's stack) rejects with "net::ERR_…" in the message instead.
const CHROMIUM_OFFLINE = new Set([
  'ERR_INTERNET_DISCONNECTED', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED', 'ERR_ADDRESS_UNREACHABLE', 'ERR_NETWORK_CHANGED',
]);
const CHROMIUM_TIMEOUT = new Set(['ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT']);

function messages(err: unknown): string[] {
  const found: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') found.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** Chromium's error name (net.fetch), or a proxy's refusal of a tunnel (undici's ProxyAgent). */
function fromMessages(err: unknown): NetworkFailure | null {
  for (const message of messages(err)) {
    const chromium = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
    if (chromium) {
      if (CHROMIUM_TIMEOUT.has(chromium)) return { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: chromium };
      if (CHROMIUM_OFFLINE.has(chromium)) return { code: 'network_offline', message: `No network connection (${chromium}).`, technical: chromium };
      if (/^ERR_(CERT_|SSL_|BAD_SSL_)/.test(chromium)) return tls(chromium);
      if (/^ERR_(PROXY_|TUNNEL_)/.test(chromium) || chromium === 'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED') {
        return { code: 'server_unreachable', message: `The proxy did not let the request through (${chromium}).`, technical: chromium };
      }
      return { code: 'server_unreachable', message: `Could not reach Ropo One (${chromium}).`, technical: chromium };
    }
    const tunnel = /Proxy (?:response|Authentication Required) \((\d+)\)/.exec(message)?.[1];
    if (tunnel) {
      const why = tunnel === '407' ? ': it wants a user name and password' : '';
      return { code: 'server_unreachable', message: `The proxy refused the connection (HTTP ${tunnel})${why}.`, technical: `proxy HTTP ${tunnel}` };
    }
  }
  return null;
}

const tls = (shown: string): NetworkFailure => ({
  code: 'tls_failed',
  message: `The secure connection to Ropo One failed (${shown}). A network that asks you to log in first (hotel or guest Wi-Fi) can cause this.`,
  technical: shown,
});

/**
 * A fetch that cannot use the proxy it was told to (the CLI's, given a SOCKS proxy) fails
 * every request with this, whose message is what to tell the person.
 */
export class UnsupportedProxyError extends Error {
  readonly code = 'ERR_UNSUPPORTED_PROXY';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedProxyError';
  }
}

export function classifyNetworkError(err: unknown): NetworkFailure {
  if (err instanceof UnsupportedProxyError) return { code: 'server_unreachable', message: `${err.message}.`, technical: err.code };
  const chromiumOrProxy = fromMessages(err);
  if (chromiumOrProxy) return chromiumOrProxy;
  const codes = causeCodes(err);
  const shown = codes.find((c) => c !== 'TypeError' && c !== 'Error') ?? 'unknown';
  if (codes.includes('TimeoutError') || codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('UND_ERR_HEADERS_TIMEOUT')) {
    return { code: 'server_unreachable', message: 'Ropo One did not answer in time.', technical: 'timeout' };
  }
  if (codes.some((c) => OFFLINE.has(c))) {
    return { code: 'network_offline', message: `No network connection (${shown}).`, technical: shown };
  }
  if (codes.some((c) => TLS_PREFIXES.some((p) => c.startsWith(p)))) return tls(shown);
  return { code: 'server_unreachable', message: `Could not reach Ropo One (${shown}).`, technical: shown };
}
