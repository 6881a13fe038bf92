import { type Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/platform/db/index.ts';
import { migrationProvider } from '../../src/platform/db/migrations/index.ts';
import { DIALECTS, freshDatabase } from '../support/harness.ts';

type Column = { table: string; column: string; type: string; notnull: boolean };

/** Tables, columns and indexes as the database reports them, in a stable order. */
async function describeSchema(db: Kysely<unknown>): Promise<{ columns: Column[]; indexes: string[] }> {
  if (isPostgres(db)) {
    const columns = await sql<Column>`
      select table_name as table, column_name as column, data_type as type, is_nullable = 'NO' as notnull
      from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(db);
    const indexes = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where schemaname = 'public' and tablename not like 'kysely_%' order by indexdef`.execute(
      db,
    );
    return { columns: columns.rows, indexes: indexes.rows.map((r) => r.indexdef) };
  }
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(
    db,
  );
  const columns: Column[] = [];
  for (const { name } of tables.rows) {
    const info = await sql<{
      name: string;
      type: string;
      notnull: number;
    }>`select * from pragma_table_info(${name})`.execute(db);
    for (const c of [...info.rows].sort((a, b) => a.name.localeCompare(b.name))) {
      columns.push({ table: name, column: c.name, type: c.type, notnull: c.notnull === 1 });
    }
  }
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and sql is not null order by sql`.execute(db);
  return { columns, indexes: indexes.rows.map((r) => r.sql) };
}

for (const dialect of DIALECTS) {
  describe(`schema [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(dialect);
    });
    afterAll(async () => {
      await database.drop();
    });

    it('should be the same after migrating all the way down and up again', async () => {
      const db = database.handle.db as unknown as Kysely<unknown>;
      const fresh = await describeSchema(db);
      expect(fresh.columns.length).toBeGreaterThan(50);
      const migrator = new Migrator({ db, provider: migrationProvider });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect((await describeSchema(db)).columns).toEqual([]);
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(await describeSchema(db)).toEqual(fresh);
    });
  });
}
