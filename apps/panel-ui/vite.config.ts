import { env } from 'node:process';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The API to proxy /api to in `vite` dev and preview: PANEL_API_URL, or panel-api's default port.
// ws: consoles' WebSockets (/api/consoles/:id/ws) go through the proxy too.
const api = { '/api': { target: env.PANEL_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false, ws: true } };

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Bundle the shared contracts from their TypeScript source (the package's own main is CommonJS for Node).
    alias: {
      '@panel/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
    },
  },
  server: { proxy: api },
  preview: { proxy: api },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the dashboard: their own chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack)[\\/]/ },
            // The editor and the terminal load only on the pages that use them.
            { name: 'codemirror', test: /node_modules[\\/](@codemirror|@lezer|codemirror|crelt|style-mod|w3c-keyname)[\\/]/ },
            // The terminal's web font (its @font-face rules; small subsets are inlined) goes with the terminal.
            { name: 'xterm', test: /node_modules[\\/](@xterm|@fontsource[\\/]jetbrains-mono)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // A test may wait 5 s for what it looks for (setup.ts) on two cores shared with the platform's services; the
    // default 5 s for the whole test is then shorter than one wait. Waiting longer changes no assertion.
    testTimeout: 30_000,
  },
});
