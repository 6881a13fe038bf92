import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

/**
 * Takes one failure from the address's allowance for this window, atomically: the insert-or-increment only
 * succeeds while the count is below `limit`, so parallel sign-ins on any number of nodes never exceed it.
 * Returns false when the allowance is used up.
 */
export async function reserveAddressAttempt(
  db: Q,
  address: string,
  windowStart: string,
  limit: number,
): Promise<boolean> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ address, window_start: windowStart, failures: 1 })
    .onConflict((oc) =>
      oc
        .columns(['address', 'window_start'])
        .doUpdateSet({ failures: sql<number>`sign_in_throttle.failures + 1` })
        .where('sign_in_throttle.failures', '<', limit),
    )
    .returning('failures')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Checks that the address still has allowance, taking the row's lock like a reservation but counting nothing:
 * the gate of a sign-in whose answer is already known to be right. Returns false when the allowance is used up.
 */
export async function holdAddressAttempt(
  db: Q,
  address: string,
  windowStart: string,
  limit: number,
): Promise<boolean> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ address, window_start: windowStart, failures: 0 })
    .onConflict((oc) =>
      oc
        .columns(['address', 'window_start'])
        .doUpdateSet({ failures: sql<number>`sign_in_throttle.failures` })
        .where('sign_in_throttle.failures', '<', limit),
    )
    .returning('failures')
    .executeTakeFirst();
  return row !== undefined;
}

/** A successful sign-in gives its reserved attempt back: only failures count against the address. */
export async function refundAddressAttempt(db: Q, address: string, windowStart: string): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set({ failures: sql<number>`failures - 1` })
    .where('address', '=', address)
    .where('window_start', '=', windowStart)
    .where('failures', '>', 0)
    .execute();
}

/** Forgets windows that ended before `before`. */
export async function deleteThrottleWindowsBefore(db: Q, before: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('window_start', '<', before).execute();
}
