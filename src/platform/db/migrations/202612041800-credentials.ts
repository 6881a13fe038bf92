import type { Kysely } from 'kysely';

/**
 * Readable credentials and lockout state on people:
 * - `temporary_password`: sealed (AES-256-GCM, see platform/secrets.ts) until the person chooses their own;
 * - `picture_password`: the sealed picture sequence, readable by teachers while it is in use;
 * - `failed_attempts`, `locked_until`, `lock_reason`: counted atomically by the sign-in (see credentials).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('temporary_password', 'text').execute();
  await db.schema.alterTable('people').addColumn('picture_password', 'text').execute();
  await db.schema
    .alterTable('people')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('people').addColumn('locked_until', 'text').execute();
  await db.schema.alterTable('people').addColumn('lock_reason', 'text').execute();
  await db.schema
    .createIndex('people_board_locked')
    .on('people')
    .columns(['board_id', 'locked_until'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_board_locked').execute();
  for (const column of [
    'lock_reason',
    'locked_until',
    'failed_attempts',
    'picture_password',
    'temporary_password',
  ]) {
    await db.schema.alterTable('people').dropColumn(column).execute();
  }
}
