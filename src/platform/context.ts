import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';
import type { Db, DialectName } from './db/index.ts';
import type { JobQueue } from './jobs/index.ts';
import type { Mailer } from './mailer.ts';
import type { PasswordHasher } from './passwords.ts';
import type { SecretBox } from './secrets.ts';

/** The side effects a service may use; built once in buildApp and passed to every service call. */
export interface ServiceContext {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  passwords: PasswordHasher;
  /** Seals and opens readable credentials (temporary and picture passwords). */
  secrets: SecretBox;
  mailer: Mailer;
  /** Background jobs (imports): in-process on SQLite, pg-boss on PostgreSQL. */
  jobs: JobQueue;
  config: Config;
}
