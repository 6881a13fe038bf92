import type { Kysely } from 'kysely';

/**
 * Imports: the source's own keys on locations, groups and people (EDEXML keys, OneRoster sourcedIds, a CSV's key
 * column), unique per board, so that importing the same file again matches instead of duplicating; a person's
 * ECK iD; and the `imports` table that keeps an import's parsed roster (never the uploaded file), its preview,
 * progress and result.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['locations', 'groups', 'people']) {
    await db.schema.alterTable(table).addColumn('source_key', 'text').execute();
    await db.schema
      .createIndex(`${table}_board_source_key`)
      .on(table)
      .columns(['board_id', 'source_key'])
      .unique()
      .execute();
  }
  await db.schema.alterTable('people').addColumn('eck_id', 'text').execute();
  await db.schema.createIndex('people_board_eck_id').on('people').columns(['board_id', 'eck_id']).execute();
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    /** preview | queued | running | applied | failed | discarded */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON: the locations the importer may touch (null: the whole board). */
    .addColumn('scope', 'text')
    /** JSON: the parsed roster (only what Schoolpas stores), kept until the import is applied or discarded. */
    .addColumn('roster', 'text')
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('imports_board_created')
    .on('imports')
    .columns(['board_id', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imports').execute();
  await db.schema.dropIndex('people_board_eck_id').execute();
  await db.schema.alterTable('people').dropColumn('eck_id').execute();
  for (const table of ['people', 'groups', 'locations']) {
    await db.schema.dropIndex(`${table}_board_source_key`).execute();
    await db.schema.alterTable(table).dropColumn('source_key').execute();
  }
}
