import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

/** Ids per statement, well within both databases' bind-parameter limits (the query binds them three times). */
const CHUNK = 400;

/**
 * Recomputes person_locations for these people from their memberships and location levels, and their current
 * sort key. Every write to memberships or staff_locations calls this in the same transaction.
 */
export async function refreshPersonLocations(db: Q, personIds: readonly string[]): Promise<void> {
  const unique = [...new Set(personIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const ids = unique.slice(i, i + CHUNK);
    await db.deleteFrom('person_locations').where('person_id', 'in', ids).execute();
    await db
      .insertInto('person_locations')
      .columns(['board_id', 'location_id', 'person_id', 'kind', 'sort_name'])
      .expression((eb) =>
        eb
          .selectFrom(
            eb
              .selectFrom('memberships')
              .select(['person_id', 'location_id'])
              .where('person_id', 'in', ids)
              .union(
                eb
                  .selectFrom('staff_locations')
                  .select(['person_id', 'location_id'])
                  .where('person_id', 'in', ids),
              )
              .as('links'),
          )
          .innerJoin('people as p', 'p.id', 'links.person_id')
          // Said again on people: whatever order the planner joins in (its statistics may still describe the
          // empty tables of a new board), people is read by primary key, never scanned.
          .where('p.id', 'in', ids)
          .select(['p.board_id', 'links.location_id', 'p.id', 'p.kind', 'p.sort_name']),
      )
      .execute();
  }
}

/** A renamed person keeps their place in every school's list. */
export async function updatePersonLocationsSortName(
  db: Q,
  personId: string,
  sortName: string,
): Promise<void> {
  await db
    .updateTable('person_locations')
    .set({ sort_name: sortName })
    .where('person_id', '=', personId)
    .execute();
}
