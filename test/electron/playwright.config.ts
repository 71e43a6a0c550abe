import { defineConfig } from '@playwright/test';

// `npm run test:electron`: the real app in the real Electron binary, where it is installed
// (launch.e2e.ts says why it skips where it is not). The renderer's own end-to-end tests
// in Chromium are test/e2e/.
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: '../../test-results/electron',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
});
