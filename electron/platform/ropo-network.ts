import { session } from 'electron';

/** In memory only (no "persist:"): nothing of these requests (cookies, cache) is kept on disk. */
const PARTITION = 'ropo-one';

/**
 * The fetch the core reaches Ropo One with: Electron's net stack, which is Chromium's, so
 * delivery and sign-in follow the system proxy and PAC file, answer a proxy's Windows
 * sign-in (NTLM/Kerberos) with the clerk's own, and trust the OS certificate store (a
 * TLS-inspecting proxy whose CA IT installed). Its own session, because the window's
 * session refuses every web request (permissions.ts). Must be called after 'ready'.
 */
export function ropoFetch(): typeof fetch {
  const ses = session.fromPartition(PARTITION);
  const viaChromium = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    ses.fetch(input instanceof URL ? input.href : input, init);
  return viaChromium as typeof fetch;
}
