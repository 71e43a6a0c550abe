// Renders the SVG icons in build/ to the PNGs electron-builder and the tray use, with a
// headless Chromium (no image libraries needed). Run after changing an SVG:
//   node build/render-icons.mjs            (CHROMIUM_PATH overrides /usr/bin/chromium)
// The PNGs are committed; nothing in the build runs this.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** [svg source, output png (relative to build/), size in px] */
const OUTPUTS = [
  ['icon.svg', 'icon.png', 512],
  ['icon.svg', 'icons/512x512.png', 512],
  ['icon.svg', 'icons/256x256.png', 256],
  ['icon.svg', 'icons/128x128.png', 128],
  ['icon.svg', 'icons/64x64.png', 64],
  ['icon.svg', 'icons/32x32.png', 32],
  ['icon.svg', 'icons/16x16.png', 16],
  ['tray.svg', 'tray.png', 16],
  ['tray.svg', 'tray@2x.png', 32],
  ['trayTemplate.svg', 'trayTemplate.png', 16],
  ['trayTemplate.svg', 'trayTemplate@2x.png', 32],
  ['trayAlert.svg', 'trayAlert.png', 16],
  ['trayAlert.svg', 'trayAlert@2x.png', 32],
  ['trayAlertTemplate.svg', 'trayAlertTemplate.png', 16],
  ['trayAlertTemplate.svg', 'trayAlertTemplate@2x.png', 32],
];

const work = mkdtempSync(join(tmpdir(), 'upr-icons-'));
try {
  const only = process.argv[2]; // e.g. trayAlert: render just the outputs of SVGs with that prefix
  for (const [svgName, pngName, size] of OUTPUTS.filter(([svg]) => !only || svg.startsWith(only))) {
    const svg = readFileSync(join(BUILD, svgName), 'utf8').replace(/<svg([^>]*?)width="\d+" height="\d+"/, `<svg$1width="${size}" height="${size}"`);
    const page = join(work, `${size}-${svgName}.html`);
    writeFileSync(page, `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}svg{display:block}</style></head><body>${svg}</body></html>`);
    const out = join(BUILD, pngName);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1',
      '--default-background-color=00000000', `--window-size=${size},${size}`, `--screenshot=${out}`, `file://${page}`,
    ], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 60_000 });
    console.log(`${pngName} (${size}x${size})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
