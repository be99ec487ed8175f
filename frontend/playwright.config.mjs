import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { CHROMIUM, launchArgs } from './e2e/chromium.mjs'

// Every spec runs against the real server: scripts/e2e-server.sh starts the debug `tali` binary (fresh SQLite
// database, local sandbox, frontend/dist built just before) and the mock Anthropic server, all on 127.0.0.1.
const PORT = 8765
const BASE_URL = `http://127.0.0.1:${PORT}`
// The script's default workspace folder sits inside its mktemp directory (mode 0700), which the sandboxed
// process cannot traverse, so bubblewrap fails its preflight; give it a folder others may enter (0711). The folder
// is the same for every run, so sandboxes left mounted by an interrupted run are removed by a later server's
// idle sweep (after 4 h) instead of piling up in one folder per run.
const WORKSPACES = 'test-results/sandbox-workspaces'

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
    command: `npx vite build && mkdir -p ${WORKSPACES} && chmod 711 ${WORKSPACES} && ../scripts/e2e-server.sh`,
    env: { E2E_PORT: String(PORT), SANDBOX_WORKSPACES_DIR: fileURLToPath(new URL(WORKSPACES, import.meta.url)) },
    url: `${BASE_URL}/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
