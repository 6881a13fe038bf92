import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Page } from '../../platform/paging.ts';
import { pageOf } from '../../platform/paging.ts';
import { fold } from '../../platform/text.ts';
import { authorise, listScope } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import {
  deleteMembershipsOfPerson,
  type GroupRow,
  groupTarget,
  insertMemberships,
  type SignInMethod,
} from '../groups/index.ts';
import {
  countPeople,
  deletePersonById,
  findPeople,
  findPersonById,
  findPersonIdByUsernameKey,
  findUsernameKeysWithPrefix,
  insertPerson,
  type PersonRow,
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
  studentTarget,
} from './people.service.ts';
import { type PeopleQuery, peopleFilter } from './staff.service.ts';

export interface Student {
  id: string;
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  username: string;
  /** Null: the default of the student's group applies. */
  signInMethod: SignInMethod | null;
  privacyConsent: boolean;
  mustChangePassword: boolean;
  /** Whether a picture password is set (the pictures themselves: GET …/pictures). */
  hasPicturePassword: boolean;
  /** Locked while this is in the future (text passwords: a time; picture passwords: until unlocked). */
  lockedUntil: string | null;
  lockReason: 'password' | 'pictures' | null;
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StudentInput extends NameInput {
  email?: string | null;
  username?: string;
  groupIds?: string[];
  signInMethod?: SignInMethod | null;
  privacyConsent?: boolean;
  password?: string;
}

function toStudent(row: PersonRow, groupIds: string[]): Student {
  return {
    id: row.id,
    ...personName(row),
    email: row.email,
    username: row.username ?? '',
    signInMethod: row.sign_in_method as SignInMethod | null,
    privacyConsent: row.privacy_consent === 1,
    mustChangePassword: row.must_change_password === 1,
    hasPicturePassword: row.picture_password !== null,
    lockedUntil: row.locked_until,
    lockReason: row.lock_reason as 'password' | 'pictures' | null,
    groupIds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function loadStudent(ctx: ServiceContext, boardId: string, id: string) {
  const row = await findPersonById(ctx.db, boardId, id);
  if (row?.kind !== 'student') throw new AppError('STUDENT_NOT_FOUND');
  const groups = (await linksOf(ctx.db, [id])).groupsOf(id);
  return {
    row,
    groups,
    student: toStudent(
      row,
      groups.map((g) => g.groupId),
    ),
    target: studentTarget(boardId, id, groups),
  };
}

/** "Gradje van 't Hof" → "gradje.hof": letters and digits of first and last name, joined by a dot. */
export function usernameBase(firstName: string, lastName: string): string {
  const clean = (text: string) => fold(text).replace(/[^a-z0-9]/g, '');
  return [clean(firstName), clean(lastName)].filter(Boolean).join('.').slice(0, 40) || 'leerling';
}

/** "Gradje van 't Hof" → "gradje.hof", or "gradje.hof2" when that is taken. */
async function freeUsername(
  ctx: ServiceContext,
  boardId: string,
  firstName: string,
  lastName: string,
): Promise<string> {
  const base = usernameBase(firstName, lastName);
  const taken = new Set(await findUsernameKeysWithPrefix(ctx.db, boardId, base));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

async function assertUsernameFree(
  ctx: ServiceContext,
  boardId: string,
  usernameKey: string,
  selfId?: string,
) {
  const holder = await findPersonIdByUsernameKey(ctx.db, boardId, usernameKey);
  if (holder && holder !== selfId) {
    throw new AppError('USERNAME_TAKEN', undefined, [
      { field: 'username', message: 'already in use in this board' },
    ]);
  }
}

function membershipRows(boardId: string, personId: string, groups: GroupRow[], now: string) {
  return groups.map((g) => ({
    board_id: boardId,
    group_id: g.id,
    person_id: personId,
    location_id: g.location_id,
    kind: 'student' as const,
    created_at: now,
  }));
}

export async function listStudents(
  ctx: ServiceContext,
  { actor }: Caller,
  query: PeopleQuery,
): Promise<Page<Student>> {
  authorise(actor, 'student.list', { kind: 'board', boardId: actor.boardId });
  const filter = peopleFilter(actor.boardId, 'student', listScope(actor), {
    ...query,
    lockedAt: query.locked ? isoNow(ctx.clock) : undefined,
  });
  const [rows, total] = await Promise.all([findPeople(ctx.db, filter), countPeople(ctx.db, filter)]);
  const links = await linksOf(
    ctx.db,
    rows.slice(0, filter.limit).map((r) => r.id),
  );
  return pageOf(rows, filter.limit, total, (row) =>
    toStudent(
      row,
      links.groupsOf(row.id).map((g) => g.groupId),
    ),
  );
}

export async function getStudent(ctx: ServiceContext, { actor }: Caller, id: string): Promise<Student> {
  const { student, target } = await loadStudent(ctx, actor.boardId, id);
  authorise(actor, 'student.read', target);
  return student;
}

export async function createStudent(
  ctx: ServiceContext,
  caller: Caller,
  input: StudentInput,
): Promise<Student> {
  const { actor } = caller;
  const groups = await requireGroups(ctx, actor.boardId, input.groupIds ?? []);
  authorise(
    actor,
    'student.create',
    studentTarget(
      actor.boardId,
      undefined,
      groups.map((g) => ({ groupId: g.id, locationId: g.location_id })),
    ),
  );
  for (const group of groups) authorise(actor, 'group.members.add', groupTarget(actor.boardId, group));

  const emailKey = emailKeyOf(input.email);
  await assertEmailFree(ctx, actor.boardId, emailKey);
  let username = input.username?.trim();
  if (username) await assertUsernameFree(ctx, actor.boardId, username.toLowerCase());
  else username = await freeUsername(ctx, actor.boardId, input.firstName, input.lastName);
  const temporaryPassword = await sealedTemporaryPassword(ctx, actor.boardId, 'student', input.password);

  const now = isoNow(ctx.clock);
  const row: PersonRow = {
    id: newId(),
    board_id: actor.boardId,
    kind: 'student',
    ...nameColumns({ firstName: input.firstName, infix: infixOf(input.infix), lastName: input.lastName }),
    email: input.email?.trim() || null,
    email_key: emailKey,
    username,
    username_key: username.toLowerCase(),
    language: 'nl',
    is_board_admin: 0,
    sign_in_method: input.signInMethod ?? null,
    privacy_consent: input.privacyConsent ? 1 : 0,
    password_hash: null,
    must_change_password: 1,
    ...NO_CREDENTIALS,
    ...NOT_IMPORTED,
    temporary_password: temporaryPassword,
    created_at: now,
    updated_at: now,
  };
  const student = toStudent(
    row,
    groups.map((g) => g.id),
  );
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await insertPerson(trx, row);
      await insertMemberships(trx, membershipRows(actor.boardId, row.id, groups, now));
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'student.create',
        targetType: 'student',
        targetId: row.id,
        after: student,
        locationIds: groups.map((g) => g.location_id),
      });
    })
    .catch(rethrowTaken);
  return student;
}

