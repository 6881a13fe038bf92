import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console and the sign-in pages: built into dist/web and served by the Fastify process. */
export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
