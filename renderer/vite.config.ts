import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { compileMessagesNow } from '../build/compile-messages-child.mjs';

// The renderer is built into dist/renderer/ and loaded from app:// (or the preview server),
// so every asset path is relative. Component styles go to a .css file: the CSP forbids
// inline <style>. (No node: imports here: lint keeps renderer/ free of them.)
//
// The message catalogues are compiled first (shared/i18n/paraglide/). `--mode pseudo` builds
// into dist/renderer-pseudo/ with English replaced by the pseudo-locale (accented, 40%
// longer), for the screenshots that catch cut-off text.
const here = import.meta.dirname;

export default defineConfig(({ mode }) => {
  const pseudo = mode === 'pseudo';
  compileMessagesNow({ pseudo });
  return {
    root: here,
    base: './',
    plugins: [svelte({ compilerOptions: { css: 'external' } })],
    resolve: pseudo
      ? { alias: [{ find: /^(?:\.\.\/)+shared\/i18n\/paraglide\//, replacement: `${here}/../dist/i18n-pseudo/paraglide/` }] }
      : {},
    build: {
      outDir: `${here}/../dist/${pseudo ? 'renderer-pseudo' : 'renderer'}`,
      emptyOutDir: true,
      target: 'es2023',
      modulePreload: false,
      rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } } },
    },
  };
});
