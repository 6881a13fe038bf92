import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, PersonTable, StaffLocationTable } from '../../platform/db/index.ts';
import type { Cursor } from '../../platform/paging.ts';
import type { ListScope, LocationLevel } from '../access/index.ts';
import { refreshPersonLocations, updatePersonLocationsSortName } from '../groups/index.ts';

type Q = Kysely<Database>;
export type PersonRow = Selectable<PersonTable>;
export type PersonKind = PersonTable['kind'];
export type StaffLocationRow = Selectable<StaffLocationTable>;

/** Upper bound for a prefix range: every string starting with `prefix` sorts below this (byte-wise). */
const PREFIX_END = '\uffff';

export async function findPersonById(db: Q, boardId: string, id: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** People in any board with this e-mail key; sign-in checks each (a teacher may work for two boards). */
/** A person by id in any board: the school sign-in page names people by id before anyone is signed in. */
export async function findPersonByIdInAnyBoard(db: Q, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPeopleByEmailKey(db: Q, emailKey: string, max: number): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('email_key', '=', emailKey)
    .orderBy('id')
    .limit(max)
    .execute();
}

/** People in any board with this username key (usernames are unique per board only). */
export async function findPeopleByUsernameKey(db: Q, usernameKey: string, max: number): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('username_key', '=', usernameKey)
    .orderBy('id')
    .limit(max)
    .execute();
}

export async function findPersonIdByEmailKey(
  db: Q,
  boardId: string,
  emailKey: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('board_id', '=', boardId)
    .where('email_key', '=', emailKey)
    .executeTakeFirst();
  return row?.id;
}

export async function findPersonIdByUsernameKey(
  db: Q,
  boardId: string,
  usernameKey: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('board_id', '=', boardId)
    .where('username_key', '=', usernameKey)
    .executeTakeFirst();
  return row?.id;
}

/** Usernames of this board that start with `base` (to pick a free one). */
export async function findUsernameKeysWithPrefix(db: Q, boardId: string, base: string): Promise<string[]> {
  const rows = await db
    .selectFrom('people')
    .select('username_key')
    .where('board_id', '=', boardId)
    .where('username_key', '>=', base)
    .where('username_key', '<', base + PREFIX_END)
    .execute();
  return rows.map((r) => r.username_key).filter((key): key is string => key !== null);
}

export async function insertPerson(db: Q, row: PersonRow): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

export async function insertPeople(db: Q, rows: PersonRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('people').values(rows).execute();
}

export async function updatePersonById(
  db: Q,
  boardId: string,
  id: string,
  changes: Partial<Omit<PersonRow, 'id' | 'board_id' | 'kind' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('people').set(changes).where('board_id', '=', boardId).where('id', '=', id).execute();
  if (changes.sort_name !== undefined) await updatePersonLocationsSortName(db, id, changes.sort_name);
}

export async function deletePersonById(db: Q, boardId: string, id: string): Promise<void> {
  await db.deleteFrom('people').where('board_id', '=', boardId).where('id', '=', id).execute();
}

