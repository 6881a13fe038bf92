import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

// better-sqlite3 allows 32,766 bound parameters per statement and PostgreSQL 65,535: stay well below both.
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_STATEMENT = 1_000;

/** Inserts rows as multi-row statements of at most MAX_PARAMETERS bound values each. */
export async function insertInChunks<Row extends object>(
  db: Kysely<Database>,
  rows: Row[],
  insert: (db: Kysely<Database>, rows: Row[]) => Promise<void>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = Math.max(
    1,
    Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / Object.keys(first).length)),
  );
  for (let start = 0; start < rows.length; start += size) {
    await insert(db, rows.slice(start, start + size));
  }
}
