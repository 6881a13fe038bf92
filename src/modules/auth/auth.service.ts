import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { PasswordHasher } from '../../platform/passwords.ts';
import { hashSecret, newSecret, secretsEqual } from '../../platform/tokens.ts';
import { type Actor, authorise, can } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { type BoardSettings, DEFAULT_SETTINGS, getBoardSettings, getBoardSummary } from '../boards/index.ts';
import {
  assertPasswordRules,
  checkSignIn,
  checkWithLockout,
  mfaRequiredFor,
  mfaStatus,
  pictureSequenceMatches,
  withAddressLimit,
} from '../credentials/index.ts';
import { findGroupSignInMethodsOfPerson } from '../groups/index.ts';
import {
  actorOf,
  findPeopleByEmailKey,
  findPeopleByUsernameKey,
  findPersonById,
  findPersonByIdInAnyBoard,
  nameColumns,
  type PersonRow,
  personName,
  updatePersonById,
} from '../people/index.ts';
import {
  deleteSessionById,
  deleteSessionsOfPerson,
  findSessionWithPerson,
  insertSession,
  type SessionRow,
  updateSessionById,
} from './auth.repository.ts';

/** At most this many accounts share one e-mail address across boards; more are not tried. */
const MAX_CANDIDATES = 5;
const TOUCH_AFTER_MS = 5 * 60_000;

export interface SignedInUser {
  id: string;
  boardId: string;
  kind: 'staff' | 'student';
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  language: string;
  isBoardAdmin: boolean;
  mustChangePassword: boolean;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: SignedInUser;
}

export function toUser(row: PersonRow): SignedInUser {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: row.kind,
    ...personName(row),
    email: row.email,
    language: row.language,
    isBoardAdmin: row.is_board_admin === 1,
    mustChangePassword: row.must_change_password === 1,
  };
}

// A hash to verify against when no account matches, so unknown names cost the same time as wrong passwords.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(passwords: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(passwords);
  if (!hash) {
    hash = passwords.hash(newSecret());
    dummyHashes.set(passwords, hash);
  }
  return hash;
}

/** Warms the dummy hash at start-up so the first failed sign-in is not faster than later ones. */
export async function prepareSignIn(ctx: ServiceContext): Promise<void> {
  await dummyHash(ctx.passwords);
}

export async function createSession(ctx: ServiceContext, person: PersonRow): Promise<NewSession> {
  const token = newSecret();
  const now = ctx.clock.now();
  const row: SessionRow = {
    id: hashSecret(token),
    person_id: person.id,
    board_id: person.board_id,
    csrf_token: newSecret(),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000).toISOString(),
    last_seen_at: now.toISOString(),
  };
  await insertSession(ctx.db, row);
  return { token, csrfToken: row.csrf_token, expiresAt: row.expires_at, user: toUser(person) };
}

/** `totpCode`: the authenticator app's code (or a recovery code) of a person with two-step verification on. */
export type Credentials =
  | { email: string; password: string; totpCode?: string }
  | { username: string; password: string; totpCode?: string }
  | { personId: string; password: string; totpCode?: string }
  | { personId: string; pictureSequence: string[] };

/**
 * Whether `password` is the person's password: their temporary one while they have it (compared in constant
 * time, after an Argon2id verify of a dummy hash so it costs the same), else their chosen one.
 */
export async function passwordMatches(
  ctx: ServiceContext,
  person: PersonRow,
  password: string,
): Promise<boolean> {
  if (person.temporary_password !== null) {
    await ctx.passwords.verify(await dummyHash(ctx.passwords), password);
    try {
      return secretsEqual(ctx.secrets.open(person.temporary_password), password);
    } catch {
      return false;
    }
  }
  return person.password_hash !== null && ctx.passwords.verify(person.password_hash, password);
}

/** A right password of someone with two-step verification on, given without its code. */
const SECOND_STEP_MISSING = 'second-step-missing';

/**
 * Signs a person in, under the per-address limit (only failures count) and the per-account lockout. Every wrong
 * answer is INVALID_CREDENTIALS, whether or not the name exists; a locked account answers ACCOUNT_LOCKED. A
 * person with two-step verification on also gives `totpCode`: without it a right password answers MFA_REQUIRED
 * (counted as neither failure nor success); a wrong or reused code counts as a wrong password.
 */
export async function login(
  ctx: ServiceContext,
  credentials: Credentials,
  address = 'unknown',
): Promise<NewSession> {
  const outcome = await withAddressLimit(ctx, address, () =>
    'pictureSequence' in credentials
      ? loginWithPictures(ctx, credentials.personId, credentials.pictureSequence)
      : loginWithPassword(ctx, credentials),
  );
  if (outcome === SECOND_STEP_MISSING) throw new AppError('MFA_REQUIRED');
  return outcome;
}

