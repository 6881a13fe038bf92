import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { issueSetupToken, prepareSignIn } from './modules/auth/index.ts';
import { expireStaleImports } from './modules/imports/index.ts';
import { errorLabel } from './platform/jobs/index.ts';
import { openRuntime } from './platform/runtime.ts';
import { ensureConsoleBuilt, WEB_DIST } from './platform/web-build.ts';

/** Starts the server: migrate, listen, and on an empty installation log the one-time setup link. */
export async function serve(config: Config): Promise<void> {
  const built = ensureConsoleBuilt((message) => process.stdout.write(`${message}\n`));
  const { ctx, handle } = await openRuntime(config);
  const app = await buildApp({ ...ctx, webRoot: built ? WEB_DIST : undefined });
  await prepareSignIn(ctx);
  await app.listen({ port: config.port, host: config.host });
  // Work background jobs here too, including any a stopped node left queued or half-done.
  await ctx.jobs.start();
  // Housekeeping (every node, idempotent): stale import previews are dropped with the names they hold.
  const housekeeping = () => {
    expireStaleImports(ctx).catch((error: unknown) =>
      app.log.warn({ err: errorLabel(error) }, 'import housekeeping'),
    );
  };
  housekeeping();
  const hourly = setInterval(housekeeping, 60 * 60 * 1000);
  hourly.unref();
  const setupToken = await issueSetupToken(ctx);
  if (setupToken) {
    app.log.warn(
      {
        setupToken,
        setupUrl: `${config.publicUrl}/setup?token=${setupToken}`,
        setupEndpoint: `${config.publicUrl}/api/v1/setup`,
      },
      'No board exists yet. Open the setup link (valid 24 hours, once) to create the board and its first ' +
        'administrator, or run `schoolpas setup`.',
    );
  }
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
