import { ensureConsoleBuilt } from '../../src/platform/web-build.ts';

/**
 * The browser tests serve the built console (dist/web). Builds it once before any test file starts, and only
 * when its sources changed since the last build (a hash stamp), so a run without console changes costs nothing.
 */
export default function setup(): void {
  // API-only runs while the console is being edited: `SCHOOLPAS_SKIP_CONSOLE_BUILD=1 npx vitest run test/api/…`.
  if (process.env.SCHOOLPAS_SKIP_CONSOLE_BUILD) return;
  ensureConsoleBuilt((message) => process.stdout.write(`${message}\n`));
}
