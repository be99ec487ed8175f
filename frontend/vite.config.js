import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import precompress from './build/precompress.js'

// In development the API runs separately (tali serve on :8000); production serves both from one origin.
const API_TARGET = process.env.FE_API_TARGET ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: API_TARGET, changeOrigin: true } },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  // Monaco's chunk is ~4 MB by nature; it is lazy-loaded, so the warning is noise.
  build: { chunkSizeWarningLimit: 5000 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.{js,jsx}'],
    css: false,
    // user-event typing is slow on a loaded 2-core CI machine; 5 s was seen to flake there.
    testTimeout: 20_000,
  },
})
