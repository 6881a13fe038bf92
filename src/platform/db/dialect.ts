import { type Kysely, PostgresAdapter } from 'kysely';

/** True when the Kysely instance (or transaction) talks to PostgreSQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
