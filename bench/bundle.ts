// Bundles a bench entry with esbuild the way `npm run build:electron` bundles the app's main
// process (build/bundle-electron.mjs: one ES module for Node, keytar and electron left out),
// so a measurement can load the app's code as the app loads it: one file, no TypeScript to
// strip. The bundle goes to a folder of the caller's; keytar is found through NODE_PATH.
import { build } from 'esbuild';
import { join } from 'node:path';
import { benchFile } from './common.ts';

const ROOT = benchFile('../');

export async function bundleForNode(entry: string, outDir: string): Promise<{ file: string; env: Record<string, string> }> {
  const file = join(outDir, `${entry.replace(/^.*\//, '').replace(/\.ts$/, '')}.mjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['electron', 'keytar'],
    // As build/bundle-electron.mjs: bundled CommonJS dependencies still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // The core loads keytar with require() (CommonJS resolution), which honours NODE_PATH.
  return { file, env: { NODE_PATH: join(ROOT, 'node_modules') } };
}
