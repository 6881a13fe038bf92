import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hashSecret } from '../../platform/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { assertPasswordRules, unlockPeople } from '../credentials/index.ts';
import { passwordResetMail } from '../mail/index.ts';
import { findPeopleByEmailKey, findPersonById, updatePersonById } from '../people/index.ts';
import { consumeOneTimeToken, findOneTimeTokenById, newOneTimeToken, RESET_TTL_MS } from '../tokens/index.ts';
import { deleteSessionsOfPerson } from './auth.repository.ts';
import { createSession, type NewSession } from './sessions.service.ts';

/**
 * "Forgot password": mails a single-use link (one hour) to every account with this address. The caller answers
 * the same whether or not one exists, and the mail goes out after the answer, so neither answer nor timing
 * tells. Resolves when the mails are handed over (the route does not wait for it).
 */
export async function sendPasswordResetMails(
  ctx: ServiceContext,
  email: string,
  log: (error: unknown) => void,
): Promise<void> {
  const people = await findPeopleByEmailKey(ctx.db, email.trim().toLowerCase(), 5);
  for (const person of people) {
    try {
      const token = await newOneTimeToken(ctx.db, ctx, 'password_reset', RESET_TTL_MS, {
        boardId: person.board_id,
        personId: person.id,
      });
      const link = `${ctx.config.publicUrl}/reset?token=${token}`;
      await ctx.mailer.send(
        passwordResetMail(person.email ?? email, person.language, person.first_name, link),
      );
    } catch (error) {
      log(error);
    }
  }
}

/**
 * Sets a new password through a reset link: the link works once; the account unlocks; other sessions end. Signs
 * the person in, except when they use two-step verification: a mailbox alone must not get past the code, so they
 * sign in with password and code (answers null).
 */
export async function resetPasswordWithToken(
  ctx: ServiceContext,
  token: string,
  password: string,
): Promise<NewSession | null> {
  const id = hashSecret(token);
  const open = await findOneTimeTokenById(ctx.db, id);
  const person =
    open?.purpose === 'password_reset' && open.board_id && open.person_id
      ? await findPersonById(ctx.db, open.board_id, open.person_id)
      : undefined;
  if (!person) throw new AppError('TOKEN_INVALID');
  await assertPasswordRules(ctx, person.board_id, person.kind, password, 'password');
  const passwordHash = await ctx.passwords.hash(password);
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await consumeOneTimeToken(trx, id, 'password_reset', now))) throw new AppError('TOKEN_INVALID');
    await updatePersonById(trx, person.board_id, person.id, {
      password_hash: passwordHash,
      temporary_password: null,
      must_change_password: 0,
      updated_at: now,
    });
    await unlockPeople(trx, person.board_id, [person.id], now);
    await deleteSessionsOfPerson(trx, person.id);
    await recordAudit(trx, ctx, null, {
      boardId: person.board_id,
      action: 'profile.passwordReset',
      targetType: person.kind,
      targetId: person.id,
      locationIds: [],
    });
  });
  // With two-step verification in force the link alone does not sign in: the code is asked at sign-in.
  if (person.totp_enabled_at !== null) return null;
  return createSession(ctx, {
    ...person,
    password_hash: passwordHash,
    temporary_password: null,
    must_change_password: 0,
  });
}
