import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

/** Stands in for "until a teacher unlocks": later than any real time, so `locked_until > now` holds. */
export const UNTIL_UNLOCKED = '9999-12-31T23:59:59.999Z';

/**
 * Takes one attempt from the person's allowance, atomically: one UPDATE both checks and counts, so parallel
 * sign-ins on any number of nodes can never check more than `threshold` passwords before the lock. A lock that
 * has run out (a timed one) starts a fresh count. Returns the attempt's number, or undefined when locked.
 */
export async function reserveAttempt(
  db: Q,
  personId: string,
  now: string,
  threshold: number,
): Promise<number | undefined> {
  const row = await db
    .updateTable('people')
    .set({
      failed_attempts: sql<number>`case when locked_until is not null and locked_until <= ${now} then 1 else failed_attempts + 1 end`,
      locked_until: sql<
        string | null
      >`case when locked_until is not null and locked_until <= ${now} then null else locked_until end`,
    })
    .where('id', '=', personId)
    .where((eb) => mayAttempt(eb, now, threshold))
    .returning('failed_attempts')
    .executeTakeFirst();
  return row?.failed_attempts;
}

/** Attempts left: fewer than the threshold counted and no lock in force, or a timed lock that has run out. */
function mayAttempt(eb: ExpressionBuilder<Database, 'people'>, now: string, threshold: number) {
  return eb.or([
    eb.and([
      eb('failed_attempts', '<', threshold),
      eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]),
    ]),
    eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', now)]),
  ]);
}

/**
 * The gate of an attempt already known to be right: while attempts are left it clears the count (and a lock
 * that ran out) in the same statement, so it is ordered with parallel wrong attempts exactly like a reservation.
 * Returns false when the account is locked.
 */
export async function passAttempt(db: Q, personId: string, now: string, threshold: number): Promise<boolean> {
  const row = await db
    .updateTable('people')
    .set({ failed_attempts: 0, locked_until: null, lock_reason: null })
    .where('id', '=', personId)
    .where((eb) => mayAttempt(eb, now, threshold))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A right password: the count starts over. */
export async function clearAttempts(db: Q, personId: string): Promise<void> {
  await db
    .updateTable('people')
    .set({ failed_attempts: 0, locked_until: null, lock_reason: null })
    .where('id', '=', personId)
    .where((eb) => eb.or([eb('failed_attempts', '>', 0), eb('locked_until', 'is not', null)]))
    .execute();
}

/** Locks after the last allowed wrong attempt. */
export async function lockPerson(
  db: Q,
  personId: string,
  until: string,
  reason: 'password' | 'pictures',
): Promise<void> {
  await db
    .updateTable('people')
    .set({ locked_until: until, lock_reason: reason })
    .where('id', '=', personId)
    .execute();
}

/** Unlocks these people of the board and clears their counts; returns the ids whose state changed. */
export async function unlockPeople(
  db: Q,
  boardId: string,
  personIds: readonly string[],
  now: string,
): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .updateTable('people')
    .set({ failed_attempts: 0, locked_until: null, lock_reason: null })
    .where('board_id', '=', boardId)
    .where('id', 'in', personIds)
    .where((eb) => eb.or([eb('locked_until', '>', now), eb('failed_attempts', '>', 0)]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Which of these people are locked now. */
export async function findLockedPeople(
  db: Q,
  boardId: string,
  personIds: readonly string[],
  now: string,
): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('board_id', '=', boardId)
    .where('id', 'in', personIds)
    .where('locked_until', '>', now)
    .execute();
  return rows.map((r) => r.id);
}
