import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type Actor, authorise, can } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSettings } from '../boards/index.ts';
import { findLockedPeople, openPictureSequence, unlockPeople } from '../credentials/index.ts';
import {
  findGroupsByIds,
  findMembershipsOfGroup,
  groupTarget,
  requireGroup,
  type SignInMethod,
} from '../groups/index.ts';
import { findPeopleByIds, type PersonRow, updatePersonById } from './people.repository.ts';
import { linksOf, personName, sealedTemporaryPassword, studentTarget } from './people.service.ts';
import { loadStaff } from './staff.service.ts';
import { loadStudent } from './students.service.ts';

/** The readable temporary password, or null once the person chose their own. */
function readable(ctx: ServiceContext, person: PersonRow): string | null {
  if (person.temporary_password === null) return null;
  return ctx.secrets.open(person.temporary_password);
}

/**
 * A student's temporary password, for their teachers and administrators; PASSWORD_NOT_READABLE once the
 * student chose their own. Every read is an audit event.
 */
export async function readStudentPassword(ctx: ServiceContext, caller: Caller, id: string) {
  const { row, target } = await loadStudent(ctx, caller.actor.boardId, id);
  authorise(caller.actor, 'student.password.read', target);
  return readAndAudit(ctx, caller, row, 'student', target.locationIds);
}

/** The read both kinds share: PASSWORD_NOT_READABLE once chosen, else the password, audited (without it). */
async function readAndAudit(
  ctx: ServiceContext,
  caller: Caller,
  person: PersonRow,
  kind: 'staff' | 'student',
  locationIds: readonly string[],
) {
  const temporaryPassword = readable(ctx, person);
  if (temporaryPassword === null) throw new AppError('PASSWORD_NOT_READABLE');
  await recordAudit(ctx.db, ctx, caller, {
    boardId: caller.actor.boardId,
    action: `${kind}.password.read`,
    targetType: kind,
    targetId: person.id,
    locationIds,
  });
  return { temporaryPassword };
}

/**
 * Gives a student a new temporary password (the one given, or a generated one) and returns it. Their own
 * password stops working, the account unlocks, and they choose a new one at the next sign-in.
 */
export async function resetStudentPassword(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  password?: string,
) {
  const { actor } = caller;
  const { target } = await loadStudent(ctx, actor.boardId, id);
  const settings = await getBoardSettings(ctx.db, actor.boardId);
  authorise(actor, 'student.password.reset', {
    ...target,
    teachersMayResetPasswords: settings.teachersMayResetPasswords,
  });
  return setTemporaryPassword(ctx, caller, id, 'student', password, target.locationIds);
}

export async function readStaffPassword(ctx: ServiceContext, caller: Caller, id: string) {
  const { row, target } = await loadStaff(ctx, caller.actor.boardId, id);
  authorise(caller.actor, 'staff.password.read', target);
  return readAndAudit(ctx, caller, row, 'staff', target.locationIds);
}

export async function resetStaffPassword(ctx: ServiceContext, caller: Caller, id: string, password?: string) {
  const { actor } = caller;
  const { target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.password.reset', target);
  return setTemporaryPassword(ctx, caller, id, 'staff', password, target.locationIds);
}

async function setTemporaryPassword(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  kind: 'staff' | 'student',
  password: string | undefined,
  locationIds: readonly string[],
) {
  const { actor } = caller;
  const sealed = await sealedTemporaryPassword(ctx, actor.boardId, kind, password);
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await updatePersonById(trx, actor.boardId, id, {
      temporary_password: sealed,
      password_hash: null,
      must_change_password: 1,
      updated_at: now,
    });
    await unlockPeople(trx, actor.boardId, [id], now);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: `${kind}.password.reset`,
      targetType: kind,
      targetId: id,
      locationIds,
    });
  });
  return { temporaryPassword: ctx.secrets.open(sealed) };
}

/**
 * "Show passwords" for a whole group: each student's readable temporary password (null once they chose their
 * own) and picture password, sign-in method and lock, for the teacher to hand out or print. One audit event
 * names the group and the students read.
 */
export async function readGroupPasswords(ctx: ServiceContext, caller: Caller, groupId: string) {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.passwords.read', groupTarget(actor.boardId, group));
  const memberships = await findMembershipsOfGroup(ctx.db, groupId);
  const students = (
    await findPeopleByIds(
      ctx.db,
      actor.boardId,
      memberships.filter((m) => m.kind === 'student').map((m) => m.person_id),
    )
  ).sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : 0));
  const now = isoNow(ctx.clock);
  const items = students.map((s) => ({
    personId: s.id,
    displayName: personName(s).displayName,
    username: s.username ?? '',
    signInMethod: (s.sign_in_method ?? group.sign_in_method) as SignInMethod,
    temporaryPassword: readable(ctx, s),
    pictureSequence: openPictureSequence(ctx.secrets, s.picture_password),
    locked: s.locked_until !== null && s.locked_until > now,
  }));
  await recordAudit(ctx.db, ctx, caller, {
    boardId: actor.boardId,
    action: 'group.passwords.read',
    targetType: 'group',
    targetId: groupId,
    after: {
      studentIds: items.filter((i) => i.temporaryPassword !== null).map((i) => i.personId),
      pictureStudentIds: items.filter((i) => i.pictureSequence !== null).map((i) => i.personId),
    },
    locationIds: [group.location_id],
  });
  return { groupId, items };
}

