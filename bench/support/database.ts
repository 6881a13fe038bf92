import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DialectName } from '../../src/platform/db/index.ts';
import { type OwnProcess, parentPid } from './cpu.ts';

/** Where PostgreSQL runs for benchmarks; each run creates its own database there and drops it after. */
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  dialect: DialectName;
  url: string;
  /** SCHOOLPAS_DATA_DIR for the server: a fresh temporary folder (holds the SQLite file). */
  dataDir: string;
  /** PostgreSQL processes working for this benchmark: the postmaster (whose exited children count too) and
   * the backends of this database. */
  serverProcesses(): Promise<OwnProcess[]>;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (admin: Kysely<unknown>) => Promise<T>): Promise<T> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: POSTGRES_ADMIN_URL, max: 1 }) }),
  });
  try {
    return await run(admin);
  } finally {
    await admin.destroy();
  }
}

/** A new, empty database (not yet migrated: the seed step migrates, as `schoolpas serve` would). */
export async function createBenchDatabase(dialect: DialectName): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    return {
      dialect,
      url: `sqlite:${path.join(dataDir, 'schoolpas.db')}`,
      dataDir,
      serverProcesses: async () => [],
      drop: async () => removeDir(),
    };
  }
  const name = `schoolpas_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => sql`create database ${sql.id(name)}`.execute(admin));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  // One kept-open connection for the process list: opening one per look would itself cost CPU.
  const watcher = new pg.Pool({ connectionString: POSTGRES_ADMIN_URL, max: 1 });
  return {
    dialect,
    url: url.toString(),
    dataDir,
    async serverProcesses() {
      const result = await watcher.query<{ pid: number; self: boolean }>(
        `select pid, pid = pg_backend_pid() as self from pg_stat_activity
          where datname = $1 or backend_type <> 'client backend' or pid = pg_backend_pid()`,
        [name],
      );
      const self = result.rows.find((r) => r.self);
      const postmaster = self ? parentPid(self.pid) : undefined;
      const backends: OwnProcess[] = result.rows.map((r) => ({ pid: r.pid }));
      return postmaster ? [{ pid: postmaster, children: true }, ...backends] : backends;
    },
    async drop() {
      await watcher.end();
      removeDir();
      await withAdmin((admin) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin));
    },
  };
}

/** Facts about the PostgreSQL server that explain its figures. */
export async function postgresFacts(): Promise<{ version: string; autovacuum: string }> {
  return withAdmin(async (admin) => {
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(admin);
    const autovacuum = await sql<{ v: string }>`select current_setting('autovacuum') as v`.execute(admin);
    return { version: version.rows[0]?.v ?? '?', autovacuum: autovacuum.rows[0]?.v ?? '?' };
  });
}
