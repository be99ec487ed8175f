import { defineConfig } from '@playwright/test'
import { CHROMIUM, launchArgs } from './e2e/chromium.mjs'
import { MODE, REAL_SERVER_SCRIPT } from './e2e/mode.mjs'
const PORT = MODE === 'real' ? 8765 : 4174
const BASE_URL = `http://127.0.0.1:${PORT}`

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
  webServer: {
    command: MODE === 'real' ? REAL_SERVER_SCRIPT : `npx vite build && ./node_modules/.bin/vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: MODE === 'real' ? `${BASE_URL}/health` : `${BASE_URL}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
