// `npm run bench:profile`: where the core's time goes in the two figures held against a bare
// baseline, the drain (drain_ratio) and the enqueue (enqueue_ratio). Runs bench/profile-child.ts
// and writes bench/profile.json, from which the README's profile figures are generated
// (`npm run bench:readme`). The CPU profiles themselves are left for DevTools (chrome://inspect
// → "Open dedicated DevTools for Node" → Performance → load) in the folder it prints.
//   --profiles DIR   where to put the .cpuprofile files (default: a new temporary folder)
//   --out FILE       write the JSON there instead of bench/profile.json
// Needs the keychain like the bench (on Linux inside the D-Bus session of `npm test`).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchFile, benchSecrets } from './common.ts';
import { CATEGORIES, summarize, type CpuProfile } from './cpu-profile.ts';
import { machine } from './report.ts';

const { values } = parseArgs({ options: { profiles: { type: 'string' }, out: { type: 'string' } } });
const profileDir = values.profiles ? resolve(values.profiles) : mkdtempSync(join(process.env.UPR_BENCH_DIR ?? tmpdir(), 'upr-profiles-'));
mkdirSync(profileDir, { recursive: true });
const started = new Date();
process.stderr.write(`bench:profile: drain and enqueue, profiles in ${profileDir}…\n`);

const raw = await new Promise<string>((resolveRun, reject) => {
  const proc = spawn(process.execPath, [benchFile('./profile-child.ts')], {
    env: { ...process.env, UPR_PROFILE_DIR: profileDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.once('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`profile-child exited ${code}: ${out}`))));
});
const measured = JSON.parse(raw.split('\n').find((l) => l.startsWith('{'))!) as {
  drain: Record<string, unknown> & { profile: string; bareProfile: string };
  enqueue: Record<string, unknown> & { profile: string };
};
const load = (file: string): CpuProfile => JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
const { profile: drainFile, bareProfile: bareFile, ...drain } = measured.drain;
const { profile: enqueueFile, ...enqueue } = measured.enqueue;
const [drainProfile, bareProfile, enqueueProfile] = [load(drainFile), load(bareFile), load(enqueueFile)];
const secrets = await benchSecrets();
const result = {
  machine: await machine(secrets.kind === 'keychain' ? 'OS keychain (keytar)' : 'in memory (no keychain answered)'),
  started_at: started.toISOString(),
  duration_s: Math.round((Date.now() - started.getTime()) / 100) / 10,
  drain: { ...drain, js_thread_profile: summarize(drainProfile, CATEGORIES), bare_loop_js_thread_profile: summarize(bareProfile, CATEGORIES) },
  enqueue: { ...enqueue, js_thread_profile: summarize(enqueueProfile, CATEGORIES) },
};
const json = `${JSON.stringify(result, null, 2)}\n`;
writeFileSync(values.out ?? benchFile('./profile.json'), json);
process.stdout.write(json);
