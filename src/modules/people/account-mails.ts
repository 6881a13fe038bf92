import type { Kysely } from 'kysely';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import type { MailMessage } from '../../platform/mailer.ts';
import { getBoardSummary } from '../boards/index.ts';
import { activationMail, passwordResetMail } from '../mail/index.ts';
import {
  ACTIVATION_TTL_MS,
  expireOneTimeTokensOfPerson,
  newOneTimeToken,
  RESET_TTL_MS,
} from '../tokens/index.ts';
import type { PersonRow } from './people.repository.ts';

type Addressed = PersonRow & { email: string };

/**
 * The activation mail for a staff member, with a new single-use link (seven days). Earlier unused activation
 * links of the person stop working. Runs in the caller's transaction; the caller sends the mail after commit.
 */
export async function prepareActivationMail(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  person: Addressed,
): Promise<MailMessage> {
  await expireOneTimeTokensOfPerson(trx, person.board_id, person.id, 'activation', isoNow(ctx.clock));
  const token = await newOneTimeToken(trx, ctx, 'activation', ACTIVATION_TTL_MS, {
    boardId: person.board_id,
    personId: person.id,
  });
  const board = await getBoardSummary(trx, person.board_id);
  const link = `${ctx.config.publicUrl}/activate?token=${token}`;
  return activationMail(person.email, person.language, person.first_name, board.name, link);
}

/**
 * The password-reset mail an administrator sends, with a single-use link (one hour), the same kind the
 * "forgot password" flow sends. Nothing about the account changes until the link is used.
 */
export async function prepareResetMail(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  person: Addressed,
): Promise<MailMessage> {
  const token = await newOneTimeToken(trx, ctx, 'password_reset', RESET_TTL_MS, {
    boardId: person.board_id,
    personId: person.id,
  });
  const link = `${ctx.config.publicUrl}/reset?token=${token}`;
  return passwordResetMail(person.email, person.language, person.first_name, link, 'administrator');
}

export function hasEmail(person: PersonRow): person is Addressed {
  return person.email !== null && person.email !== '';
}
