import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authorise, can } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { getBoardSummary } from '../boards/index.ts';
import { assertPasswordRules, mfaStatus } from '../credentials/index.ts';
import { findPersonById, nameColumns, type PersonRow, updatePersonById } from '../people/index.ts';
import { deleteSessionsOfPerson } from './auth.repository.ts';
import { type SignedInUser, toUser } from './sessions.service.ts';
import { passwordMatches, usesPictures } from './sign-in.service.ts';

/** What the console needs to draw itself: the person, their board and the menu they may see. */
export async function me(ctx: ServiceContext, { actor }: Caller) {
  authorise(actor, 'profile.read', { kind: 'person', boardId: actor.boardId, personId: actor.personId });
  const person = await findPersonById(ctx.db, actor.boardId, actor.personId);
  if (!person) throw new AppError('UNAUTHENTICATED');
  const board = { kind: 'board' as const, boardId: actor.boardId };
  const user = toUser(person);
  if (user.mustChangePassword && (await usesPictures(ctx, person))) user.mustChangePassword = false;
  return {
    user,
    board: await getBoardSummary(ctx.db, actor.boardId),
    locations: [...actor.locationLevels].map(([locationId, level]) => ({ locationId, level })),
    groupIds: [...actor.groupIds],
    /** False when mail only lands in the data folder's outbox (no SMTP settings): the console says so. */
    mailConfigured: ctx.mailer.configured,
    mfa: await mfaStatus(ctx, actor),
    permissions: {
      boardSettings: can(actor, 'board.update', board),
      locations: can(actor, 'location.list', { kind: 'location', boardId: actor.boardId }),
      createLocations: can(actor, 'location.create', { kind: 'location', boardId: actor.boardId }),
      groups: can(actor, 'group.list', board),
      staff: can(actor, 'staff.list', board),
      students: can(actor, 'student.list', board),
      audit: actor.isBoardAdmin || [...actor.locationLevels.values()].includes('admin'),
    },
  };
}

export async function updateProfile(
  ctx: ServiceContext,
  caller: Caller,
  input: { firstName?: string; infix?: string | null; lastName?: string; language?: 'nl' | 'en' },
): Promise<SignedInUser> {
  const { actor } = caller;
  authorise(actor, 'profile.update', { kind: 'person', boardId: actor.boardId, personId: actor.personId });
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findPersonById(trx, actor.boardId, actor.personId);
    if (!before) throw new AppError('UNAUTHENTICATED');
    const changes: Partial<PersonRow> = { updated_at: isoNow(ctx.clock) };
    if (input.firstName !== undefined || input.infix !== undefined || input.lastName !== undefined) {
      const infix = input.infix === undefined ? before.infix : input.infix?.trim() || null;
      Object.assign(
        changes,
        nameColumns({
          firstName: input.firstName ?? before.first_name,
          infix,
          lastName: input.lastName ?? before.last_name,
        }),
      );
    }
    if (input.language) changes.language = input.language;
    await updatePersonById(trx, actor.boardId, actor.personId, changes);
    const after = { ...before, ...changes };
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'profile.update',
      targetType: before.kind,
      targetId: actor.personId,
      before: toUser(before),
      after: toUser(after),
      locationIds: [...actor.locationLevels.keys(), ...actor.groupLocationIds],
    });
    return toUser(after);
  });
}

/**
 * Changes one's own password. The current password is required, except right after signing in with a
 * temporary one (mustChangePassword). Other sessions of the person end.
 */
export async function changePassword(
  ctx: ServiceContext,
  caller: Caller,
  sessionId: string,
  input: { currentPassword?: string; newPassword: string },
): Promise<void> {
  const { actor } = caller;
  authorise(actor, 'profile.update', { kind: 'person', boardId: actor.boardId, personId: actor.personId });
  const person = await findPersonById(ctx.db, actor.boardId, actor.personId);
  if (!person) throw new AppError('UNAUTHENTICATED');
  if (person.must_change_password !== 1 || input.currentPassword !== undefined) {
    const ok =
      input.currentPassword !== undefined && (await passwordMatches(ctx, person, input.currentPassword));
    if (!ok)
      throw new AppError('PASSWORD_INCORRECT', undefined, [
        { field: 'currentPassword', message: 'not correct' },
      ]);
  }
  await assertPasswordRules(ctx, person.board_id, person.kind, input.newPassword, 'newPassword');
  const passwordHash = await ctx.passwords.hash(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await updatePersonById(trx, actor.boardId, actor.personId, {
      password_hash: passwordHash,
      temporary_password: null,
      must_change_password: 0,
      updated_at: isoNow(ctx.clock),
    });
    await deleteSessionsOfPerson(trx, actor.personId, sessionId);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'profile.password',
      targetType: person.kind,
      targetId: actor.personId,
      locationIds: [],
    });
  });
}