export async function countBoardAdmins(db: Q, boardId: string): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('board_id', '=', boardId)
    .where('kind', '=', 'staff')
    .where('is_board_admin', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- links: location levels and group memberships ----

export interface LocationLink {
  personId: string;
  locationId: string;
  level: LocationLevel;
}

export interface GroupLink {
  personId: string;
  groupId: string;
  locationId: string;
}

/** Location levels and group memberships of these people, in one round trip. */
export async function findLinks(
  db: Q,
  personIds: readonly string[],
): Promise<{ levels: LocationLink[]; groups: GroupLink[] }> {
  if (personIds.length === 0) return { levels: [], groups: [] };
  const rows = await db
    .selectFrom('staff_locations')
    .select([
      'person_id',
      'location_id',
      sql<LocationLevel | null>`level`.as('level'),
      sql<string | null>`null`.as('group_id'),
    ])
    .where('person_id', 'in', personIds)
    .unionAll(
      db
        .selectFrom('memberships')
        .select([
          'person_id',
          'location_id',
          sql<LocationLevel | null>`null`.as('level'),
          sql<string | null>`group_id`.as('group_id'),
        ])
        .where('person_id', 'in', personIds),
    )
    .execute();
  const levels: LocationLink[] = [];
  const groups: GroupLink[] = [];
  for (const r of rows) {
    if (r.group_id !== null)
      groups.push({ personId: r.person_id, groupId: r.group_id, locationId: r.location_id });
    else if (r.level !== null)
      levels.push({ personId: r.person_id, locationId: r.location_id, level: r.level });
  }
  return { levels, groups };
}

/** Replaces one person's location levels with `links`. */
export async function replaceLocationLinks(
  db: Q,
  boardId: string,
  personId: string,
  links: readonly { locationId: string; level: LocationLevel }[],
): Promise<void> {
  await db.deleteFrom('staff_locations').where('person_id', '=', personId).execute();
  if (links.length > 0) {
    await db
      .insertInto('staff_locations')
      .values(
        links.map((l) => ({
          board_id: boardId,
          person_id: personId,
          location_id: l.locationId,
          level: l.level,
        })),
      )
      .execute();
  }
  await refreshPersonLocations(db, [personId]);
}

/** Location levels of many people in one multi-row insert (bulk seeding); keep `rows` within bind limits. */
/** Inserts location levels and keeps person_locations in step (a bulk writer may refresh once at the end). */
export async function insertStaffLocations(
  db: Q,
  rows: StaffLocationRow[],
  options: { refresh: boolean } = { refresh: true },
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('staff_locations').values(rows).execute();
  if (options.refresh) {
    await refreshPersonLocations(
      db,
      rows.map((r) => r.person_id),
    );
  }
}

// ---- lists ----

export interface PeopleFilter {
  boardId: string;
  kind: PersonKind;
  scope: ListScope;
  /** Folded search tokens: each must be a prefix of the first or the last name. */
  tokens: string[];
  locationId?: string;
  groupId?: string;
  /** Only people locked at this time (ISO). */
  lockedAt?: string;
  after?: Cursor;
  limit: number;
}

type PeopleEb = ExpressionBuilder<Database & { p: PersonTable }, 'p'>;

function membershipIn(eb: PeopleEb, column: 'location_id' | 'group_id', values: readonly string[]) {
  return eb.exists(
    eb
      .selectFrom('memberships as m')
      .select('m.person_id')
      .whereRef('m.person_id', '=', 'p.id')
      .where(`m.${column}`, 'in', values),
  );
}

function levelIn(eb: PeopleEb, locationIds: readonly string[]) {
  return eb.exists(
    eb
      .selectFrom('staff_locations as sl')
      .select('sl.person_id')
      .whereRef('sl.person_id', '=', 'p.id')
      .where('sl.location_id', 'in', locationIds),
  );
}

/** Visibility for a non-pakketbeheerder, unless the filter already keeps the list inside their scope. */
function scopeApplies(filter: PeopleFilter): boolean {
  const { scope } = filter;
  if (scope.all) return false;
  if (filter.locationId && scope.adminLocationIds.includes(filter.locationId)) return false;
  if (filter.groupId && filter.kind === 'student' && scope.groupIds.includes(filter.groupId)) return false;
  return true;
}

/**
 * The filtered people. A location filter drives the query from person_locations (one index range in name
 * order), a group filter from the group's memberships (a few dozen rows); otherwise the board's name index.
 */
function filtered(db: Q, filter: PeopleFilter) {
  const { locationId, groupId, kind } = filter;
  let query = db
    .selectFrom('people as p')
    .$if(!!locationId, (q) =>
      q.innerJoin('person_locations as pl', (join) =>
        join
          .onRef('pl.person_id', '=', 'p.id')
          .on('pl.location_id', '=', locationId as string)
          .on('pl.kind', '=', kind)
          .on('pl.board_id', '=', filter.boardId),
      ),
    )
    .$if(!!groupId, (q) =>
      q.innerJoin('memberships as gm', (join) =>
        join.onRef('gm.person_id', '=', 'p.id').on('gm.group_id', '=', groupId as string),
      ),
    )
    .where('p.board_id', '=', filter.boardId)
    .where('p.kind', '=', kind)
    .$if(!!filter.lockedAt, (q) => q.where('p.locked_until', '>', filter.lockedAt as string));
  for (const token of filter.tokens) {
    const end = token + PREFIX_END;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('p.search_first', '>=', token), eb('p.search_first', '<', end)]),
        eb.and([eb('p.search_last', '>=', token), eb('p.search_last', '<', end)]),
      ]),
    );
  }
  const { scope } = filter;
  if (!scope.all && scopeApplies(filter)) {
    // A pakketbeheerder sees everyone; others the people of the locations they administer and groups they teach.
    const { adminLocationIds, groupIds } = scope;
    query = query.where((eb) => {
      const visible = [];
      if (adminLocationIds.length > 0) visible.push(membershipIn(eb, 'location_id', adminLocationIds));
      if (adminLocationIds.length > 0 && kind === 'staff') visible.push(levelIn(eb, adminLocationIds));
      if (groupIds.length > 0 && kind === 'student') visible.push(membershipIn(eb, 'group_id', groupIds));
      return visible.length > 0 ? eb.or(visible) : sql<boolean>`1 = 0`;
    });
  }
  return query;
}

