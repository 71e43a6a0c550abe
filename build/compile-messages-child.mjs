// Runs compile-messages.mjs as a child process and waits for it: for callers (the Vite config,
// the Electron bundle) that must not be held open by the inlang SDK's lingering handle.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./compile-messages.mjs', import.meta.url));

export function compileMessagesNow(options = { pseudo: false }) {
  execFileSync(process.execPath, [SCRIPT, ...(options.pseudo ? ['--pseudo'] : [])], { stdio: 'inherit' });
}
