import { defineConfig } from 'vitest/config';

/** `npm run screenshots`: renews docs/screenshots/ from the demo board (not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/e2e/screenshots.make.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
