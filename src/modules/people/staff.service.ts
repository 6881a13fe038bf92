import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, type Page, pageOf } from '../../platform/paging.ts';
import { fold } from '../../platform/text.ts';
import { authorise, type LocationLevel, listScope } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSettings } from '../boards/index.ts';
import { deleteMembershipsOfPerson, groupTarget, insertMemberships } from '../groups/index.ts';
import { findLocationsByIds } from '../locations/index.ts';
import { type MailFailureLog, sendInBackground } from '../mail/index.ts';
import { hasEmail, prepareActivationMail } from './account-mails.ts';
import {
  countBoardAdmins,
  countPeople,
  deletePersonById,
  findPeople,
  findPersonById,
  insertPerson,
  type PersonRow,
  replaceLocationLinks,
  updatePersonById,
} from './people.repository.ts';
import {
  assertEmailFree,
  emailKeyOf,
  infixOf,
  linksOf,
  type NameInput,
  NO_CREDENTIALS,
  NOT_IMPORTED,
  nameColumns,
  personName,
  requireGroups,
  rethrowTaken,
  sealedTemporaryPassword,
  staffTarget,
} from './people.service.ts';

export interface LocationAssignment {
  locationId: string;
  level: LocationLevel;
}

export interface Staff {
  id: string;
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  language: string;
  isBoardAdmin: boolean;
  mustChangePassword: boolean;
  /** Locked while this is in the future (text passwords: a time; picture passwords: until unlocked). */
  lockedUntil: string | null;
  lockReason: 'password' | 'pictures' | null;
  locations: LocationAssignment[];
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StaffInput extends NameInput {
  email: string;
  language?: 'nl' | 'en';
  isBoardAdmin?: boolean;
  locations?: LocationAssignment[];
  groupIds?: string[];
  password?: string;
}

export interface PeopleQuery {
  /** Only accounts locked now (the "locked accounts" view). */
  locked?: boolean;
  /** Set by the service from `locked`: only people locked at this time. */
  lockedAt?: string;
  q?: string;
  location?: string;
  group?: string;
  cursor?: string;
  limit?: number;
}

function toStaff(row: PersonRow, locations: LocationAssignment[], groupIds: string[]): Staff {
  return {
    id: row.id,
    ...personName(row),
    email: row.email,
    language: row.language,
    isBoardAdmin: row.is_board_admin === 1,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil: row.locked_until,
    lockReason: row.lock_reason as 'password' | 'pictures' | null,
    locations: locations.map(({ locationId, level }) => ({ locationId, level })),
    groupIds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function requireStaffRow(ctx: ServiceContext, boardId: string, id: string): Promise<PersonRow> {
  const row = await findPersonById(ctx.db, boardId, id);
  if (row?.kind !== 'staff') throw new AppError('STAFF_NOT_FOUND');
  return row;
}

/** The staff member with links, and the target describing them for authorise(). */
export async function loadStaff(ctx: ServiceContext, boardId: string, id: string) {
  const row = await requireStaffRow(ctx, boardId, id);
  const links = await linksOf(ctx.db, [id]);
  const levels = links.levelsOf(id);
  const groups = links.groupsOf(id);
  const staff = toStaff(
    row,
    levels,
    groups.map((g) => g.groupId),
  );
  const target = staffTarget(
    boardId,
    id,
    staff.isBoardAdmin,
    levels,
    groups.map((g) => g.locationId),
  );
  return { row, staff, groups, target };
}

function uniqueAssignments(locations: LocationAssignment[]): LocationAssignment[] {
  const byLocation = new Map<string, LocationAssignment>();
  for (const assignment of locations) byLocation.set(assignment.locationId, assignment);
  return [...byLocation.values()];
}

async function requireLocations(ctx: ServiceContext, boardId: string, locations: LocationAssignment[]) {
  const ids = locations.map((l) => l.locationId);
  const found = await findLocationsByIds(ctx.db, boardId, ids);
  if (found.length !== ids.length) {
    throw new AppError('LOCATION_NOT_FOUND', undefined, [
      { field: 'locations', message: 'contains an unknown location' },
    ]);
  }
}

export function peopleFilter(
  boardId: string,
  kind: 'staff' | 'student',
  scope: ReturnType<typeof listScope>,
  query: PeopleQuery,
) {
  const tokens = query.q ? fold(query.q).split(' ').filter(Boolean).slice(0, 5) : [];
  return {
    boardId,
    kind,
    scope,
    tokens,
    locationId: query.location,
    groupId: query.group,
    lockedAt: query.lockedAt,
    after: decodeCursor(query.cursor),
    limit: query.limit ?? 50,
  };
}

export async function listStaff(
  ctx: ServiceContext,
  { actor }: Caller,
  query: PeopleQuery,
): Promise<Page<Staff>> {
  authorise(actor, 'staff.list', { kind: 'board', boardId: actor.boardId });
  const filter = peopleFilter(actor.boardId, 'staff', listScope(actor), {
    ...query,
    lockedAt: query.locked ? isoNow(ctx.clock) : undefined,
  });
  const [rows, total] = await Promise.all([findPeople(ctx.db, filter), countPeople(ctx.db, filter)]);
  const links = await linksOf(
    ctx.db,
    rows.slice(0, filter.limit).map((r) => r.id),
  );
  return pageOf(rows, filter.limit, total, (row) =>
    toStaff(
      row,
      links.levelsOf(row.id),
      links.groupsOf(row.id).map((g) => g.groupId),
    ),
  );
}

export async function getStaff(ctx: ServiceContext, { actor }: Caller, id: string): Promise<Staff> {
  const { staff, target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.read', target);
  return staff;
}

/**
 * Adds a staff member with a temporary password (readable by administrators) and mails them a single-use
 * activation link (seven days) in their language, the board's default unless given. The mail goes out after
 * the transaction commits and without waiting for it: a mail failure reaches `log`, never the creation.
 */
export async function createStaff(
  ctx: ServiceContext,
  caller: Caller,
  input: StaffInput,
  log: MailFailureLog,
): Promise<Staff> {
  const { actor } = caller;
  const locations = uniqueAssignments(input.locations ?? []);
  await requireLocations(ctx, actor.boardId, locations);
  const groups = await requireGroups(ctx, actor.boardId, input.groupIds ?? []);
  const isBoardAdmin = input.isBoardAdmin === true;
  authorise(
    actor,
    'staff.create',
    staffTarget(
      actor.boardId,
      undefined,
      isBoardAdmin,
      locations,
      groups.map((g) => g.location_id),
    ),
  );
  if (isBoardAdmin) authorise(actor, 'staff.grantBoardAdmin', { kind: 'board', boardId: actor.boardId });
  for (const { locationId } of locations) {
    authorise(actor, 'staff.grantLocation', { kind: 'location', boardId: actor.boardId, locationId });
  }
  for (const group of groups) authorise(actor, 'group.members.add', groupTarget(actor.boardId, group));

  const emailKey = emailKeyOf(input.email);
  await assertEmailFree(ctx, actor.boardId, emailKey);
  const temporaryPassword = await sealedTemporaryPassword(ctx, actor.boardId, 'staff', input.password);
  const language = input.language ?? (await getBoardSettings(ctx.db, actor.boardId)).defaultLanguage;
  const now = isoNow(ctx.clock);
  const row: PersonRow = {
    id: newId(),
    board_id: actor.boardId,
    kind: 'staff',
    ...nameColumns({ firstName: input.firstName, infix: infixOf(input.infix), lastName: input.lastName }),
    email: input.email.trim(),
    email_key: emailKey,
    username: null,
    username_key: null,
    language,
    is_board_admin: isBoardAdmin ? 1 : 0,
    sign_in_method: null,
    privacy_consent: 0,
    password_hash: null,
    must_change_password: 1,
    ...NO_CREDENTIALS,
    ...NOT_IMPORTED,
    temporary_password: temporaryPassword,
    created_at: now,
    updated_at: now,
  };
  const staff = toStaff(
    row,
    locations,
    groups.map((g) => g.id),
  );
  const activation = await ctx.db
    .transaction()
    .execute(async (trx) => {
      await insertPerson(trx, row);
      await replaceLocationLinks(trx, actor.boardId, row.id, locations);
      await insertMemberships(
        trx,
        groups.map((g) => ({
          board_id: actor.boardId,
          group_id: g.id,
          person_id: row.id,
          location_id: g.location_id,
          kind: 'staff' as const,
          created_at: now,
        })),
      );
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'staff.create',
        targetType: 'staff',
        targetId: row.id,
        after: staff,
        locationIds: [...locations.map((l) => l.locationId), ...groups.map((g) => g.location_id)],
      });
      return hasEmail(row) ? prepareActivationMail(trx, ctx, row) : undefined;
    })
    .catch(rethrowTaken);
  if (activation) sendInBackground(ctx.mailer, activation, { personId: row.id, mail: 'activation' }, log);
  return staff;
}

export type StaffPatch = Partial<Omit<StaffInput, 'password'>>;

export async function updateStaff(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  input: StaffPatch,
): Promise<Staff> {
  const { actor } = caller;
  const before = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.update', before.target);

  const changes: Partial<PersonRow> = {};
  const name = {
    firstName: input.firstName ?? before.row.first_name,
    infix: input.infix !== undefined ? infixOf(input.infix) : before.row.infix,
    lastName: input.lastName ?? before.row.last_name,
  };
  if (input.firstName !== undefined || input.infix !== undefined || input.lastName !== undefined) {
    Object.assign(changes, nameColumns(name));
  }
  if (input.email !== undefined) {
    const emailKey = emailKeyOf(input.email);
    await assertEmailFree(ctx, actor.boardId, emailKey, id);
    changes.email = input.email.trim();
    changes.email_key = emailKey;
  }
  if (input.language !== undefined) changes.language = input.language;

  if (input.isBoardAdmin !== undefined && input.isBoardAdmin !== before.staff.isBoardAdmin) {
    authorise(actor, 'staff.grantBoardAdmin', { kind: 'board', boardId: actor.boardId });
    if (!input.isBoardAdmin && (await countBoardAdmins(ctx.db, actor.boardId)) <= 1) {
      throw new AppError('LAST_BOARD_ADMIN');
    }
    changes.is_board_admin = input.isBoardAdmin ? 1 : 0;
  }

  let locations = before.staff.locations;
  if (input.locations !== undefined) {
    locations = uniqueAssignments(input.locations);
    await requireLocations(ctx, actor.boardId, locations);
    const old = new Map(before.staff.locations.map((l) => [l.locationId, l.level]));
    const next = new Map(locations.map((l) => [l.locationId, l.level]));
    for (const locationId of new Set([...old.keys(), ...next.keys()])) {
      if (old.get(locationId) !== next.get(locationId)) {
        authorise(actor, 'staff.grantLocation', { kind: 'location', boardId: actor.boardId, locationId });
      }
    }
  }

  let groupIds = before.staff.groupIds;
  const added = input.groupIds
    ? await requireGroups(
        ctx,
        actor.boardId,
        input.groupIds.filter((g) => !groupIds.includes(g)),
      )
    : [];
  const removed = input.groupIds ? before.groups.filter((g) => !input.groupIds?.includes(g.groupId)) : [];
  for (const group of added) authorise(actor, 'group.members.add', groupTarget(actor.boardId, group));
  for (const link of removed) {
    authorise(
      actor,
      'group.members.remove',
      groupTarget(actor.boardId, { id: link.groupId, location_id: link.locationId }),
    );
  }
  if (input.groupIds) groupIds = [...new Set(input.groupIds)];

  const now = isoNow(ctx.clock);
  const row: PersonRow = { ...before.row, ...changes, updated_at: now };
  const after = toStaff(row, locations, groupIds);
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await updatePersonById(trx, actor.boardId, id, { ...changes, updated_at: now });
      if (input.locations !== undefined) await replaceLocationLinks(trx, actor.boardId, id, locations);
      await deleteMembershipsOfPerson(
        trx,
        id,
        removed.map((g) => g.groupId),
      );
      await insertMemberships(
        trx,
        added.map((g) => ({
          board_id: actor.boardId,
          group_id: g.id,
          person_id: id,
          location_id: g.location_id,
          kind: 'staff' as const,
          created_at: now,
        })),
      );
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'staff.update',
        targetType: 'staff',
        targetId: id,
        before: before.staff,
        after,
        locationIds: [
          ...before.target.locationIds,
          ...locations.map((l) => l.locationId),
          ...added.map((g) => g.location_id),
        ],
      });
    })
    .catch(rethrowTaken);
  return after;
}

export async function deleteStaff(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const before = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.delete', before.target);
  if (id === actor.personId) throw new AppError('CANNOT_DELETE_SELF');
  if (before.staff.isBoardAdmin && (await countBoardAdmins(ctx.db, actor.boardId)) <= 1) {
    throw new AppError('LAST_BOARD_ADMIN');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await deletePersonById(trx, actor.boardId, id);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'staff.delete',
      targetType: 'staff',
      targetId: id,
      before: before.staff,
      locationIds: before.target.locationIds,
    });
  });
}
