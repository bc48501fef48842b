import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The Java service listens on :8000. In dev, Vite serves the SPA on :5173 and forwards the
// API paths. The SPA routes are "/" (dashboard) and "/graph"; "/" is only forwarded when the
// caller asks for JSON (not for the browser's HTML navigation).
const API = 'http://localhost:8000';
const api = { target: API, changeOrigin: false };

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': api,
      '/backlog': api,
      '/task': api,
      '/budget': api,
      '/v3': api,
      '/swagger-ui': api,
      '^/$': {
        ...api,
        bypass(req) {
          const accept = String(req.headers['accept'] ?? '');
          return accept.includes('application/json') ? undefined : req.url;
        },
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    pool: 'forks',
    maxWorkers: 2,
  },
});
