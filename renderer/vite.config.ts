import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer is built into dist/renderer/ and loaded from app:// (or the preview server),
// so every asset path is relative. Component styles go to a .css file: the CSP forbids
// inline <style>. (No node: imports here: lint keeps renderer/ free of them.)
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ compilerOptions: { css: 'external' } })],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2023',
    modulePreload: false,
  },
});
