import { defineConfig } from '@playwright/test'
import { CHROMIUM, launchArgs } from './e2e/chromium.mjs'
import { BASE_URL, NO_AI_PORT, NO_AI_URL, PORT } from './e2e/servers.mjs'

// Every spec runs against the real server: scripts/e2e-server.sh starts the debug `tali` binary (fresh SQLite
// database, local sandbox, frontend/dist built just before) and the mock Anthropic server, all on 127.0.0.1; a
// second instance without AI serves the specs that need a deployment without it (e2e/servers.mjs).
// E2E_PORT (E2E_AI_PORT for the mock AI, E2E_STRIPE_PORT for the Stripe mock, E2E_WORKABLE_PORT for the Workable mock,
// E2E_NO_AI_PORT for the server without AI) let two checkouts run their browser tests side by side.

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.mjs/,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: CHROMIUM, args: launchArgs() },
    permissions: ['clipboard-read', 'clipboard-write'],
    trace: 'off',
  },
  webServer: [
    {
      command: 'npx vite build && ../scripts/e2e-server.sh',
      env: {
        E2E_PORT: String(PORT),
        E2E_AI_PORT: process.env.E2E_AI_PORT ?? String(PORT + 1),
        E2E_STRIPE_PORT: process.env.E2E_STRIPE_PORT ?? String(PORT + 2),
        E2E_WORKABLE_PORT: process.env.E2E_WORKABLE_PORT ?? String(PORT + 3),
      },
      url: `${BASE_URL}/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Reads the frontend/dist the first server's command builds (the debug binary serves it from disk).
      command: '../scripts/e2e-server.sh',
      env: { E2E_PORT: String(NO_AI_PORT), E2E_NO_AI: '1' },
      url: `${NO_AI_URL}/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
