import type { Kysely, Selectable } from 'kysely';
import type { Database, GroupTable, MembershipTable } from '../../platform/db/index.ts';
import type { Cursor } from '../../platform/paging.ts';
import { refreshPersonLocations } from './person-locations.repository.ts';

type Q = Kysely<Database>;
export type GroupRow = Selectable<GroupTable>;
export type MembershipRow = Selectable<MembershipTable>;

export async function findGroupById(db: Q, boardId: string, id: string): Promise<GroupRow | undefined> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('board_id', '=', boardId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findGroupsByIds(db: Q, boardId: string, ids: readonly string[]): Promise<GroupRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('groups').selectAll().where('board_id', '=', boardId).where('id', 'in', ids).execute();
}

export interface GroupFilter {
  boardId: string;
  /** Undefined: every group of the board. Otherwise groups in these locations or with these ids. */
  visible?: { locationIds: readonly string[]; groupIds: readonly string[] };
  locationId?: string;
  namePrefix?: string;
  after?: Cursor;
  limit: number;
}

function filtered(db: Q, filter: GroupFilter) {
  let query = db.selectFrom('groups').where('board_id', '=', filter.boardId);
  const { visible } = filter;
  if (visible) {
    query = query.where((eb) => {
      const ors = [];
      if (visible.locationIds.length > 0) ors.push(eb('location_id', 'in', visible.locationIds));
      if (visible.groupIds.length > 0) ors.push(eb('id', 'in', visible.groupIds));
      return ors.length > 0 ? eb.or(ors) : eb('id', '=', '');
    });
  }
  if (filter.locationId) query = query.where('location_id', '=', filter.locationId);
  if (filter.namePrefix) {
    query = query
      .where('sort_name', '>=', filter.namePrefix)
      .where('sort_name', '<', `${filter.namePrefix}\uffff`);
  }
  return query;
}

export async function findGroups(db: Q, filter: GroupFilter): Promise<GroupRow[]> {
  let query = filtered(db, filter).selectAll();
  const { after } = filter;
  if (after) {
    // One index range from the cursor on both databases (see findPeopleQuery).
    query = query.where((eb) => eb(eb.refTuple('sort_name', 'id'), '>', eb.tuple(after.sortKey, after.id)));
  }
  return query
    .orderBy('sort_name')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}

export async function countGroups(db: Q, filter: GroupFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertGroup(db: Q, row: GroupRow): Promise<void> {
  await db.insertInto('groups').values(row).execute();
}

export async function insertGroups(db: Q, rows: GroupRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('groups').values(rows).execute();
}

export async function updateGroupById(
  db: Q,
  boardId: string,
  id: string,
  changes: Partial<Omit<GroupRow, 'id' | 'board_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('groups').set(changes).where('board_id', '=', boardId).where('id', '=', id).execute();
  if (changes.location_id) {
    // Memberships carry their group's location for fast location filters; keep them in step.
    await db
      .updateTable('memberships')
      .set({ location_id: changes.location_id })
      .where('group_id', '=', id)
      .execute();
    await refreshPersonLocations(db, await memberIds(db, id));
  }
}

/** Deletes the group; its memberships go with it and its members' school links are recomputed. */
export async function deleteGroupById(db: Q, boardId: string, id: string): Promise<void> {
  const members = await memberIds(db, id);
  await db.deleteFrom('groups').where('board_id', '=', boardId).where('id', '=', id).execute();
  await refreshPersonLocations(db, members);
}

async function memberIds(db: Q, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.person_id);
}

// ---- memberships ----

export async function findMembershipsOfGroup(db: Q, groupId: string): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('group_id', '=', groupId).execute();
}

/** The sign-in methods of the groups a person belongs to (their default when the person has none of their own). */
export async function findGroupSignInMethodsOfPerson(db: Q, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select('groups.sign_in_method')
    .where('memberships.person_id', '=', personId)
    .execute();
  return rows.map((r) => r.sign_in_method);
}

export async function findMembership(
  db: Q,
  groupId: string,
  personId: string,
): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/**
 * Inserts memberships and keeps person_locations in step. A bulk writer (seed, import) that inserts in many
 * chunks passes `refresh: false` and refreshes its people once at the end.
 */
export async function insertMemberships(
  db: Q,
  rows: MembershipRow[],
  options: { refresh: boolean } = { refresh: true },
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('memberships').values(rows).execute();
  if (options.refresh) {
    await refreshPersonLocations(
      db,
      rows.map((r) => r.person_id),
    );
  }
}

export async function deleteMembership(db: Q, groupId: string, personId: string): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .execute();
  await refreshPersonLocations(db, [personId]);
}

export async function deleteMembershipsOfPerson(
  db: Q,
  personId: string,
  groupIds: readonly string[],
): Promise<void> {
  if (groupIds.length === 0) return;
  await db
    .deleteFrom('memberships')
    .where('person_id', '=', personId)
    .where('group_id', 'in', groupIds)
    .execute();
  await refreshPersonLocations(db, [personId]);
}

/** The memberships of these groups with each member's source key (the board export), by group then person. */
export async function findMembershipsOfGroups(
  db: Q,
  boardId: string,
  groupIds: readonly string[],
): Promise<(MembershipRow & { source_key: string | null })[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .selectAll('m')
    .select('p.source_key')
    .where('m.board_id', '=', boardId)
    .where('m.group_id', 'in', groupIds)
    .orderBy('m.group_id')
    .orderBy('m.person_id')
    .execute();
}

export async function countMembers(
  db: Q,
  groupIds: readonly string[],
): Promise<Map<string, { staff: number; students: number }>> {
  const counts = new Map<string, { staff: number; students: number }>();
  if (groupIds.length === 0) return counts;
  const rows = await db
    .selectFrom('memberships')
    .select(['group_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('group_id', 'in', groupIds)
    .groupBy(['group_id', 'kind'])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.group_id) ?? { staff: 0, students: 0 };
    if (row.kind === 'staff') entry.staff = Number(row.n);
    else entry.students = Number(row.n);
    counts.set(row.group_id, entry);
  }
  return counts;
}
