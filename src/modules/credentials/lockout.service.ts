import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { BoardSettings } from '../boards/index.ts';
import {
  clearAttempts,
  lockPerson,
  passAttempt,
  reserveAttempt,
  UNTIL_UNLOCKED,
} from './lockout.repository.ts';

export interface LockoutSubject {
  id: string;
  board_id: string;
}

/** Pause before answering the n-th wrong attempt in a row: none for the first two, then 1, 2, 4 … 8 s. */
export function delayAfterFailure(attempt: number): number {
  return attempt <= 2 ? 0 : Math.min(8000, 1000 * 2 ** (attempt - 3));
}

type LockoutSettings = Pick<BoardSettings, 'lockoutThreshold' | 'lockoutMinutes'>;

/** The lockout's verdict on one attempt, and how long to pause before answering it. */
export interface AttemptOutcome {
  result: 'ok' | 'wrong' | 'locked';
  delayMs: number;
}

/**
 * Settles an attempt that holds a reserved place (see reserveAttempt): a right answer clears the count; the last
 * allowed wrong one locks, text passwords for the board's lockout minutes, picture passwords until a teacher or
 * administrator unlocks. A child whose pictures just locked the account is told so at once ('locked'), to fetch
 * their teacher; the wrong password that locks still answers 'wrong'.
 */
async function settleAttempt(
  db: Kysely<Database>,
  now: Date,
  settings: LockoutSettings,
  person: LockoutSubject,
  method: 'password' | 'pictures',
  attempt: number,
  matches: boolean,
): Promise<AttemptOutcome> {
  if (matches) {
    await clearAttempts(db, person.id);
    return { result: 'ok', delayMs: 0 };
  }
  const delayMs = delayAfterFailure(attempt);
  if (attempt < settings.lockoutThreshold) return { result: 'wrong', delayMs };
  const until =
    method === 'pictures'
      ? UNTIL_UNLOCKED
      : new Date(now.getTime() + settings.lockoutMinutes * 60_000).toISOString();
  await lockPerson(db, person.id, until, method);
  return { result: method === 'pictures' ? 'locked' : 'wrong', delayMs };
}

/**
 * Runs one password check under the lockout rules. The attempt is counted before the check (atomically, see
 * reserveAttempt), so parallel guesses on any number of nodes never check more than the threshold. Throws
 * ACCOUNT_LOCKED when no attempt is left (and on the picture attempt that locks); otherwise resolves the check's
 * answer, after the growing pause when wrong.
 */
export async function checkWithLockout(
  db: Kysely<Database>,
  now: Date,
  settings: LockoutSettings,
  person: LockoutSubject,
  method: 'password' | 'pictures',
  check: () => Promise<boolean>,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  const attempt = await reserveAttempt(db, person.id, now.toISOString(), settings.lockoutThreshold);
  if (attempt === undefined) throw new AppError('ACCOUNT_LOCKED');
  const outcome = await settleAttempt(db, now, settings, person, method, attempt, await check());
  await sleep(outcome.delayMs);
  if (outcome.result === 'locked') throw new AppError('ACCOUNT_LOCKED');
  return outcome.result === 'ok';
}

/**
 * Counts a picture-password attempt whose answer is already known (comparing pictures costs microseconds, unlike
 * Argon2id). One atomic statement decides, ordered with every parallel attempt on the account: a right sequence
 * passes only while attempts are left (and clears the count), a wrong one takes an attempt, so parallel guesses
 * still get no more than the threshold of answers. Does not pause: the caller pauses `delayMs` afterwards.
 */
export async function settlePictureAttempt(
  db: Kysely<Database>,
  now: Date,
  settings: LockoutSettings,
  person: LockoutSubject,
  matches: boolean,
): Promise<AttemptOutcome> {
  if (matches) {
    const passed = await passAttempt(db, person.id, now.toISOString(), settings.lockoutThreshold);
    return { result: passed ? 'ok' : 'locked', delayMs: 0 };
  }
  const attempt = await reserveAttempt(db, person.id, now.toISOString(), settings.lockoutThreshold);
  if (attempt === undefined) return { result: 'locked', delayMs: 0 };
  return settleAttempt(db, now, settings, person, 'pictures', attempt, matches);
}
