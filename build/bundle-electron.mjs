// `npm run build:electron`: bundles the Electron main process and the preload with esbuild.
//
//   electron/main.ts    → out/main/main.js       ESM (package.json "type": "module"; Electron ≥ 28
//                                                loads an ES module main). The core's
//                                                createRequire(import.meta.url) for keytar keeps
//                                                working, which a CommonJS bundle would break.
//   electron/preload.ts → out/preload/preload.cjs CommonJS, one file: a sandboxed preload can
//                                                require only 'electron' and a few built-ins.
//   build/{icon,tray*}.png → out/main/assets/    what the tray, window and notifications show.
//
// 'electron' is provided by the runtime; keytar is a native module (N-API) loaded from
// node_modules; node:* built-ins (node:sqlite included) come with Electron's Node.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileMessagesNow } from './compile-messages-child.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// --out DIR: somewhere else than out/ (the tests bundle into a temporary folder).
const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const OUT = values.out ? resolve(values.out) : join(ROOT, 'out');
const NATIVE = ['electron', 'keytar'];

rmSync(OUT, { recursive: true, force: true });
// The main process words its tray, notifications and dialogs with the compiled catalogues.
compileMessagesNow();

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: NATIVE,
};

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: join(OUT, 'main', 'main.js'),
  format: 'esm',
  // CommonJS dependencies bundled into an ES module still call require() (electron-log
  // requires 'electron'; ajv requires JSON); give them a real one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: join(OUT, 'preload', 'preload.cjs'),
  format: 'cjs',
  target: 'es2023',
  external: ['electron'],
  // Parsed on every page load, in the renderer process.
  minify: true,
});

const ASSETS = [
  'icon.png', 'tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png',
  'trayAlert.png', 'trayAlert@2x.png', 'trayAlertTemplate.png', 'trayAlertTemplate@2x.png',
];
mkdirSync(join(OUT, 'main', 'assets'), { recursive: true });
for (const name of ASSETS) copyFileSync(join(ROOT, 'build', name), join(OUT, 'main', 'assets', name));

console.log(`Built ${join(OUT, 'main', 'main.js')}, ${join(OUT, 'preload', 'preload.cjs')} and the tray and window icons.`);
