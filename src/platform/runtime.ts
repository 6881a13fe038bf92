import path from 'node:path';
import type { Config } from '../config.ts';
import { systemClock } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/index.ts';
import { createJobQueue, errorLabel } from './jobs/index.ts';
import { createMailer } from './mailer.ts';
import { argon2Hasher } from './passwords.ts';
import { loadSecretBox } from './secrets.ts';

/** Opens the configured database, brings it to the newest schema and wires the real side effects. */
export async function openRuntime(config: Config): Promise<{ ctx: ServiceContext; handle: DatabaseHandle }> {
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    handle,
    ctx: {
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      passwords: argon2Hasher,
      secrets: loadSecretBox(config.dataDir),
      mailer: createMailer({
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        outboxDir: path.join(config.dataDir, 'outbox'),
      }),
      jobs: createJobQueue(handle, config.databaseUrl, {
        clock: systemClock,
        onError: (error) => process.stderr.write(`background job: ${errorLabel(error)}\n`),
      }),
      config,
    },
  };
}
