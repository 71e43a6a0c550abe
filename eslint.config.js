// Lint keeps each folder in its room (DESIGN.md): shared/ is pure, only the Electron
// glue imports 'electron', and nothing in shared/ reaches into either side.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'test-results/', 'bench/results*', '.scratch*', 'shared/i18n/paraglide/'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    // Svelte components and .svelte.ts state files: TypeScript inside the Svelte parser.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'keytar'].map((name) => ({ name, message: 'shared/ is pure: no Node, no Electron.' })),
        patterns: [{ group: ['**/electron/**', '**/renderer/**', 'node:*'], message: 'shared/ imports from neither side.' }],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/platform/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: "Only electron/main.ts, electron/preload.ts and electron/platform/ import 'electron'; the core runs under plain Node." }],
        patterns: [{ group: ['**/renderer/**'], message: 'electron/ never imports the renderer.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'keytar'].map((name) => ({ name, message: 'The renderer is sandboxed: it talks to the core only through window.ropo.' })),
        patterns: [{ group: ['**/electron/**', 'node:*'], message: 'The renderer imports shared/ only.' }],
      }],
    },
  },
  {
    files: ['eslint.config.js', '**/playwright.config.ts', 'renderer/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
