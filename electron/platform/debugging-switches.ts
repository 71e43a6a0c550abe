// Switches that open a running app to another program. Chromium's DevTools server
// (--remote-debugging-port) would let any local program drive the window and its
// window.ropo, whatever the fuses say, and --inspect would do the same to the main process
// (its fuse already ignores it). Others expose what goes over the wire, the API code and the
// token with it: certificate errors ignored (with --proxy-server or --host-resolver-rules,
// anyone can sit in the middle), TLS session keys written to a file (--ssl-key-log-file, or
// the SSLKEYLOGFILE variable Chromium also reads), a net log of every request. A packaged
// build refuses to start with any of them (electron/main.ts). No 'electron' import here, so
// tests run it under plain Node.

const DEBUGGING_SWITCHES = new Set([
  'remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'remote-allow-origins',
  'inspect', 'inspect-brk', 'inspect-port', 'inspect-wait', 'inspect-brk-node', 'debug', 'debug-brk',
  'ignore-certificate-errors', 'ignore-certificate-errors-spki-list', 'ignore-urlfetcher-cert-requests',
  'ssl-key-log-file', 'log-net-log',
]);

/** Environment variables Chromium reads to the same effect. */
const EXPOSING_VARIABLES = ['SSLKEYLOGFILE'];

/**
 * The first such switch in `args` (the command line after the program), as written, or
 * null. Read as Chromium and Node read them: `--name` or `-name` (and `/name` on Windows),
 * a value after `=`, names case-insensitive and `_` the same as `-`, nothing after a bare `--`.
 */
export function debuggingSwitch(args: readonly string[], platform: NodeJS.Platform = process.platform): string | null {
  const prefixes = platform === 'win32' ? ['--', '-', '/'] : ['--', '-'];
  for (const arg of args) {
    if (arg === '--') return null;
    const prefix = prefixes.find((p) => arg.startsWith(p) && arg.length > p.length);
    if (!prefix) continue;
    const name = arg.slice(prefix.length).split('=', 1)[0]!.toLowerCase().replaceAll('_', '-');
    if (DEBUGGING_SWITCHES.has(name)) return arg;
  }
  return null;
}

/** The first exposing environment variable that is set (any value: Chromium writes wherever it points), or null. */
export function exposingVariable(env: NodeJS.ProcessEnv): string | null {
  return EXPOSING_VARIABLES.find((name) => Object.keys(env).some((k) => k.toUpperCase() === name && env[k])) ?? null;
}

/** The same switches, for asking Chromium's own parsed command line (app.commandLine.hasSwitch). */
export const DEBUGGING_SWITCH_NAMES: readonly string[] = [...DEBUGGING_SWITCHES];
