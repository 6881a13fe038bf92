import type { Kysely } from 'kysely';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { hashSecret } from '../../platform/tokens.ts';
import { recordAudit } from '../audit/index.ts';
import { countBoards, DEFAULT_SETTINGS, insertNewBoard } from '../boards/index.ts';
import { assertAcceptablePassword, assertPasswordRules, unlockPeople } from '../credentials/index.ts';
import {
  findPersonById,
  insertPerson,
  NO_CREDENTIALS,
  NOT_IMPORTED,
  nameColumns,
  type PersonRow,
  updatePersonById,
} from '../people/index.ts';
import {
  ACTIVATION_TTL_MS,
  consumeOneTimeToken,
  expireOneTimeTokens,
  findOneTimeTokenById,
  newOneTimeToken,
} from '../tokens/index.ts';
import { createSession, type NewSession } from './sessions.service.ts';

const SETUP_TOKEN_TTL_MS = 24 * 3_600_000;

export interface BoardSetupInput {
  boardName: string;
  firstName: string;
  infix?: string | null;
  lastName: string;
  email: string;
  /** Without one, the administrator activates the account through a single-use link. */
  password?: string;
}

export interface BoardSetupResult {
  boardId: string;
  personId: string;
  /** Present when no password was given. */
  activationToken?: string;
}

/** Creates a board and its first pakketbeheerder in one transaction (CLI `setup`, first-run page, demo). */
export async function setupBoard(
  ctx: ServiceContext,
  input: BoardSetupInput,
  db: Kysely<Database> = ctx.db,
): Promise<BoardSetupResult> {
  if (input.password !== undefined)
    assertAcceptablePassword(input.password, DEFAULT_SETTINGS.passwordMinLengthStaff, 'password');
  const passwordHash = input.password === undefined ? null : await ctx.passwords.hash(input.password);
  const run = async (trx: Kysely<Database>) => {
    const board = await insertNewBoard(trx, ctx, input.boardName);
    const now = isoNow(ctx.clock);
    const person: PersonRow = {
      id: newId(),
      board_id: board.id,
      kind: 'staff',
      ...nameColumns({
        firstName: input.firstName,
        infix: input.infix?.trim() || null,
        lastName: input.lastName,
      }),
      email: input.email.trim(),
      email_key: input.email.trim().toLowerCase(),
      username: null,
      username_key: null,
      language: 'nl',
      is_board_admin: 1,
      sign_in_method: null,
      privacy_consent: 0,
      password_hash: passwordHash,
      must_change_password: 0,
      ...NO_CREDENTIALS,
      ...NOT_IMPORTED,
      created_at: now,
      updated_at: now,
    };
    await insertPerson(trx, person);
    await recordAudit(trx, ctx, null, {
      boardId: board.id,
      action: 'board.create',
      targetType: 'board',
      targetId: board.id,
      after: { name: board.name, firstAdminId: person.id },
      locationIds: [],
    });
    const result: BoardSetupResult = { boardId: board.id, personId: person.id };
    if (passwordHash === null) {
      result.activationToken = await newOneTimeToken(trx, ctx, 'activation', ACTIVATION_TTL_MS, {
        boardId: board.id,
        personId: person.id,
      });
    }
    return result;
  };
  return db === ctx.db ? ctx.db.transaction().execute(run) : run(db);
}

/**
 * On an empty installation, issues a one-time setup token for the first-run page (the server logs it).
 * Returns undefined once any board exists.
 */
export async function issueSetupToken(ctx: ServiceContext): Promise<string | undefined> {
  if ((await countBoards(ctx.db)) > 0) return undefined;
  return newOneTimeToken(ctx.db, ctx, 'setup', SETUP_TOKEN_TTL_MS, null);
}

export async function setupRequired(ctx: ServiceContext): Promise<boolean> {
  return (await countBoards(ctx.db)) === 0;
}

/** The first-run page: the setup token buys one board and its first pakketbeheerder, signed in at once. */
export async function completeSetup(
  ctx: ServiceContext,
  token: string,
  input: Required<Omit<BoardSetupInput, 'infix'>> & { infix?: string | null },
): Promise<NewSession> {
  assertAcceptablePassword(input.password, DEFAULT_SETTINGS.passwordMinLengthStaff, 'password');
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx.clock);
    if ((await countBoards(trx)) > 0) throw new AppError('SETUP_NOT_AVAILABLE');
    if (!(await consumeOneTimeToken(trx, hashSecret(token), 'setup', now)))
      throw new AppError('SETUP_TOKEN_INVALID');
    await expireOneTimeTokens(trx, 'setup', now);
    return setupBoard(ctx, input, trx);
  });
  const person = await findPersonById(ctx.db, result.boardId, result.personId);
  if (!person) throw new AppError('INTERNAL');
  return createSession(ctx, person);
}

/**
 * Sets the first password through an activation link (the setup CLI's, or a new staff member's mail); the link
 * works once, and not at all once the person has chosen a password some other way. The temporary password
 * stops working, the account unlocks, and the person is signed in.
 */
export async function activateAccount(
  ctx: ServiceContext,
  token: string,
  password: string,
): Promise<NewSession | null> {
  const id = hashSecret(token);
  const open = await findOneTimeTokenById(ctx.db, id);
  const person =
    open?.board_id && open.person_id
      ? await findPersonById(ctx.db, open.board_id, open.person_id)
      : undefined;
  if (open?.purpose !== 'activation' || !person || person.password_hash !== null)
    throw new AppError('TOKEN_INVALID');
  await assertPasswordRules(ctx, person.board_id, person.kind, password, 'password');
  const passwordHash = await ctx.passwords.hash(password);
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    // Consuming is the real check: expired, used or raced tokens fail here and nothing is written.
    if (!(await consumeOneTimeToken(trx, id, 'activation', now))) throw new AppError('TOKEN_INVALID');
    await updatePersonById(trx, person.board_id, person.id, {
      password_hash: passwordHash,
      temporary_password: null,
      must_change_password: 0,
      updated_at: now,
    });
    await unlockPeople(trx, person.board_id, [person.id], now);
    await recordAudit(trx, ctx, null, {
      boardId: person.board_id,
      action: 'profile.activate',
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
