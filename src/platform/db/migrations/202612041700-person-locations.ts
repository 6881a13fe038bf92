import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/**
 * `person_locations`: one row per person and location they belong to (a level there, or a group there), with the
 * person's sort key. A school's list of students or staff is then one index range in name order, and its total
 * one index count, however large the board. Repositories keep it in step in the same transaction as the links.
 *
 * The name-search indexes become covering (search key, sort key, id), so matches are sorted without reading rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  const keyText = isPostgres(db) ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('person_locations')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sort_name', keyText, (c) => c.notNull())
    .addPrimaryKeyConstraint('person_locations_pk', ['location_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('person_locations_list')
    .on('person_locations')
    .columns(['location_id', 'kind', 'board_id', 'sort_name', 'person_id'])
    .execute();
  await db.schema.createIndex('person_locations_person').on('person_locations').column('person_id').execute();
  await sql`
    insert into person_locations (board_id, location_id, person_id, kind, sort_name)
    select p.board_id, links.location_id, p.id, p.kind, p.sort_name
    from (select person_id, location_id from memberships
          union select person_id, location_id from staff_locations) links
    join people p on p.id = links.person_id`.execute(db);

  await db.schema.dropIndex('people_board_kind_first').execute();
  await db.schema.dropIndex('people_board_kind_last').execute();
  await db.schema
    .createIndex('people_board_kind_first')
    .on('people')
    .columns(['board_id', 'kind', 'search_first', 'sort_name', 'id'])
    .execute();
  await db.schema
    .createIndex('people_board_kind_last')
    .on('people')
    .columns(['board_id', 'kind', 'search_last', 'sort_name', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_locations').execute();
  await db.schema.dropIndex('people_board_kind_first').execute();
  await db.schema.dropIndex('people_board_kind_last').execute();
  await db.schema
    .createIndex('people_board_kind_first')
    .on('people')
    .columns(['board_id', 'kind', 'search_first'])
    .execute();
  await db.schema
    .createIndex('people_board_kind_last')
    .on('people')
    .columns(['board_id', 'kind', 'search_last'])
    .execute();
}
