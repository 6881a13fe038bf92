import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import type { PersonRow } from '../people/index.ts';

type Q = Kysely<Database>;

/**
 * The students of a group in Dutch name order (`sort_name`, then id for a stable order among namesakes), at
 * most `limit` of them: the caller asks one more than it accepts to tell "too many" without counting.
 */
export async function findStudentsOfGroup(
  db: Q,
  boardId: string,
  groupId: string,
  limit: number,
): Promise<PersonRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .selectAll('people')
    .where('memberships.board_id', '=', boardId)
    .where('memberships.group_id', '=', groupId)
    .where('memberships.kind', '=', 'student')
    .where('people.board_id', '=', boardId)
    .orderBy('people.sort_name')
    .orderBy('people.id')
    .limit(limit)
    .execute();
}

/**
 * Sets a person's card code. With `onlyWhenMissing` a code someone else assigned in the meantime is kept
 * (answers false): two teachers printing at once both print the code that stays. Throws on a code already
 * taken (unique index); the service retries with fresh codes.
 */
export async function updateCardCodeById(
  db: Q,
  boardId: string,
  id: string,
  code: string,
  options: { onlyWhenMissing: boolean; now: string },
): Promise<boolean> {
  let query = db
    .updateTable('people')
    .set({ card_code: code, updated_at: options.now })
    .where('board_id', '=', boardId)
    .where('id', '=', id);
  if (options.onlyWhenMissing) query = query.where('card_code', 'is', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Card codes of these people of the board, by person id (null where none was assigned). */
export async function findCardCodesByIds(
  db: Q,
  boardId: string,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'card_code'])
    .where('board_id', '=', boardId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.card_code]));
}

/** The student carrying this (normalised) card code, in any board: codes are unique across the installation. */
export async function findStudentRowByCardCode(db: Q, code: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('card_code', '=', code)
    .where('kind', '=', 'student')
    .executeTakeFirst();
}
