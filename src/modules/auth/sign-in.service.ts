import type { ServiceContext } from '../../platform/context.ts';
import { commitWithoutWaiting } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PasswordHasher } from '../../platform/passwords.ts';
import { newSecret, secretsEqual } from '../../platform/tokens.ts';
import { getBoardSettings } from '../boards/index.ts';
import {
  type AttemptOutcome,
  checkSignIn,
  holdAddress,
  pictureSequenceMatches,
  reserveAddress,
  settlePictureAttempt,
  withAddressLimit,
} from '../credentials/index.ts';
import { findGroupSignInMethodsOfPerson } from '../groups/index.ts';
import {
  findPeopleByEmailKey,
  findPeopleByUsernameKey,
  findPersonByIdInAnyBoard,
  type PersonRow,
} from '../people/index.ts';
import { createSession, type NewSession } from './sessions.service.ts';

/** At most this many accounts share one e-mail address across boards; more are not tried. */
const MAX_CANDIDATES = 5;

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
  if ('pictureSequence' in credentials)
    return loginWithPictures(ctx, credentials.personId, credentials.pictureSequence, address);
  const outcome = await withAddressLimit(ctx, address, () => loginWithPassword(ctx, credentials));
  if (outcome === SECOND_STEP_MISSING) throw new AppError('MFA_REQUIRED');
  return outcome;
}

async function candidatesFor(
  ctx: ServiceContext,
  credentials: Exclude<Credentials, { pictureSequence: string[] }>,
): Promise<PersonRow[]> {
  if ('email' in credentials)
    return findPeopleByEmailKey(ctx.db, credentials.email.trim().toLowerCase(), MAX_CANDIDATES);
  const byName =
    'username' in credentials
      ? await findPeopleByUsernameKey(ctx.db, credentials.username.trim().toLowerCase(), MAX_CANDIDATES)
      : [await findPersonByIdInAnyBoard(ctx.db, credentials.personId)].filter((p) => p !== undefined);
  // Students whose method is "e-mail + password only" do not sign in by username or from a name tile.
  const allowed = await Promise.all(byName.map(async (p) => !(await usesEmailOnly(ctx, p))));
  return byName.filter((_, i) => allowed[i]);
}

/** The student's sign-in methods: their own, or else those of their groups (password when they have none). */
async function signInMethodsOf(ctx: ServiceContext, person: PersonRow): Promise<string[]> {
  if (person.sign_in_method !== null) return [person.sign_in_method];
  const methods = await findGroupSignInMethodsOfPerson(ctx.db, person.id);
  return methods.length > 0 ? methods : ['password'];
}

async function usesEmailOnly(ctx: ServiceContext, person: PersonRow): Promise<boolean> {
  if (person.kind !== 'student') return false;
  return (await signInMethodsOf(ctx, person)).every((method) => method === 'email');
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
export async function usesPictures(ctx: ServiceContext, person: PersonRow): Promise<boolean> {
  if (person.kind !== 'student' || person.picture_password === null) return false;
  return (await signInMethodsOf(ctx, person)).includes('pictures');
}

/**
 * Checks a picture password. Wrong sequences count like wrong passwords, but the lock after the last allowed one
 * holds until a teacher or administrator unlocks (and says so at once). People who do not sign in with pictures
 * answer as unknown. Comparing pictures is cheap, so the sequence is compared first and the atomic gates come
 * after: a right one passes the account's gate and holds the address's allowance (one write each), a wrong one
 * takes a place of both. The writes go in one transaction, which commits for failures too.
 */
async function loginWithPictures(
  ctx: ServiceContext,
  personId: string,
  sequence: readonly string[],
  address: string,
): Promise<NewSession> {
  const found = await findPersonByIdInAnyBoard(ctx.db, personId);
  // Who may try: a student who signs in with pictures; anyone else answers as an unknown name.
  const subject =
    found && (await usesPictures(ctx, found))
      ? { person: found, settings: await getBoardSettings(ctx.db, found.board_id) }
      : undefined;
  const matches =
    subject !== undefined && pictureSequenceMatches(ctx.secrets, subject.person.picture_password, sequence);
  const now = ctx.clock.now();
  const { outcome, session } = await ctx.db.transaction().execute(async (db) => {
    const tx = { ...ctx, db };
    await commitWithoutWaiting(db);
    const outcome: AttemptOutcome = subject
      ? await settlePictureAttempt(db, now, subject.settings, subject.person, matches)
      : { result: 'wrong', delayMs: 0 };
    const session = subject && outcome.result === 'ok' ? await createSession(tx, subject.person) : undefined;
    // The address's row last, and its lock only until a commit that does not wait for the disk: a whole school
    // shares it. A sign-in only holds the allowance; anything else takes a place of it. When the allowance is
    // used up this throws and the whole attempt is undone, as if it had never been checked.
    if (session) await holdAddress(tx, address);
    else await reserveAddress(tx, address);
    return { outcome, session };
  });
  if (session) {
    // Picture users have no temporary-password step: the pictures are their password.
    session.user.mustChangePassword = false;
    return session;
  }
  await ctx.clock.sleep(outcome.delayMs);
  throw new AppError(outcome.result === 'locked' ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
}
