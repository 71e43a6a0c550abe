// A name lookup that always fails the way getaddrinfo does (ENOTFOUND), routed into Node's
// own fetch through an undici dispatcher: a real connection attempt and the real error
// chain fetch throws, without asking this machine's resolver (which may hang, or answer
// for names that do not exist). Addresses given as IP literals are never looked up.
import { Agent } from 'undici';

export function failingLookupFetch(): { fetch: typeof fetch; lookups: string[]; close: () => Promise<void> } {
  const lookups: string[] = [];
  const agent = new Agent({
    connect: {
      lookup: (hostname, _options, callback) => {
        lookups.push(hostname);
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
        callback(error, '', 4);
      },
    },
  });
  const routed = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    fetch(input, { ...init, dispatcher: agent } as RequestInit)) as typeof fetch;
  return { fetch: routed, lookups, close: () => agent.close() };
}