async function candidatesFor(
  ctx: ServiceContext,
  credentials: Exclude<Credentials, { pictureSequence: string[] }>,
): Promise<PersonRow[]> {
  if ('email' in credentials)
    return findPeopleByEmailKey(ctx.db, credentials.email.trim().toLowerCase(), MAX_CANDIDATES);
  if ('username' in credentials)
    return findPeopleByUsernameKey(ctx.db, credentials.username.trim().toLowerCase(), MAX_CANDIDATES);
  const person = await findPersonByIdInAnyBoard(ctx.db, credentials.personId);
  return person ? [person] : [];
}

/**
 * Checks a name (e-mail, username or the id the sign-in page picked) and password. An unknown name runs the same
 * Argon2id verify as a wrong password, so neither the answer nor its timing tells whether it exists.
 */
async function loginWithPassword(
  ctx: ServiceContext,
  credentials: Exclude<Credentials, { pictureSequence: string[] }>,
): Promise<NewSession | typeof SECOND_STEP_MISSING> {
  const candidates = await candidatesFor(ctx, credentials);
  const withPassword = candidates.filter((p) => p.password_hash !== null || p.temporary_password !== null);
  if (withPassword.length === 0) {
    await ctx.passwords.verify(await dummyHash(ctx.passwords), credentials.password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  let locked = false;
  for (const person of withPassword) {
    const settings = await getBoardSettings(ctx.db, person.board_id);
    try {
      const check = () => passwordMatches(ctx, person, credentials.password);
      const outcome = await checkSignIn(ctx, settings, person, check, credentials.totpCode);
      if (outcome === 'signed-in') return createSession(ctx, person);
      if (outcome === SECOND_STEP_MISSING) return SECOND_STEP_MISSING;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ACCOUNT_LOCKED')) throw error;
      locked = true;
    }
  }
  throw new AppError(locked && withPassword.length === 1 ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
}

/** Whether the student signs in with pictures: their own method, or else one of their groups'. */
async function usesPictures(ctx: ServiceContext, person: PersonRow): Promise<boolean> {
  if (person.kind !== 'student' || person.picture_password === null) return false;
  if (person.sign_in_method !== null) return person.sign_in_method === 'pictures';
  return (await findGroupSignInMethodsOfPerson(ctx.db, person.id)).includes('pictures');
}

/**
 * Checks a picture password. Wrong sequences count like wrong passwords, but the lock after the last allowed one
 * holds until a teacher or administrator unlocks. People who do not sign in with pictures answer as unknown.
 */
async function loginWithPictures(
  ctx: ServiceContext,
  personId: string,
  sequence: readonly string[],
): Promise<NewSession> {
  const person = await findPersonByIdInAnyBoard(ctx.db, personId);
  if (!person || !(await usesPictures(ctx, person))) throw new AppError('INVALID_CREDENTIALS');
  const settings = await getBoardSettings(ctx.db, person.board_id);
  const check = async () => pictureSequenceMatches(ctx.secrets, person.picture_password, sequence);
  const ok = await checkWithLockout(ctx.db, ctx.clock.now(), settings, person, 'pictures', check, (ms) =>
    ctx.clock.sleep(ms),
  );
  if (!ok) throw new AppError('INVALID_CREDENTIALS');
  const session = await createSession(ctx, person);
  // Picture users have no temporary-password step: the pictures are their password.
  session.user.mustChangePassword = false;
  return session;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  /** The person's board requires two-step verification of them and they have none on yet. */
  mfaEnrolmentRequired: boolean;
}

/** The board's two-step verification requirement from the settings the session query joins in. */
function mfaRequirementOf(session: { board_settings: string }): BoardSettings['mfaRequired'] {
  const settings = JSON.parse(session.board_settings) as Partial<BoardSettings>;
  return settings.mfaRequired ?? DEFAULT_SETTINGS.mfaRequired;
}

/** The session for a cookie token, or undefined when it is unknown, expired or its person is gone. */
export async function resolveSession(
  ctx: ServiceContext,
  token: string,
): Promise<ResolvedSession | undefined> {
  const id = hashSecret(token);
  const session = await findSessionWithPerson(ctx.db, id);
  if (!session) return undefined;
  const now = ctx.clock.now();
  if (session.expires_at <= now.toISOString()) {
    await deleteSessionById(ctx.db, id);
    return undefined;
  }
  const actor = await actorOf(ctx.db, {
    id: session.person_id,
    board_id: session.board_id,
    kind: session.kind,
    is_board_admin: session.is_board_admin,
  });
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_AFTER_MS) {
    await updateSessionById(ctx.db, id, { last_seen_at: now.toISOString() });
  }
  return {
    sessionId: id,
    csrfToken: session.csrf_token,
    actor,
    mfaEnrolmentRequired:
      session.totp_enabled_at === null && mfaRequiredFor(mfaRequirementOf(session), actor),
  };
}

export function csrfMatches(session: ResolvedSession, header: string | undefined): boolean {
  return typeof header === 'string' && secretsEqual(header, session.csrfToken);
}

export async function logout(ctx: ServiceContext, sessionId: string): Promise<void> {
  await deleteSessionById(ctx.db, sessionId);
}

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