/** Unlocks a student (a teacher of their group may): the count of wrong attempts starts over. */
export async function unlockStudent(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const { target } = await loadStudent(ctx, actor.boardId, id);
  authorise(actor, 'student.unlock', target);
  await unlockAndAudit(ctx, caller, [id], 'student', target.locationIds);
}

export async function unlockStaff(ctx: ServiceContext, caller: Caller, id: string): Promise<void> {
  const { actor } = caller;
  const { target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.unlock', target);
  await unlockAndAudit(ctx, caller, [id], 'staff', target.locationIds);
}

/** Unlocks every student of a group at once ("Ontgrendelen" for the class); answers how many were locked. */
export async function unlockGroup(
  ctx: ServiceContext,
  caller: Caller,
  groupId: string,
): Promise<{ unlocked: number }> {
  const { actor } = caller;
  const group = await requireGroup(ctx, actor.boardId, groupId);
  authorise(actor, 'group.unlock', groupTarget(actor.boardId, group));
  const students = (await findMembershipsOfGroup(ctx.db, groupId)).filter((m) => m.kind === 'student');
  const unlocked = await unlockAndAudit(
    ctx,
    caller,
    students.map((m) => m.person_id),
    'student',
    [group.location_id],
  );
  return { unlocked };
}

/** Unlocks and writes one audit event per person that was locked; returns how many were locked. */
async function unlockAndAudit(
  ctx: ServiceContext,
  caller: Caller,
  personIds: string[],
  kind: 'staff' | 'student',
  locationIds: readonly string[],
): Promise<number> {
  const { actor } = caller;
  const now = isoNow(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await findLockedPeople(trx, actor.boardId, personIds, now);
    await unlockPeople(trx, actor.boardId, personIds, now);
    for (const id of locked) {
      await recordAudit(trx, ctx, caller, {
        boardId: actor.boardId,
        action: `${kind}.unlock`,
        targetType: kind,
        targetId: id,
        locationIds,
      });
    }
    return locked.length;
  });
}

/** More students than this are not listed in one answer: their groups' password lists and cards are. */
export const MAX_LISTED_PASSWORDS = 2_000;

/**
 * Of these students (of the actor's board), the ones whose temporary password the actor may read now, judged on
 * their current groups: a student moved to another school since is no longer the importer's to hand out.
 */
export async function studentsWithReadablePasswords(
  ctx: ServiceContext,
  actor: Actor,
  studentIds: readonly string[],
): Promise<string[]> {
  const { groupsOf } = await linksOf(ctx.db, studentIds);
  return studentIds.filter((id) =>
    can(actor, 'student.password.read', studentTarget(actor.boardId, id, groupsOf(id))),
  );
}

/**
 * The temporary passwords of students an import created, for the administrator who imported them to hand out:
 * each student's name, username, groups, effective sign-in method and readable password (null once chosen).
 * Only students whose password the caller may read now are listed; one audit event names the students read.
 */
export async function readNewStudentPasswords(
  ctx: ServiceContext,
  caller: Caller,
  studentIds: readonly string[],
  audit: { targetType: string; targetId: string; locationIds: readonly string[] },
) {
  const { actor } = caller;
  const allowed = await studentsWithReadablePasswords(ctx, actor, studentIds.slice(0, MAX_LISTED_PASSWORDS));
  const students = (await findPeopleByIds(ctx.db, actor.boardId, allowed))
    .filter((s) => s.kind === 'student')
    .sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : 0));
  const { groupsOf } = await linksOf(
    ctx.db,
    students.map((s) => s.id),
  );
  const groupIds = [...new Set(students.flatMap((s) => groupsOf(s.id).map((g) => g.groupId)))];
  const groups = new Map((await findGroupsByIds(ctx.db, actor.boardId, groupIds)).map((g) => [g.id, g]));
  const items = students.map((s) => {
    const own = groupsOf(s.id).flatMap((link) => groups.get(link.groupId) ?? []);
    return {
      id: s.id,
      name: personName(s).displayName,
      username: s.username ?? '',
      groups: own.map((g) => g.name).sort(),
      signInMethod: (s.sign_in_method ?? own[0]?.sign_in_method ?? 'password') as SignInMethod,
      temporaryPassword: readable(ctx, s),
    };
  });
  await recordAudit(ctx.db, ctx, caller, {
    boardId: actor.boardId,
    action: 'import.passwords.read',
    targetType: audit.targetType,
    targetId: audit.targetId,
    after: { studentIds: items.filter((i) => i.temporaryPassword !== null).map((i) => i.id) },
    locationIds: audit.locationIds,
  });
  return { items, total: studentIds.length };
}
