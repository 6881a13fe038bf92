import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

/** The organisation tree, people, sessions, one-time tokens and the audit log. */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  // Search and sort keys compare byte-wise on both databases, so a prefix range is one index range.
  const keyText = isPostgres(db) ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('sort_name', keyText, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('locations_board_sort')
    .on('locations')
    .columns(['board_id', 'sort_name', 'id'])
    .execute();
  await db.schema
    .createIndex('locations_board_code')
    .unique()
    .on('locations')
    .columns(['board_id', 'code'])
    .where(sql.ref('code'), 'is not', null)
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('icon', 'text')
    .addColumn('show_on_sign_in_page', 'integer', (c) => c.notNull())
    .addColumn('sign_in_method', 'text', (c) => c.notNull())
    .addColumn('sort_name', keyText, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('groups_board_sort')
    .on('groups')
    .columns(['board_id', 'sort_name', 'id'])
    .execute();
  await db.schema
    .createIndex('groups_location_sort')
    .on('groups')
    .columns(['location_id', 'sort_name', 'id'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('infix', 'text')
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_key', 'text')
    .addColumn('username', 'text')
    .addColumn('username_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('is_board_admin', 'integer', (c) => c.notNull())
    .addColumn('sign_in_method', 'text')
    .addColumn('privacy_consent', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('must_change_password', 'integer', (c) => c.notNull())
    .addColumn('search_first', keyText, (c) => c.notNull())
    .addColumn('search_last', keyText, (c) => c.notNull())
    .addColumn('sort_name', keyText, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('people_board_kind_sort')
    .on('people')
    .columns(['board_id', 'kind', 'sort_name', 'id'])
    .execute();
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
  await db.schema
    .createIndex('people_board_email')
    .unique()
    .on('people')
    .columns(['board_id', 'email_key'])
    .where(sql.ref('email_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('people_board_username')
    .unique()
    .on('people')
    .columns(['board_id', 'username_key'])
    .where(sql.ref('username_key'), 'is not', null)
    .execute();
  // Sign-in looks a person up by e-mail before it knows the board.
  await db.schema.createIndex('people_email').on('people').column('email_key').execute();
  await db.schema.createIndex('people_username').on('people').column('username_key').execute();

  await db.schema
    .createTable('staff_locations')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_locations_pk', ['person_id', 'location_id'])
    .execute();
  await db.schema
    .createIndex('staff_locations_location')
    .on('staff_locations')
    .columns(['location_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['group_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('memberships_person_location')
    .on('memberships')
    .columns(['person_id', 'location_id'])
    .execute();
  await db.schema
    .createIndex('memberships_location_person')
    .on('memberships')
    .columns(['location_id', 'kind', 'person_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('one_time_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('board_id', 'text', (c) => c.references('boards.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // The audit log outlives the people it names: no foreign keys to people, only to the board.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('source_ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_board').on('audit_events').columns(['board_id', 'id']).execute();
  await db.schema
    .createIndex('audit_events_target')
    .on('audit_events')
    .columns(['board_id', 'target_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_actor')
    .on('audit_events')
    .columns(['board_id', 'actor_id', 'id'])
    .execute();
  await db.schema
    .createTable('audit_event_locations')
    .addColumn('event_id', 'text', (c) => c.notNull().references('audit_events.id').onDelete('cascade'))
    .addColumn('board_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_locations_pk', ['location_id', 'event_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_event_locations',
    'audit_events',
    'one_time_tokens',
    'sessions',
    'memberships',
    'staff_locations',
    'people',
    'groups',
    'locations',
    'boards',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
