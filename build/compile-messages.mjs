// Compiles the message catalogues (shared/i18n/messages/{en,fi,sv,nb}.json) into typed,
// tree-shakable functions with Paraglide JS, into shared/i18n/paraglide/ (generated, not in
// git). Offline: the inlang project loads its message-format plugin from node_modules, never
// from a CDN. Run by `npm run i18n` (which typecheck, the unit tests and both builds run first)
// and, as a child process, by the renderer's Vite config.
//
//   node build/compile-messages.mjs            the real catalogues
//   node build/compile-messages.mjs --pseudo   also a pseudo-locale build for the screenshots
//                                              (see pseudo-locale.mjs)
import { compile } from '@inlang/paraglide-js';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pseudoLocalize } from './pseudo-locale.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const I18N_DIR = join(ROOT, 'shared/i18n');
export const PARAGLIDE_DIR = join(I18N_DIR, 'paraglide');
/** Where the pseudo-locale's compiled catalogue goes (the renderer's pseudo build aliases to it). */
export const PSEUDO_DIR = join(ROOT, 'dist/i18n-pseudo');

const OPTIONS = {
  // The window's locale comes from the app's own state (renderer/src/lib/i18n/locale.svelte.ts
  // overrides getLocale); the main process passes { locale } to every message it builds.
  strategy: ['globalVariable', 'baseLocale'],
  emitReadme: false,
  emitGitIgnore: false,
  emitPrettierIgnore: false,
  includeEslintDisableComment: true,
  disableAsyncLocalStorage: true,
};

export async function compileMessages() {
  await compile({ project: join(I18N_DIR, 'project.inlang'), outdir: PARAGLIDE_DIR, ...OPTIONS });
}

/**
 * The same catalogues with English replaced by pseudo-English (accented, 40% longer), so a
 * build of the renderer against it shows every English text the way a long translation would.
 */
export async function compilePseudoMessages() {
  rmSync(PSEUDO_DIR, { recursive: true, force: true });
  mkdirSync(join(PSEUDO_DIR, 'messages'), { recursive: true });
  cpSync(join(I18N_DIR, 'messages'), join(PSEUDO_DIR, 'messages'), { recursive: true });
  const en = JSON.parse(readFileSync(join(I18N_DIR, 'messages/en.json'), 'utf8'));
  writeFileSync(join(PSEUDO_DIR, 'messages/en.json'), JSON.stringify(pseudoLocalize(en), null, 2));
  mkdirSync(join(PSEUDO_DIR, 'project.inlang'), { recursive: true });
  const settings = JSON.parse(readFileSync(join(I18N_DIR, 'project.inlang/settings.json'), 'utf8'));
  settings.modules = [join(ROOT, 'node_modules/@inlang/plugin-message-format/dist/index.js')];
  writeFileSync(join(PSEUDO_DIR, 'project.inlang/settings.json'), JSON.stringify(settings, null, 2));
  await compile({ project: join(PSEUDO_DIR, 'project.inlang'), outdir: join(PSEUDO_DIR, 'paraglide'), ...OPTIONS });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await compileMessages();
    if (process.argv.includes('--pseudo')) await compilePseudoMessages();
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
  // The inlang SDK leaves a handle open for about 30 s after compiling; nothing is pending.
  process.exit(0);
}
