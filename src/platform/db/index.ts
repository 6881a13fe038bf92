import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { isPostgres } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export { insertInChunks } from './chunks.ts';
export { isPostgres } from './dialect.ts';
export type * from './schema.ts';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

// COUNT(*) comes back from pg as a string (int8); our counts fit in a double.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * better-sqlite3 compiles a statement on every prepare(); Kysely prepares per query. A bounded cache of
 * prepared statements keyed on the SQL text removes that cost from hot paths (lists, sessions).
 */
function withStatementCache(database: SqliteDatabase.Database, size = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (statement) {
        cache.delete(sqlText);
      } else {
        statement = database.prepare(sqlText);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

/** Opens the database named by the URL (`sqlite:<file>`, `sqlite::memory:` or `postgres://…`). */
export function openDatabase(url: string): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const database = new SqliteDatabase(file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    // SQLite gathers planner statistics only when asked; this refreshes them cheaply when they are stale.
    // ANALYZE samples (about a thousand rows per index) instead of reading whole indexes.
    database.pragma('analysis_limit = 1000');
    database.pragma('optimize = 0x10002');
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(database) as never }),
    });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  // An idle connection that the server ends (a restart, an administrator) must not take the process down: the pool
  // drops it and opens a new one on the next query.
  pool.on('error', (error: Error & { code?: string }) => {
    process.stderr.write(
      `PostgreSQL closed an idle connection (${error.code ?? error.message}); it will reconnect\n`,
    );
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Brings the schema to the newest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Refreshes the query planner's statistics (ANALYZE) after a bulk load, so list and search queries choose
 * their indexes by real selectivity. PostgreSQL's autovacuum does this eventually; SQLite never does it by
 * itself, and without statistics it pages a rare name prefix by walking the whole sort index.
 */
export async function analyzeDatabase(db: Db): Promise<void> {
  // PostgreSQL also gets VACUUM: it sets the visibility map, without which covering indexes still read the table.
  await sql`${sql.raw(isPostgres(db) ? 'vacuum analyze' : 'analyze')}`.execute(db);
}

/**
 * Inside a transaction on PostgreSQL: its commit does not wait for the write-ahead log to reach disk. For writes
 * whose loss in a database crash costs little (a sign-in's session and counts: the child signs in again), so
 * that the row locks they take are held for microseconds, not a disk flush. SQLite: nothing to do.
 */
export async function commitWithoutWaiting(trx: Db): Promise<void> {
  if (isPostgres(trx)) await sql`set local synchronous_commit = off`.execute(trx);
}

/**
 * Refreshes the planner's statistics of some tables, inside the caller's transaction: after a bulk load into a new
 * board, a planner that still believes the tables hold a row or two would scan them for every later chunk.
 */
export async function analyzeTables(db: Db, tables: readonly (keyof Database & string)[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`.execute(db);
    return;
  }
  for (const table of tables) await sql`analyze ${sql.id(table)}`.execute(db);
}

/** Resolves when the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
