/**
 * The index a unique violation hit, on either database, or null for any other error.
 * SQLite names the columns ("UNIQUE constraint failed: people.board_id, people.email_key"); PostgreSQL the index.
 */
export function violatedUnique(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint ?? '';
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return e.message ?? '';
  return null;
}