/** The query behind one page in Dutch name order (exported so tests can read its plan). */
export function findPeopleQuery(db: Q, filter: PeopleFilter) {
  // Sorting on person_locations' copy of the key lets a school's page be read straight from its index.
  const sortColumn = filter.locationId ? ('pl.sort_name' as 'p.sort_name') : 'p.sort_name';
  const idColumn = filter.locationId ? ('pl.person_id' as 'p.id') : 'p.id';
  let query = filtered(db, filter).selectAll('p');
  const { after } = filter;
  if (after) {
    // A row-value comparison: both databases read it as one range of the (sort key, id) index.
    query = query.where((eb) =>
      eb(eb.refTuple(sortColumn, idColumn), '>', eb.tuple(after.sortKey, after.id)),
    );
  }
  return query
    .orderBy(sortColumn)
    .orderBy(idColumn)
    .limit(filter.limit + 1);
}

/** One page in Dutch name order, fetching limit + 1 rows to tell whether a next page exists. */
export async function findPeople(db: Q, filter: PeopleFilter): Promise<PersonRow[]> {
  return findPeopleQuery(db, filter).execute();
}

export async function countPeople(db: Q, filter: PeopleFilter): Promise<number> {
  if (
    filter.locationId &&
    !filter.groupId &&
    !filter.lockedAt &&
    filter.tokens.length === 0 &&
    !scopeApplies(filter)
  ) {
    // Everyone of a school: one index count, never touching the people table.
    const row = await db
      .selectFrom('person_locations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('location_id', '=', filter.locationId)
      .where('kind', '=', filter.kind)
      .where('board_id', '=', filter.boardId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** People of the board by id (for bulk checks); ids of another board are simply absent. */
export async function findPeopleByIds(db: Q, boardId: string, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').selectAll().where('board_id', '=', boardId).where('id', 'in', ids).execute();
}

/**
 * One page of the board's staff or students in id order (the board export reads everyone; id order walks the
 * primary key, much faster than name order). Pass the last id of the previous page as `afterId` ('' to start).
 */
export async function findPeopleOfBoard(
  db: Q,
  boardId: string,
  kind: PersonKind,
  afterId: string,
  limit: number,
): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('kind', '=', kind)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
