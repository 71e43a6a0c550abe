import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Whether the Electron launch spec runs, skips or fails. The binary cannot be downloaded on
// this repository's build machines, so there it skips and says why; the desktop workflow
// sets REQUIRE_ELECTRON=1, where a missing binary is a failure, never a quiet skip.

export type ElectronBinary = { path: string } | { missing: string };
export type LaunchPlan = { run: string } | { skip: string } | { fail: string };

/** Finds the binary the way the electron package does, without require('electron') (which would try to download it). */
export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) return { missing: `${pathFile} does not exist` };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` };
}

export function launchPlan(env: NodeJS.ProcessEnv, binary: ElectronBinary): LaunchPlan {
  if ('path' in binary) return { run: binary.path };
  if (env.REQUIRE_ELECTRON === '1') {
    return { fail: `REQUIRE_ELECTRON=1 but the Electron binary is missing (${binary.missing}): the launch spec must run here` };
  }
  return { skip: `Electron binary not installed here (${binary.missing}): the launch test runs where it is installed (the desktop workflow sets REQUIRE_ELECTRON=1)` };
}
