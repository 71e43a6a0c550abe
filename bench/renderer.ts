// renderer: what the clerk's window costs.
//   bundle_gzip_kb      the renderer's JavaScript the window loads at start, gzipped (goal ≤ 100)
//   bundle_all_gzip_kb  all of it, with the chunks of screens loaded when first opened
//   log_first_paint_ms  in Chromium through the preview server, with 100,000 reports in the
//                       outbox: from opening the Outbox to its first rows painted (goal ≤ 300),
//                       median of fresh page loads
// Baseline in the same run: the same page load with 100 reports (`small_first_paint_ms`), so
// the table shows what 100,000 reports add.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright';
import { benchFile, median, round, tempDir } from './common.ts';
import { generateLogDatabase } from './log.ts';
import type { MeasurementResult } from './report.ts';

const ROOT = benchFile('../');
const LOADS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Static imports of a built chunk (`import{…}from"./x.js"`, `import"./x.js"`); never `import("./x.js")`. */
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g;

/**
 * The renderer's JavaScript after `vite build`, gzipped: what the window loads at start (the
 * page's module script and every chunk it imports statically), and all of it (with the chunks
 * of the screens loaded only when opened: the CSV import, a receipt, the day sheet, Settings).
 */
function bundleGzipKb(): { startup: number; all: number } {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
  const assets = join(ROOT, 'dist/renderer/assets');
  const gzipped = (file: string) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
  const html = readFileSync(join(ROOT, 'dist/renderer/index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([\w.-]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('dist/renderer/index.html has no module script');
  const startup = new Set<string>();
  const visit = (file: string): void => {
    if (startup.has(file)) return;
    startup.add(file);
    for (const match of readFileSync(join(assets, file), 'utf8').matchAll(STATIC_IMPORT)) visit(match[1]!);
  };
  visit(entry);
  const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const sum = (files: Iterable<string>) => [...files].reduce((total, f) => total + gzipped(f), 0) / 1024;
  return { startup: sum(startup), all: sum(all) };
}

/** The preview server on a data dir; resolves with its URL. */
function startPreview(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['electron/preview/preview-server.ts', '--port', '0'], {
      cwd: ROOT,
      // A keychain service of its own with no apicode in it: nothing is ever sent anywhere.
      env: { ...process.env, USAGEPLACE_DATA_DIR: dataDir, USAGEPLACE_KEYCHAIN_SERVICE: `upr-bench-${randomUUID()}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`preview server exited (${code}): ${out}`)));
  });
}

// Runs in the page (a string: this file is type-checked for Node, without the DOM's types).
// The first row's button exists once its page of rows has arrived; two frames later it is painted.
const MEASURE_IN_PAGE = `(async () => {
  const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent.trim().startsWith('Outbox'));
  const start = performance.now();
  button.click();
  await new Promise((resolve) => {
    const check = () => (document.getElementById('log-row-0') ? resolve() : requestAnimationFrame(check));
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
})()`;

/** Median time from clicking Outbox to the first log row painted, over fresh page loads. */
async function firstPaint(browser: Browser, url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const outbox = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: /^Outbox/ });
    await outbox.waitFor();
    const ms = (await page.evaluate(MEASURE_IN_PAGE)) as number;
    times.push(ms);
    await page.close();
  }
  return median(times);
}

async function paintWith(reports: number, browser: Browser): Promise<number> {
  const tmp = tempDir();
  try {
    await generateLogDatabase(tmp.dir, reports);
    const preview = await startPreview(tmp.dir);
    try {
      return await firstPaint(browser, preview.url);
    } finally {
      preview.child.kill('SIGTERM');
      await new Promise((r) => preview.child.once('exit', r));
    }
  } finally {
    tmp.remove();
  }
}

export async function run(): Promise<MeasurementResult> {
  const bundle = bundleGzipKb();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const small = await paintWith(100, browser);
    const full = await paintWith(100_000, browser);
    return {
      figures: { bundle_gzip_kb: round(bundle.startup, 1), bundle_all_gzip_kb: round(bundle.all, 1), small_first_paint_ms: round(small, 1), log_first_paint_ms: round(full, 1) },
      notes: [`first paint: median of ${LOADS} fresh page loads each, from clicking Outbox to its first rows painted`],
    };
  } finally {
    await browser.close();
  }
}
