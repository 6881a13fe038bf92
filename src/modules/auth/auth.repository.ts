import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionTable } from '../../platform/db/index.ts';

type Q = Kysely<Database>;
export type SessionRow = Selectable<SessionTable>;

export async function insertSession(db: Q, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSessionById(db: Q, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SessionWithPerson extends SessionRow {
  kind: 'staff' | 'student';
  is_board_admin: number;
  totp_enabled_at: string | null;
  /** The board's settings (JSON): whether it requires two-step verification is decided on every request. */
  board_settings: string;
}

/**
 * The session with the few person and board columns an actor and the two-step verification requirement need,
 * in one query (it runs on every request).
 */
export async function findSessionWithPerson(db: Q, id: string): Promise<SessionWithPerson | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .innerJoin('boards as b', 'b.id', 's.board_id')
    .selectAll('s')
    .select(['p.kind', 'p.is_board_admin', 'p.totp_enabled_at', 'b.settings as board_settings'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function updateSessionById(
  db: Q,
  id: string,
  changes: Partial<Pick<SessionRow, 'last_seen_at'>>,
) {
  await db.updateTable('sessions').set(changes).where('id', '=', id).execute();
}

export async function deleteSessionById(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a person except `keepId` (after a password change). */
export async function deleteSessionsOfPerson(db: Q, personId: string, keepId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('person_id', '=', personId);
  if (keepId) query = query.where('id', '!=', keepId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
