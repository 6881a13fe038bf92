import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, PersonTable } from '../../platform/db/index.ts';

type Q = Kysely<Database>;

/** The columns two-step verification reads and writes; the people module owns the rest of the row. */
export type MfaColumns = Pick<
  Selectable<PersonTable>,
  'totp_secret' | 'totp_enabled_at' | 'recovery_codes' | 'totp_last_step'
>;

/** A person as two-step verification sees them. */
export type MfaSubject = Pick<Selectable<PersonTable>, 'id' | 'board_id' | 'kind' | 'email'> & MfaColumns;

/** The columns that turn two-step verification off: no secret, no codes, nothing in force. */
export const NO_MFA: MfaColumns = {
  totp_secret: null,
  totp_enabled_at: null,
  recovery_codes: null,
  totp_last_step: null,
};

export async function findMfaSubjectById(db: Q, boardId: string, personId: string) {
  return db
    .selectFrom('people')
    .select([
      'id',
      'board_id',
      'kind',
      'email',
      'totp_secret',
      'totp_enabled_at',
      'recovery_codes',
      'totp_last_step',
    ])
    .where('board_id', '=', boardId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function updateMfaById(
  db: Q,
  boardId: string,
  personId: string,
  changes: Partial<MfaColumns> & { updated_at: string },
): Promise<void> {
  await db
    .updateTable('people')
    .set(changes)
    .where('board_id', '=', boardId)
    .where('id', '=', personId)
    .execute();
}

/**
 * Records `step` as the last accepted TOTP time step, atomically: one UPDATE both checks that it is later than
 * the one stored and stores it, so a code can be accepted once, also when it arrives at two nodes at once.
 * Returns false when this step (or a later one) was accepted already.
 */
export async function claimTotpStep(
  db: Q,
  boardId: string,
  personId: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({ totp_last_step: step })
    .where('board_id', '=', boardId)
    .where('id', '=', personId)
    .where('totp_enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The stored recovery-code hashes (a JSON array), read fresh for a compare-and-swap. */
export async function findRecoveryCodes(db: Q, boardId: string, personId: string): Promise<string | null> {
  const row = await db
    .selectFrom('people')
    .select('recovery_codes')
    .where('board_id', '=', boardId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return row?.recovery_codes ?? null;
}

/**
 * Replaces the recovery-code list only when it still is `expected` (compare-and-swap), so one code cannot be
 * spent twice by two sign-ins at once. Returns false when the list changed meanwhile.
 */
export async function swapRecoveryCodes(
  db: Q,
  boardId: string,
  personId: string,
  expected: string,
  next: string,
): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({ recovery_codes: next })
    .where('board_id', '=', boardId)
    .where('id', '=', personId)
    .where('recovery_codes', '=', expected)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Gives back an attempt the lockout reserved (reserveAttempt) when the password was right but the second step
 * was not given yet: that answer counts neither as a failure nor as a success (a success would clear the count,
 * and so let someone who knows the password guess codes without end).
 */
export async function releaseAttempt(db: Q, personId: string): Promise<void> {
  await db
    .updateTable('people')
    .set({ failed_attempts: sql<number>`failed_attempts - 1` })
    .where('id', '=', personId)
    .where('failed_attempts', '>', 0)
    .execute();
}
