import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { analyzeTables, type Database, insertInChunks } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { fold } from '../../platform/text.ts';
import { generateTemporaryPassword } from '../credentials/index.ts';
import {
  deleteMembership,
  type GroupRow,
  insertGroups,
  insertMemberships,
  type MembershipRow,
  refreshPersonLocations,
  updateGroupById,
} from '../groups/index.ts';
import { codeOf, insertLocations, type LocationRow, updateLocationById } from '../locations/index.ts';
import {
  emailKeyOf,
  insertPeople,
  NO_CREDENTIALS,
  nameColumns,
  type PersonRow,
  updatePersonById,
  usernameBase,
} from '../people/index.ts';
import { type ImportPlan, sourceKeyAfter } from './plan.ts';
import type { RosterPerson } from './roster.ts';

export interface ApplyResult {
  created: { locations: number; groups: number; staff: number; students: number; memberships: number };
  updated: { locations: number; groups: number; staff: number; students: number };
  removedMemberships: number;
  /** The new students' ids: their sign-in cards and password list are offered afterwards. */
  newStudentIds: string[];
}

/** From this many new rows on, the planner's statistics are refreshed before person_locations is. */
const BULK_ROWS = 1_000;
/** Updates in place report progress this often. */
const PROGRESS_EVERY = 500;

/**
 * Usernames for new people: the person's username base ("daan.vries"), numbered when taken ("daan.vries2"). The
 * next number per base is remembered, so a board with a thousand Daan de Vrieses does not try 2, 3, … each time.
 */
class Usernames {
  private readonly next = new Map<string, number>();
  /** Taken keys are lower case. */
  constructor(private readonly taken: Set<string>) {}

  free(person: RosterPerson): string {
    const base = usernameBase(person.firstName, person.lastName);
    let n = this.next.get(base) ?? 1;
    let name = n === 1 ? base : `${base}${n}`;
    while (this.taken.has(name)) name = `${base}${++n}`;
    this.next.set(base, n + 1);
    this.taken.add(name);
    return name;
  }
}

/**
 * Writes a plan inside the caller's transaction: new locations, groups and people (with readable temporary
 * passwords and, for students, usernames), changes in place, memberships added and ended, person_locations
 * refreshed once. Reports progress in rows done. All or nothing: the caller's transaction rolls back on failure.
 */
