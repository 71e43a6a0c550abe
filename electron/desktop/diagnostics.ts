import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, platform, release, type, version } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { logDir } from '../core/data-paths.ts';
import type { Core } from '../core/open-core.ts';
import { redact } from '../core/redact.ts';
import { statusReport } from '../core/status-report.ts';

export interface DiagnosticsInput {
  core: Core;
  /** The app's and its runtime's versions (app, electron, chrome, node, …). */
  versions: Record<string, string>;
  /** Where reports go, by name ("Finland test", "Built-in simulator"); null before setup. */
  environment: string | null;
  /** How requests reach Ropo One from here (the proxy Chromium resolved, or the CLI's). */
  network: unknown;
  now: number;
}

/**
 * "Save diagnostics" for support: the logs, what `usageplace status --json` shows (with how
 * many drafts the form has kept, never what they hold), the database's integrity_check, the
 * versions and the OS, in one zip. No secret: the logs are
 * redacted when written, the status holds none, and every text passes `redact` once more
 * on its way into the zip (a test greps the zip for the apicode and the token).
 */
export async function diagnosticsZip(input: DiagnosticsInput): Promise<{ fileName: string; bytes: Uint8Array }> {
  const text = (value: string) => strToU8(redact(value));
  const json = (value: unknown) => text(`${JSON.stringify(value, null, 2)}\n`);
  const files: Record<string, Uint8Array> = {};

  const logs = logDir(input.core.dataDir);
  if (existsSync(logs)) {
    for (const name of readdirSync(logs).sort()) {
      const file = join(logs, name);
      if (statSync(file).isFile()) files[`logs/${name}`] = text(readFileSync(file, 'utf8'));
    }
  }
  // The report form's drafts take part only as a count: what a clerk typed and did not
  // queue is theirs, not support's (issue 11).
  files['status.json'] = json({ ...(await statusReport(input.core)), environment: input.environment, network: input.network, drafts: input.core.drafts.count() });
  const integrity = input.core.db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
  files['integrity-check.txt'] = text(`${integrity.map((r) => r.integrity_check).join('\n')}\n`);
  const sqlite = input.core.db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
  files['about.json'] = json({
    createdAt: new Date(input.now).toISOString(),
    versions: { ...input.versions, sqlite: sqlite.v },
    os: { platform: platform(), type: type(), release: release(), version: version(), arch: arch() },
    dataDir: input.core.dataDir,
  });
  const stamp = new Date(input.now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { fileName: `usage-place-reporter-diagnostics-${stamp}.zip`, bytes: zipSync(files, { level: 6 }) };
}
