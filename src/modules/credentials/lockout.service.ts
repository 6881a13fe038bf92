import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { BoardSettings } from '../boards/index.ts';
import { clearAttempts, lockPerson, reserveAttempt, UNTIL_UNLOCKED } from './lockout.repository.ts';

export interface LockoutSubject {
  id: string;
  board_id: string;
}

/** Pause before answering the n-th wrong attempt in a row: none for the first two, then 1, 2, 4 … 8 s. */
export function delayAfterFailure(attempt: number): number {
  return attempt <= 2 ? 0 : Math.min(8000, 1000 * 2 ** (attempt - 3));
}

/**
 * Runs one password check under the lockout rules. The attempt is counted before the check (atomically, see
 * reserveAttempt), a right answer clears the count, the last allowed wrong one locks: text passwords for the
 * board's lockout minutes, picture passwords until a teacher or administrator unlocks. Throws ACCOUNT_LOCKED
 * when no attempt is left (and, for pictures, on the wrong attempt that locks); otherwise resolves the check's
 * answer (after the growing delay when wrong).
 */
export async function checkWithLockout(
  db: Kysely<Database>,
  now: Date,
  settings: Pick<BoardSettings, 'lockoutThreshold' | 'lockoutMinutes'>,
  person: LockoutSubject,
  method: 'password' | 'pictures',
  check: () => Promise<boolean>,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  const attempt = await reserveAttempt(db, person.id, now.toISOString(), settings.lockoutThreshold);
  if (attempt === undefined) throw new AppError('ACCOUNT_LOCKED');
  if (await check()) {
    await clearAttempts(db, person.id);
    return true;
  }
  if (attempt >= settings.lockoutThreshold) {
    const until =
      method === 'pictures'
        ? UNTIL_UNLOCKED
        : new Date(now.getTime() + settings.lockoutMinutes * 60_000).toISOString();
    await lockPerson(db, person.id, until, method);
  }
  await sleep(delayAfterFailure(attempt));
  // A child whose pictures just locked the account is told so at once, to fetch their teacher.
  if (method === 'pictures' && attempt >= settings.lockoutThreshold) throw new AppError('ACCOUNT_LOCKED');
  return false;
}
