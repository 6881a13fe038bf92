import type { Kysely, Selectable } from 'kysely';
import type { Database, OneTimeTokenTable } from '../../platform/db/index.ts';

type Q = Kysely<Database>;
export type OneTimeTokenRow = Selectable<OneTimeTokenTable>;
export type TokenPurpose = OneTimeTokenRow['purpose'];

export async function insertOneTimeToken(db: Q, row: OneTimeTokenRow): Promise<void> {
  await db.insertInto('one_time_tokens').values(row).execute();
}

export async function findOneTimeTokenById(db: Q, id: string): Promise<OneTimeTokenRow | undefined> {
  return db.selectFrom('one_time_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Marks an unused, unexpired token of this purpose as used and returns it; undefined when there is none.
 * The update is the check, so two requests racing with the same token cannot both win.
 */
export async function consumeOneTimeToken(
  db: Q,
  id: string,
  purpose: TokenPurpose,
  now: string,
): Promise<OneTimeTokenRow | undefined> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('one_time_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Voids every open token of a purpose (all setup tokens once setup is done). */
export async function expireOneTimeTokens(db: Q, purpose: TokenPurpose, now: string): Promise<void> {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Voids a person's open tokens of a purpose (earlier activation links, when a new one is sent). */
export async function expireOneTimeTokensOfPerson(
  db: Q,
  boardId: string,
  personId: string,
  purpose: TokenPurpose,
  now: string,
): Promise<void> {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('board_id', '=', boardId)
    .where('person_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}