export async function applyPlan(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'secrets'>,
  boardId: string,
  plan: ImportPlan,
  takenUsernames: Set<string>,
  onProgress: (done: number) => Promise<void> | void = () => {},
): Promise<ApplyResult> {
  const now = ctx.clock.now().toISOString();
  let done = 0;
  const progress = async (rows: number) => {
    done += rows;
    await onProgress(done);
  };

  // Locations.
  const locationIds = new Map<string, string>();
  for (const { existing, item } of [...plan.locations.update, ...plan.locations.unchanged])
    locationIds.set(item.sourceKey, existing.id);
  const newLocations: LocationRow[] = plan.locations.create.map((item) => {
    const id = newId();
    locationIds.set(item.sourceKey, id);
    return {
      id,
      board_id: boardId,
      name: item.name,
      code: codeOf(item.code),
      sort_name: fold(item.name),
      allowed_networks: '[]',
      source_key: item.sourceKey,
      created_at: now,
      updated_at: now,
    };
  });
  await insertInChunks(db, newLocations, insertLocations);
  for (const { existing, item } of plan.locations.update) {
    await updateLocationById(db, boardId, existing.id, {
      name: item.name,
      code: codeOf(item.code) ?? existing.code,
      sort_name: fold(item.name),
      source_key: sourceKeyAfter(existing, item.sourceKey),
      updated_at: now,
    });
  }
  await progress(plan.locations.create.length + plan.locations.update.length);

  // Groups.
  const groupIds = new Map<string, string>();
  for (const { existing, item } of [...plan.groups.update, ...plan.groups.unchanged])
    groupIds.set(item.sourceKey, existing.id);
  const newGroups: GroupRow[] = plan.groups.create.map((item) => {
    const id = newId();
    groupIds.set(item.sourceKey, id);
    return {
      id,
      board_id: boardId,
      location_id: locationIds.get(item.locationKey) as string,
      name: item.name,
      grade: item.grade,
      icon: null,
      show_on_sign_in_page: 1,
      sign_in_method: 'password',
      sort_name: fold(item.name),
      source_key: item.sourceKey,
      created_at: now,
      updated_at: now,
    };
  });
  await insertInChunks(db, newGroups, insertGroups);
  for (const { existing, item } of plan.groups.update) {
    await updateGroupById(db, boardId, existing.id, {
      name: item.name,
      grade: item.grade ?? existing.grade,
      location_id: locationIds.get(item.locationKey) ?? existing.locationId,
      sort_name: fold(item.name),
      source_key: sourceKeyAfter(existing, item.sourceKey),
      updated_at: now,
    });
  }
  await progress(plan.groups.create.length + plan.groups.update.length);

  // People.
  const usernames = new Usernames(takenUsernames);
  const personIds = new Map<RosterPerson, string>();
  for (const { existing, item } of [
    ...plan.staff.update,
    ...plan.staff.unchanged,
    ...plan.students.update,
    ...plan.students.unchanged,
  ])
    personIds.set(item, existing.id);
  const newPeople: PersonRow[] = [...plan.staff.create, ...plan.students.create].map((item) => {
    const id = newId();
    personIds.set(item, id);
    const username = item.username?.trim() || (item.kind === 'student' ? usernames.free(item) : null);
    return {
      id,
      board_id: boardId,
      kind: item.kind,
      ...nameColumns({ firstName: item.firstName, infix: item.infix, lastName: item.lastName }),
      email: item.email?.trim() || null,
      email_key: emailKeyOf(item.email),
      username,
      username_key: username?.toLowerCase() ?? null,
      language: 'nl',
      is_board_admin: 0,
      sign_in_method: null,
      privacy_consent: 0,
      password_hash: null,
      must_change_password: 1,
      ...NO_CREDENTIALS,
      temporary_password: ctx.secrets.seal(generateTemporaryPassword()),
      source_key: item.sourceKey,
      eck_id: item.eckId,
      created_at: now,
      updated_at: now,
    };
  });
  await insertInChunks(db, newPeople, async (trx, rows) => {
    await insertPeople(trx, rows);
    await progress(rows.length);
  });
  let updated = 0;
  for (const { existing, item } of [...plan.staff.update, ...plan.students.update]) {
    await updatePersonById(db, boardId, existing.id, {
      ...nameColumns({ firstName: item.firstName, infix: item.infix, lastName: item.lastName }),
      // An empty cell leaves the address as it is (and its key with it).
      email: item.email?.trim() || existing.email,
      email_key: emailKeyOf(item.email?.trim() || existing.email),
      username: item.username?.trim() || existing.username,
      username_key: (item.username?.trim() || existing.username)?.toLowerCase() ?? null,
      source_key: sourceKeyAfter(existing, item.sourceKey),
      eck_id: item.eckId ?? existing.eckId,
      updated_at: now,
    });
    if (++updated % PROGRESS_EVERY === 0) await progress(PROGRESS_EVERY);
  }
  await progress((plan.staff.update.length + plan.students.update.length) % PROGRESS_EVERY);

  // Memberships, then person_locations once for everyone whose links changed.
  const groupLocation = new Map<string, string>([
    ...newGroups.map((g): [string, string] => [g.id, g.location_id]),
  ]);
  for (const { existing, item } of [...plan.groups.update, ...plan.groups.unchanged]) {
    groupLocation.set(existing.id, locationIds.get(item.locationKey) ?? existing.locationId);
  }
  const memberships: MembershipRow[] = plan.memberships.add.map(({ groupKey, person }) => {
    const groupId = groupIds.get(groupKey) as string;
    return {
      board_id: boardId,
      group_id: groupId,
      person_id: personIds.get(person) as string,
      location_id: groupLocation.get(groupId) as string,
      kind: person.kind,
      created_at: now,
    };
  });
  await insertInChunks(db, memberships, async (trx, rows) => {
    await insertMemberships(trx, rows, { refresh: false });
    await progress(rows.length);
  });
  for (const { groupId, personId } of plan.memberships.remove) await deleteMembership(db, groupId, personId);
  // After a bulk load the planner's statistics may still describe a nearly empty board.
  if (newPeople.length + memberships.length >= BULK_ROWS)
    await analyzeTables(db, ['people', 'memberships', 'staff_locations', 'person_locations']);
  await refreshPersonLocations(db, [
    ...memberships.map((m) => m.person_id),
    ...plan.memberships.remove.map((m) => m.personId),
  ]);
  await progress(plan.memberships.remove.length);

  return {
    created: {
      locations: newLocations.length,
      groups: newGroups.length,
      staff: plan.staff.create.length,
      students: plan.students.create.length,
      memberships: memberships.length,
    },
    updated: {
      locations: plan.locations.update.length,
      groups: plan.groups.update.length,
      staff: plan.staff.update.length,
      students: plan.students.update.length,
    },
    removedMemberships: plan.memberships.remove.length,
    newStudentIds: newPeople.filter((p) => p.kind === 'student').map((p) => p.id),
  };
}
