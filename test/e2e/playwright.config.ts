import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// The renderer in Debian's Chromium, through `npm run preview`'s server, against the
// simulator: real HTTP, a real SQLite file, the real keychain. Playwright cannot fetch
// its own browsers here, so it drives /usr/bin/chromium (override: CHROMIUM_PATH); where
// that is missing (the desktop workflow's Windows and macOS runners) Playwright's own.
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: '../../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
