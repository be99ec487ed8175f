import { existsSync } from 'node:fs'

// "real": the backend's e2e server (tali serve + mock integrations + built frontend) on :8765.
// "fake": vite preview of the built frontend, the API answered inside the browser by e2e/fakeApi.mjs.
// The real server is the default as soon as its start script exists.
export const REAL_SERVER_SCRIPT = '../scripts/e2e-server.sh'
export const MODE = process.env.FE_E2E_MODE ?? (existsSync(new URL(`../${REAL_SERVER_SCRIPT}`, import.meta.url)) ? 'real' : 'fake')
