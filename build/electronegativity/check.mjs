// `npm run security:electronegativity`: Electronegativity (@doyensec/electronegativity) over
// the app's code (electron/, renderer/, shared/, in one scan so its global checks see the
// whole app), for Electron's installed version. Fails when a finding above INFORMATIONAL is not in
// build/electronegativity/accepted.json with a written reason, when an accepted finding no
// longer occurs (so the list stays true), or when a file cannot be parsed (and so was not
// checked). Writes every finding to test-results/electronegativity.csv.
//
// The tool is run through its own API rather than its CLI, offline: the CLI fetches
// translations and Electron's release list from the internet on each run, and its
// "security fixes available" check (AvailableSecurityFixesGlobalCheck) depends on that
// list, so it is left out; keeping Electron current is the dependency updates' job.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const INPUTS = ['electron', 'renderer', 'shared'];
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const CSV = join(ROOT, 'test-results', 'electronegativity.csv');
// The tool scans one folder (skipping only node_modules): gather the sources in one, so
// build output (out/, dist/), tests and benchmarks are not taken for the app.
const STAGE = join(ROOT, 'test-results', 'electronegativity-input');
const SOURCE = /\.(ts|tsx|js|mjs|cjs|html)$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'got' && context.parentURL?.includes('/@doyensec/electronegativity/')) {
      return { url: pathToFileURL(join(HERE, 'offline-got.cjs')).href, format: 'commonjs', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

process.env.LANG = 'en-US';
const require = createRequire(join(ROOT, 'package.json'));
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const accepted = JSON.parse(readFileSync(join(HERE, 'accepted.json'), 'utf8')).accepted;

const posix = (p) => p.split(sep).join('/');
const findings = [];
const parseErrors = [];
const quietly = async (fn) => {
  // The tool prints its own notices (e.g. that translations could not be fetched).
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
};

rmSync(STAGE, { recursive: true, force: true });
for (const input of INPUTS.filter((i) => existsSync(join(ROOT, i)))) {
  cpSync(join(ROOT, input), join(STAGE, input), {
    recursive: true,
    filter: (src) => !src.includes(`${sep}node_modules`) && (!/\.[a-z0-9]+$/i.test(src) || SOURCE.test(src)),
  });
}
const result = await quietly(() => run({
  input: STAGE,
  excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
  electronVersionOverride: electronVersion,
  isRelative: false,
  parserPlugins: [],
}));
rmSync(STAGE, { recursive: true, force: true });
for (const e of result.errors) if (!e.tolerable) parseErrors.push(`${posix(relative(STAGE, e.file))}: ${e.message}`);
for (const issue of result.issues) {
  findings.push({
    id: issue.id,
    severity: issue.severity.name,
    level: issue.severity.value,
    confidence: issue.confidence.name,
    file: issue.file === 'N/A' ? 'N/A' : posix(relative(STAGE, issue.file)),
    line: issue.location.line,
    column: issue.location.column,
    sample: issue.sample ?? '',
    description: issue.description,
    url: issue.shortenedURL ?? '',
  });
}

const q = (s) => `"${String(s).replaceAll('"', '""')}"`;
mkdirSync(dirname(CSV), { recursive: true });
writeFileSync(CSV, ['issue,severity,confidence,filename,location,sample,description,url',
  ...findings.map((f) => [f.id, f.severity, f.confidence, f.file, `${f.line}:${f.column}`, f.sample, f.description, f.url].map(q).join(','))].join('\n') + '\n');

const isAccepted = (f) => accepted.some((a) => a.id === f.id && a.file === f.file);
const serious = findings.filter((f) => f.level > 0);
const unexplained = serious.filter((f) => !isAccepted(f));
const stale = accepted.filter((a) => !serious.some((f) => f.id === a.id && f.file === a.file));
const missingReason = accepted.filter((a) => typeof a.reason !== 'string' || a.reason.trim().length < 20);

console.log(`Electronegativity ${require('@doyensec/electronegativity/package.json').version}, Electron ${electronVersion}, over ${INPUTS.join('/, ')}/: ` +
  `${findings.length} findings (${findings.length - serious.length} informational, ${serious.length - unexplained.length} accepted with a reason). All in ${posix(relative(ROOT, CSV))}.`);
for (const f of serious.filter(isAccepted)) console.log(`  accepted  ${f.severity.padEnd(6)} ${f.id}  ${f.file}:${f.line}`);

let failed = false;
const fail = (title, lines) => {
  failed = true;
  console.error(`\n${title}`);
  for (const l of lines) console.error(`  ${l}`);
};
if (unexplained.length) fail('Findings above INFORMATIONAL that are neither fixed nor accepted in build/electronegativity/accepted.json:',
  unexplained.map((f) => `${f.severity} ${f.id}  ${f.file}:${f.line}:${f.column}  ${f.description}  ${f.url}`));
if (stale.length) fail('Accepted findings that no longer occur (remove them from accepted.json):', stale.map((a) => `${a.id}  ${a.file}`));
if (missingReason.length) fail('Accepted findings without a written reason:', missingReason.map((a) => `${a.id}  ${a.file}`));
if (parseErrors.length) fail('Files Electronegativity could not parse (so they were not checked):', parseErrors);
process.exit(failed ? 1 : 0);
