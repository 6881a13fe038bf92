import type { Kysely } from 'kysely';

/**
 * The in-process job runner's queue (SQLite; on PostgreSQL pg-boss keeps its own tables in the `pgboss` schema).
 * A job is queued, taken by the runner (running, with a lease), then done or failed; a job whose lease ran out
 * (the process stopped while it ran) is taken again, up to its attempts.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: the job's input (ids, never personal data). */
    .addColumn('data', 'text', (c) => c.notNull())
    /** queued | running | done | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_status_run_after').on('jobs').columns(['status', 'run_after']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
