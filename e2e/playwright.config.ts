/**
 * Browser journeys in Debian's Chromium (`/usr/bin/chromium`): nothing downloads a browser. The
 * product is started once for the run on embedded defaults (see start-product.ts).
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3917);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './journeys',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  outputDir: '../.test-results/playwright-artifacts',
  reporter: [['list'], ['json', { outputFile: '../.test-results/playwright.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Chromium's own background services would try the network this machine does not have.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'npx tsx e2e/start-product.ts',
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM first, so start-product.ts closes the server and removes its temporary directory.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: { E2E_PORT: String(port) },
  },
});
