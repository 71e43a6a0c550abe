import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { APP_DIR_NAME, LINUX_DIR_NAME } from '../../core/data-paths.ts';

// IT's word on updates for the whole machine, from places only an administrator can write
// and no upgrade of the app touches (the per-user installation folder is the clerk's own,
// and the NSIS installer empties it on every update):
//   - Windows: %ProgramData%\Usage Place Reporter\policy.json, and the registry value
//     HKLM\Software\Policies\Usage Place Reporter\Updates (REG_DWORD 0), as Group Policy sets it;
//   - macOS: /Library/Application Support/Usage Place Reporter/policy.json (a file inside the
//     signed app would break its seal);
//   - Linux: /etc/usage-place-reporter/policy.json.
// Any of them saying "no updates" turns updates off.

/** `policy.json`; unknown keys are ignored. */
export const InstallPolicy = z.object({
  /** false: never look for updates (IT deploys new versions itself). */
  updates: z.boolean().optional(),
});
export type InstallPolicy = z.infer<typeof InstallPolicy>;

export const POLICY_FILE = 'policy.json';
export const POLICY_REGISTRY_KEY = `HKLM\\Software\\Policies\\${APP_DIR_NAME}`;

/** Where this platform's policy file is. */
export function machinePolicyFile(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return win32.join(env.ProgramData || env.ALLUSERSPROFILE || 'C:\\ProgramData', APP_DIR_NAME, POLICY_FILE);
  if (platform === 'darwin') return posix.join('/Library/Application Support', APP_DIR_NAME, POLICY_FILE);
  return posix.join('/etc', LINUX_DIR_NAME, POLICY_FILE);
}

export interface PolicyReading {
  policy: InstallPolicy;
  /** Why a policy that is there could not be read (then updates are off), for the log. */
  problem: string | null;
}

/**
 * A policy file, if there is one. A file that is there but cannot be read turns updates
 * off: IT meant something by it, and a managed PC must not update against its will.
 */
export function readPolicyFile(file: string): PolicyReading {
  if (!existsSync(file)) return { policy: {}, problem: null };
  try {
    return { policy: InstallPolicy.parse(JSON.parse(readFileSync(file, 'utf8'))), problem: null };
  } catch (err) {
    return { policy: { updates: false }, problem: `${file} could not be read, so updates are off: ${(err as Error).message}` };
  }
}

/** `reg query KEY /v Updates` printed this (null: no such key or value): REG_DWORD 0 means no updates. */
export function registryPolicy(output: string | null): PolicyReading {
  if (output === null) return { policy: {}, problem: null };
  const m = /^\s*Updates\s+(REG_\w+)\s+(\S*)\s*$/im.exec(output);
  if (!m) return { policy: {}, problem: null };
  if (m[1] !== 'REG_DWORD') return { policy: { updates: false }, problem: `${POLICY_REGISTRY_KEY}\\Updates is a ${m[1]}, not a REG_DWORD, so updates are off` };
  return { policy: Number(m[2]) === 0 ? { updates: false } : {}, problem: null };
}

/** Windows' own `reg.exe`: its output, or null when the key or value is not there (it exits 1). */
export function queryRegistry(key: string, value: string): string | null {
  try {
    return execFileSync('reg', ['query', key, '/v', value], { encoding: 'utf8', windowsHide: true, timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** Every place IT may have said it, combined: any "no updates" wins. */
export function readMachinePolicy(options: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The policy file's path (tests put one in a temporary folder). */
  file?: string;
  /** Reads the registry (tests pass what `reg query` printed). */
  query?: (key: string, value: string) => string | null;
}): { policy: InstallPolicy; problems: string[] } {
  const readings = [readPolicyFile(options.file ?? machinePolicyFile(options.platform, options.env))];
  if (options.platform === 'win32') readings.push(registryPolicy((options.query ?? queryRegistry)(POLICY_REGISTRY_KEY, 'Updates')));
  return {
    policy: readings.some((r) => r.policy.updates === false) ? { updates: false } : {},
    problems: readings.flatMap((r) => (r.problem ? [r.problem] : [])),
  };
}
