import { BUILTIN_SIMULATOR_BASE_URL } from '../../shared/endpoint.ts';

/**
 * A fetch that sends requests for the built-in simulator's target (BUILTIN_SIMULATOR_BASE_URL)
 * to wherever that simulator listens now, and everything else on unchanged. When it is not
 * running (the command-line tool never runs it) such a request fails like a network error,
 * with the code BUILTIN_SIMULATOR_NOT_RUNNING, and nothing leaves the machine: never a guess
 * at an old address, which another program may hold by now.
 *
 * `currentApiUrl` answers the running simulator's `http://127.0.0.1:PORT/rest`, or null.
 */
export function builtinSimulatorFetch(currentApiUrl: () => string | null, base: typeof fetch): typeof fetch {
  const prefix = `${BUILTIN_SIMULATOR_BASE_URL}/`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(prefix)) return base(input, init);
    const apiUrl = currentApiUrl();
    if (apiUrl === null) {
      const cause = Object.assign(new Error('The built-in simulator runs only inside the app, and it is not running now.'), {
        code: 'BUILTIN_SIMULATOR_NOT_RUNNING',
      });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    }
    const routed = `${apiUrl}/${url.slice(prefix.length)}`;
    return base(input instanceof Request ? new Request(routed, input) : routed, init);
  };
}
