// Starting at login, the parts that are plain logic: the flag the login item passes, how
// the app knows it was started that way, and Linux's autostart entry (Electron's login
// item covers Windows and macOS only).

/** Our own flag: macOS 13+ ignores `openAsHidden`, so the app decides itself. */
export const HIDDEN_FLAG = '--hidden';

/** Started at login: into the tray, without opening the window. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_FLAG) || wasOpenedAtLogin;
}

/** `~/.config/autostart/usage-place-reporter.desktop` (XDG autostart spec). */
export function linuxAutostartFile(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${config}/autostart/usage-place-reporter.desktop`;
}

const quote = (arg: string) => `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;

/** The entry's text; `exec` is the app's executable (the AppImage when it runs as one), `args` what it needs before our flag. */
export function linuxAutostartEntry(exec: string, args: readonly string[] = []): string {
  const quoted = [exec, ...args].map(quote).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Usage Place Reporter',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n');
}
