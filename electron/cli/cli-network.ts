import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { UnsupportedProxyError } from '../core/network-errors.ts';
import { describeProxy, proxyFor, withoutCredentials } from './proxy-env.ts';

// How the command-line tool reaches Ropo One on a depot's network: through the proxy the
// environment names (proxy-env.ts, as curl reads it), trusting the operating system's
// certificate store as well as Node's own roots (so a TLS-inspecting proxy whose CA IT
// installed is trusted), and never with certificate checks turned off or its TLS keys
// written out.

const CA_ADVICE = [
  'If a proxy inspects TLS, install its CA certificate in the operating system\'s',
  'certificate store (usageplace trusts that store), or name the file in NODE_EXTRA_CA_CERTS.',
];

/** `--tls-keylog` (`--tls-keylog=FILE`) among Node's own options: on its command line or in NODE_OPTIONS. */
function tlsKeylogOption(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string | null {
  const fromOptions = (env.NODE_OPTIONS ?? '').split(/\s+/);
  for (const [where, args] of [['the node command line', execArgv], ['NODE_OPTIONS', fromOptions]] as const) {
    if (args.some((a) => /^--tls[-_]keylog(=|$)/i.test(a))) return where;
  }
  return null;
}

/**
 * Why the CLI will not run, if certificate checks are turned off or the TLS session keys are
 * written somewhere (anyone with them reads the API code and the token off the wire); null
 * when neither.
 */
export function insecureTlsRefusal(env: NodeJS.ProcessEnv, execArgv: readonly string[] = process.execArgv): string | null {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    return [
      'Refusing to run: NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off, so anyone on the',
      'network could read the API code and change reports on their way to Ropo One.',
      'Unset it.', ...CA_ADVICE,
    ].join('\n');
  }
  const keylog = tlsKeylogOption(env, execArgv);
  const keylogVar = Object.keys(env).find((k) => k.toUpperCase() === 'SSLKEYLOGFILE' && env[k]);
  if (keylog || keylogVar) {
    return [
      `Refusing to run: ${keylog ? `--tls-keylog (in ${keylog})` : `${keylogVar}`} writes the keys of every TLS connection to a`,
      'file, and with them anyone can read the API code and the token in a capture of the traffic.',
      `Run usageplace without ${keylog ? '--tls-keylog' : keylogVar}.`,
    ].join('\n');
  }
  return null;
}

/**
 * Adds the operating system's trusted certificates (Windows certificate store, macOS
 * keychain, OpenSSL's store on Linux, which SSL_CERT_FILE/SSL_CERT_DIR can point elsewhere)
 * to Node's bundled roots and NODE_EXTRA_CA_CERTS, for every TLS connection of this process.
 * Returns how many the system store gave.
 */
export function trustSystemCertificates(): number {
  const system = getCACertificates('system');
  setDefaultCACertificates([...new Set([...getCACertificates('default'), ...system])]);
  return system.length;
}

/**
 * A fetch for the core's RopoClient that takes each request through the proxy the
 * environment names for its URL: http:// targets as absolute-URL requests, https:// ones
 * through a CONNECT tunnel, as curl does.
 */
export function cliFetch(env: NodeJS.ProcessEnv): typeof fetch {
  // Reading the OS store takes a noticeable moment: only commands that go out pay for it.
  let trusted = false;
  const direct = new Agent();
  const proxies = new Map<string, Dispatcher>();
  const dispatcherFor = (url: string): Dispatcher => {
    const choice = proxyFor(url, env);
    // Going straight past a proxy the depot set would be a surprise: say why nothing goes.
    if (choice.unsupported) throw new UnsupportedProxyError(`${choice.unsupported} (${describeProxy(withoutCredentials(choice), url)})`);
    const { proxy } = choice;
    if (!proxy) return direct;
    let agent = proxies.get(proxy);
    if (!agent) {
      agent = new ProxyAgent({ uri: proxy, proxyTunnel: false });
      proxies.set(proxy, agent);
    }
    return agent;
  };
  const viaProxy = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!trusted) {
      trustSystemCertificates();
      trusted = true;
    }
    return undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: dispatcherFor(url) });
  };
  return viaProxy as unknown as typeof fetch;
}
