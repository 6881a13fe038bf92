import type { Kysely } from 'kysely';

/**
 * What the school sign-in page, sign-in cards, the per-address limit and two-factor sign-in need:
 * - `locations.allowed_networks`: JSON array of CIDR ranges from which the location's sign-in page shows names
 *   (empty: nowhere);
 * - `people.card_code`: the random code on a student's QR sign-in card (null until a card is printed);
 * - `people.totp_secret` (sealed), `totp_enabled_at`, `recovery_codes` (JSON array of SHA-256 hashes): TOTP;
 *   `totp_last_step`: the time step of the last code accepted, so no code works twice;
 * - `sign_in_throttle`: failed sign-ins per source address per time window, counted atomically;
 * - an index on `one_time_tokens.person_id` (a person's earlier links are voided when a new one is sent).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema as it was then, not today's Database type (Kysely's documented practice)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('locations')
    .addColumn('allowed_networks', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('people').addColumn('card_code', 'text').execute();
  await db.schema.createIndex('people_card_code').on('people').column('card_code').unique().execute();
  await db.schema.alterTable('people').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('people').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('people').addColumn('recovery_codes', 'text').execute();
  await db.schema.alterTable('people').addColumn('totp_last_step', 'integer').execute();
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sign_in_throttle_pk', ['address', 'window_start'])
    .execute();
  // Sending an activation mail again voids the person's earlier links: found by person, not by scanning.
  await db.schema.createIndex('one_time_tokens_person').on('one_time_tokens').column('person_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('one_time_tokens_person').execute();
  await db.schema.dropTable('sign_in_throttle').execute();
  await db.schema.dropIndex('people_card_code').execute();
  for (const column of ['totp_last_step', 'recovery_codes', 'totp_enabled_at', 'totp_secret', 'card_code']) {
    await db.schema.alterTable('people').dropColumn(column).execute();
  }
  await db.schema.alterTable('locations').dropColumn('allowed_networks').execute();
}
