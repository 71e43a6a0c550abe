import { isIPv4, isIPv6 } from 'node:net';

// Which proxy a request takes, read from the environment as curl reads it:
//   - an https:// URL uses https_proxy / HTTPS_PROXY, an http:// URL http_proxy / HTTP_PROXY
//     (curl reads only the lower-case http_proxy; depots often set only the upper-case one,
//     so both are read, lower-case first);
//   - all_proxy / ALL_PROXY when the scheme has none;
//   - no_proxy / NO_PROXY: `*`, or host names (a name covers its subdomains, a leading dot is
//     allowed), IP addresses and CIDR ranges, separated by commas or spaces.
// Loopback is not special: 127.0.0.1 goes through the proxy too unless NO_PROXY names it.

export interface ProxyChoice {
  /** The proxy's URL, or null for a direct connection. */
  proxy: string | null;
  /** The variable the proxy came from, or the one that turned it off. */
  from: string | null;
  /** True when NO_PROXY named the host. */
  bypassed: boolean;
  /** Set when the proxy is of a kind usageplace cannot speak to (SOCKS): why every request fails. */
  unsupported?: string;
}

function firstSet(env: NodeJS.ProcessEnv, names: string[]): { value: string; name: string } | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { value, name };
  }
  return null;
}

/** A proxy variable's value as a URL; `host:port` alone means http://. */
export function proxyUrl(value: string): URL {
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
}

/** Why usageplace cannot use this proxy (it speaks only to http:// and https:// ones), or null. */
function unsupportedProxy(url: URL): string | null {
  if (url.protocol === 'http:' || url.protocol === 'https:') return null;
  const kind = url.protocol.startsWith('socks') ? 'SOCKS proxies are' : `${url.protocol}// proxies are`;
  return `${kind} not supported: usageplace speaks only to http:// and https:// proxies`;
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

function ipToBigInt(ip: string): { bits: number; value: bigint } | null {
  if (isIPv4(ip)) return { bits: 32, value: ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n) };
  if (!isIPv6(ip)) return null;
  const [head, tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.some((p) => p.includes('.')) || h.some((p) => p.includes('.'))) return null; // v4-mapped: compare as written
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { bits: 128, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

function inCidr(host: string, cidr: string): boolean {
  const [net, lengthText] = cidr.split('/');
  const a = ipToBigInt(host);
  const b = ipToBigInt(net ?? '');
  const length = Number(lengthText);
  if (!a || !b || a.bits !== b.bits || !Number.isInteger(length) || length < 0 || length > a.bits) return false;
  const shift = BigInt(a.bits - length);
  return a.value >> shift === b.value >> shift;
}

/** Does NO_PROXY (`list`) name `hostname`? */
export function noProxyMatches(hostname: string, list: string): boolean {
  const host = bare(hostname);
  for (const raw of list.split(/[,\s]+/)) {
    const entry = bare(raw.trim());
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '');
    if (host === name) return true;
    if (!isIPv4(host) && !isIPv6(host) && host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy a request to `target` goes through, by the environment's variables. */
export function proxyFor(target: string | URL, env: NodeJS.ProcessEnv): ProxyChoice {
  const url = typeof target === 'string' ? new URL(target) : target;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const found = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']);
  if (!found) return { proxy: null, from: null, bypassed: false };
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy && noProxyMatches(url.hostname, noProxy.value)) return { proxy: null, from: noProxy.name, bypassed: true };
  let proxy: URL;
  try {
    proxy = proxyUrl(found.value);
  } catch {
    return { proxy: null, from: found.name, bypassed: false, unsupported: `${found.name} is not a URL` };
  }
  const unsupported = unsupportedProxy(proxy);
  return { proxy: proxy.href, from: found.name, bypassed: false, ...(unsupported ? { unsupported } : {}) };
}

/**
 * The choice with the proxy's user name and password replaced by `***` (for status output
 * and logs): a depot's proxy account is often the clerk's own Windows sign-in name.
 */
export function withoutCredentials(choice: ProxyChoice): ProxyChoice {
  if (!choice.proxy) return choice;
  const url = new URL(choice.proxy);
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  return { ...choice, proxy: url.href };
}

/** For `usageplace status`: the proxy in words, its user name and password never shown. */
export function describeProxy(choice: ProxyChoice, target: string): string {
  if (choice.bypassed) return `none: ${choice.from} names ${new URL(target).hostname}, so requests go straight`;
  if (!choice.proxy) {
    return choice.unsupported
      ? `unusable: ${choice.unsupported}, so every request fails`
      : 'none (no HTTPS_PROXY, HTTP_PROXY or ALL_PROXY set): requests go straight';
  }
  const url = new URL(withoutCredentials(choice).proxy!);
  const who = url.username ? `***${url.password ? ':***' : ''}@` : '';
  const shown = `${url.protocol}//${who}${url.host} (from ${choice.from})`;
  return choice.unsupported ? `${shown}: ${choice.unsupported}, so every request fails` : shown;
}
