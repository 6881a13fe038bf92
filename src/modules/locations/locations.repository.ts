import type { Kysely, Selectable } from 'kysely';
import type { Database, LocationTable } from '../../platform/db/index.ts';

type Q = Kysely<Database>;
export type LocationRow = Selectable<LocationTable>;

export async function findLocationById(db: Q, boardId: string, id: string): Promise<LocationRow | undefined> {
  return db
    .selectFrom('locations')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findLocationsByIds(
  db: Q,
  boardId: string,
  ids: readonly string[],
): Promise<LocationRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('locations')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('id', 'in', ids)
    .execute();
}

export interface LocationFilter {
  boardId: string;
  /** Restrict to these ids (a non-pakketbeheerder's locations); undefined for all. */
  ids?: readonly string[];
  namePrefix?: string;
}

function filtered(db: Q, filter: LocationFilter) {
  let query = db.selectFrom('locations').where('board_id', '=', filter.boardId);
  if (filter.ids)
    query = filter.ids.length > 0 ? query.where('id', 'in', filter.ids) : query.where('id', '=', '');
  if (filter.namePrefix) {
    query = query
      .where('sort_name', '>=', filter.namePrefix)
      .where('sort_name', '<', `${filter.namePrefix}\uffff`);
  }
  return query;
}

/** A board has tens of locations, not thousands: the whole (filtered) list, by name. */
export async function findLocations(db: Q, filter: LocationFilter): Promise<LocationRow[]> {
  return filtered(db, filter).selectAll().orderBy('sort_name').orderBy('id').limit(1000).execute();
}

export async function findLocationIdByCode(
  db: Q,
  boardId: string,
  code: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('locations')
    .select('id')
    .where('board_id', '=', boardId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.id;
}

export async function insertLocation(db: Q, row: LocationRow): Promise<void> {
  await db.insertInto('locations').values(row).execute();
}

/** One multi-row insert; the caller keeps `rows` within the dialect's bind-parameter limit. */
export async function insertLocations(db: Q, rows: LocationRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('locations').values(rows).execute();
}

export async function updateLocationById(
  db: Q,
  boardId: string,
  id: string,
  changes: Partial<
    Pick<LocationRow, 'name' | 'code' | 'sort_name' | 'allowed_networks' | 'source_key' | 'updated_at'>
  >,
): Promise<void> {
  await db
    .updateTable('locations')
    .set(changes)
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the location with its groups; memberships and levels go with them (foreign keys cascade). */
export async function deleteLocationById(db: Q, boardId: string, id: string): Promise<void> {
  await db.deleteFrom('locations').where('board_id', '=', boardId).where('id', '=', id).execute();
}

/** How many people lose a link when the location goes: staff with a level there and members of its groups. */
export async function countLinkedPeople(db: Q, locationId: string): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('staff_locations')
        .select('person_id')
        .where('location_id', '=', locationId)
        .union(eb.selectFrom('memberships').select('person_id').where('location_id', '=', locationId))
        .as('linked'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
