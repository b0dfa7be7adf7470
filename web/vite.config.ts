import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build is started from the repository root (npm run build:web, ensureBundle), so the
// dashboard's own folder is named explicitly rather than taken from the working directory.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts stays large even when imported modularly; it only loads with the pages that chart.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npx vite --config web/vite.config.ts` next to `npm start` gives hot reload against the real API.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
