// The console's build: a static single-page app under /console/, chart pages in chunks of their own.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: { '@sleep/api-client': fromRoot('libs/api-client/src/index.ts') },
  },
  build: {
    // Served by the gateway: its bundle carries the console (`nx build gateway` builds both).
    outDir: fromRoot('dist/apps/gateway/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
