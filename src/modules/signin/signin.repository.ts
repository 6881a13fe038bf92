import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

export interface SignInLocationRow {
  id: string;
  board_id: string;
  name: string;
  code: string | null;
  allowed_networks: string;
  board_name: string;
  board_settings: string;
}

/**
 * Locations a sign-in page address may mean: by id, or by code in any board (codes are unique per board only;
 * the caller picks the one whose networks hold the request). At most 20.
 */
export async function findSignInLocations(
  db: Q,
  codeOrId: string,
  isId: boolean,
): Promise<SignInLocationRow[]> {
  return db
    .selectFrom('locations')
    .innerJoin('boards', 'boards.id', 'locations.board_id')
    .select([
      'locations.id',
      'locations.board_id',
      'locations.name',
      'locations.code',
      'locations.allowed_networks',
      'boards.name as board_name',
      'boards.settings as board_settings',
    ])
    .where(isId ? 'locations.id' : 'locations.code', '=', codeOrId)
    .orderBy('locations.id')
    .limit(20)
    .execute();
}

export interface SignInGroupRow {
  id: string;
  name: string;
  icon: string | null;
  grade: string | null;
  sign_in_method: string;
}

/** The groups of a location shown on its sign-in page, in name order. */
export async function findSignInGroups(db: Q, locationId: string): Promise<SignInGroupRow[]> {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'icon', 'grade', 'sign_in_method'])
    .where('location_id', '=', locationId)
    .where('show_on_sign_in_page', '=', 1)
    .orderBy('sort_name')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function findSignInGroup(
  db: Q,
  locationId: string,
  groupId: string,
): Promise<SignInGroupRow | undefined> {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'icon', 'grade', 'sign_in_method'])
    .where('location_id', '=', locationId)
    .where('id', '=', groupId)
    .where('show_on_sign_in_page', '=', 1)
    .executeTakeFirst();
}

export interface SignInStudentRow {
  id: string;
  first_name: string;
  last_name: string;
  sign_in_method: string | null;
}

/** The students of a group, for the name tiles. At most 1,000. */
export async function findSignInStudents(db: Q, groupId: string): Promise<SignInStudentRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select(['people.id', 'people.first_name', 'people.last_name', 'people.sign_in_method'])
    .where('memberships.group_id', '=', groupId)
    .where('memberships.kind', '=', 'student')
    .orderBy('people.search_first')
    .orderBy('people.search_last')
    .limit(1000)
    .execute();
}

/** The sign-in methods of the student's groups at this location, for a student found by card code. */
export async function findGroupsOfStudentAt(
  db: Q,
  personId: string,
  locationId: string,
): Promise<SignInGroupRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['groups.id', 'groups.name', 'groups.icon', 'groups.grade', 'groups.sign_in_method'])
    .where('memberships.person_id', '=', personId)
    .where('memberships.location_id', '=', locationId)
    .orderBy('groups.sort_name')
    .execute();
}