export type StudentPatch = Partial<Omit<StudentInput, 'password'>>;

export async function updateStudent(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  input: StudentPatch,
): Promise<Student> {
  const { actor } = caller;
  const before = await loadStudent(ctx, actor.boardId, id);
  // Teachers of the student's groups record the privacy consent; everything else is for administrators.
  const onlyConsent = Object.keys(input).every((key) => key === 'privacyConsent');
  authorise(actor, onlyConsent ? 'student.privacy.update' : 'student.update', before.target);

  const changes: Partial<PersonRow> = {};
  if (input.firstName !== undefined || input.infix !== undefined || input.lastName !== undefined) {
    Object.assign(
      changes,
      nameColumns({
        firstName: input.firstName ?? before.row.first_name,
        infix: input.infix !== undefined ? infixOf(input.infix) : before.row.infix,
        lastName: input.lastName ?? before.row.last_name,
      }),
    );
  }
  if (input.email !== undefined) {
    const emailKey = emailKeyOf(input.email);
    await assertEmailFree(ctx, actor.boardId, emailKey, id);
    changes.email = input.email?.trim() || null;
    changes.email_key = emailKey;
  }
  if (input.username !== undefined) {
    const username = input.username.trim();
    await assertUsernameFree(ctx, actor.boardId, username.toLowerCase(), id);
    changes.username = username;
    changes.username_key = username.toLowerCase();
  }
  if (input.signInMethod !== undefined) changes.sign_in_method = input.signInMethod;
  if (input.privacyConsent !== undefined) changes.privacy_consent = input.privacyConsent ? 1 : 0;

  const currentIds = before.groups.map((g) => g.groupId);
  const added = input.groupIds
    ? await requireGroups(
        ctx,
        actor.boardId,
        input.groupIds.filter((g) => !currentIds.includes(g)),
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
  const groupIds = input.groupIds ? [...new Set(input.groupIds)] : currentIds;

  const now = isoNow(ctx.clock);
  const after = toStudent({ ...before.row, ...changes, updated_at: now }, groupIds);
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await updatePersonById(trx, actor.boardId, id, { ...changes, updated_at: now });
      await deleteMembershipsOfPerson(
        trx,
        id,
        removed.map((g) => g.groupId),
      );
      await insertMemberships(trx, membershipRows(actor.boardId, id, added, now));
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: 'student.update',
        targetType: 'student',
        targetId: id,
        before: before.student,
        after,
        locationIds: [...before.target.locationIds, ...added.map((g) => g.location_id)],
      });
    })
    .catch(rethrowTaken);
  return after;
}

export async function deleteStudent(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const before = await loadStudent(ctx, actor.boardId, id);
  authorise(actor, 'student.delete', before.target);
  await ctx.db.transaction().execute(async (trx) => {
    await deletePersonById(trx, actor.boardId, id);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'student.delete',
      targetType: 'student',
      targetId: id,
      before: before.student,
      locationIds: before.target.locationIds,
    });
  });
}
