import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { type MailFailureLog, sendInBackground } from '../mail/index.ts';
import { hasEmail, prepareActivationMail, prepareResetMail } from './account-mails.ts';
import { loadStaff } from './staff.service.ts';

/**
 * Sends a staff member a new activation link (seven days); their earlier unused activation links stop
 * working. 409 NO_EMAIL_ADDRESS without an address, 409 ALREADY_ACTIVATED once they chose their own password
 * (a reset mail is what they need then). The mail goes out after the answer; a failure reaches `log`.
 */
export async function sendActivationMailAgain(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  log: MailFailureLog,
): Promise<void> {
  const { actor } = caller;
  const { row, target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.mail.activation', target);
  if (!hasEmail(row)) throw new AppError('NO_EMAIL_ADDRESS');
  if (row.password_hash !== null) throw new AppError('ALREADY_ACTIVATED');
  const message = await ctx.db.transaction().execute(async (trx) => {
    const mail = await prepareActivationMail(trx, ctx, row);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'staff.mail.activation',
      targetType: 'staff',
      targetId: id,
      locationIds: target.locationIds,
    });
    return mail;
  });
  sendInBackground(ctx.mailer, message, { personId: id, mail: 'activation' }, log);
}

/**
 * Sends a staff member a password-reset link (one hour), as "forgot password" does. Their password, and a
 * lock, stay as they are until the link is used. 409 NO_EMAIL_ADDRESS without an address.
 */
export async function sendStaffResetMail(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  log: MailFailureLog,
): Promise<void> {
  const { actor } = caller;
  const { row, target } = await loadStaff(ctx, actor.boardId, id);
  authorise(actor, 'staff.mail.reset', target);
  if (!hasEmail(row)) throw new AppError('NO_EMAIL_ADDRESS');
  const message = await ctx.db.transaction().execute(async (trx) => {
    const mail = await prepareResetMail(trx, ctx, row);
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'staff.mail.reset',
      targetType: 'staff',
      targetId: id,
      locationIds: target.locationIds,
    });
    return mail;
  });
  sendInBackground(ctx.mailer, message, { personId: id, mail: 'password_reset' }, log);
}
