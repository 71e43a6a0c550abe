import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the real build script (build/bundle-electron.mjs) into a folder of its own under
 * test-results/ (inside the project, so the bundle finds node_modules as out/ would).
 * Returns that folder's `out` and a function that removes it.
 */
export function bundleElectron(): { out: string; remove: () => void } {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test-results', 'electron-bundle-'));
  const out = join(dir, 'out');
  execFileSync(process.execPath, [join(ROOT, 'build', 'bundle-electron.mjs'), '--out', out], { cwd: ROOT, stdio: 'pipe' });
  return { out, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
