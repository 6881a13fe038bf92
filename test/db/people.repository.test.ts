import { CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countPeople,
  findPeople,
  findPeopleQuery,
  insertPeople,
  type PeopleFilter,
  type PersonRow,
} from '../../src/modules/people/people.repository.ts';
import { NO_CREDENTIALS, NOT_IMPORTED, nameColumns } from '../../src/modules/people/people.service.ts';
import type { Database } from '../../src/platform/db/index.ts';
import { newId } from '../../src/platform/ids.ts';
import { fold } from '../../src/platform/text.ts';
import { DIALECTS, freshDatabase } from '../support/harness.ts';

const FIRST = [
  'Ismaël',
  'Daan',
  'Noor',
  'Sem',
  'Emma',
  'Luuk',
  'Julia',
  'Mohammed',
  'Chloë',
  'Thijs',
  'Anouk',
  'Zoë',
];
const LAST = [
  'Çelik',
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Nguyễn',
  'Yılmaz',
  'Visser',
  'Smit',
  'Meijer',
];
const PEOPLE = 12_000;

function person(boardId: string, i: number): PersonRow {
  const last = LAST[i % LAST.length] as string;
  const [infix, lastName] = last.includes(' ')
    ? [last.slice(0, last.lastIndexOf(' ')), last.slice(last.lastIndexOf(' ') + 1)]
    : [null, last];
  const now = new Date().toISOString();
  return {
    id: newId(),
    board_id: boardId,
    kind: 'student',
    ...nameColumns({ firstName: `${FIRST[i % FIRST.length]}${i % 7 === 0 ? '' : i}`, infix, lastName }),
    email: null,
    email_key: null,
    username: `u${i}`,
    username_key: `u${i}`,
    language: 'nl',
    is_board_admin: 0,
    sign_in_method: null,
    privacy_consent: 0,
    password_hash: null,
    must_change_password: 1,
    ...NO_CREDENTIALS,
    ...NOT_IMPORTED,
    created_at: now,
    updated_at: now,
  };
}

async function planOf(db: Kysely<Database>, dialect: string, filter: PeopleFilter): Promise<string> {
  const compiled = findPeopleQuery(db, filter).compile();
  const prefix = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
  const result = await db.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
  return (result.rows as Record<string, unknown>[])
    .map((r) => String(r['QUERY PLAN'] ?? r.detail))
    .join('\n');
}

for (const dialect of DIALECTS) {
  describe(`people repository [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let db: Kysely<Database>;
    const boardId = newId();
    const base = (): PeopleFilter => ({
      boardId,
      kind: 'student',
      scope: { all: true },
      tokens: [],
      limit: 50,
    });

    beforeAll(async () => {
      database = await freshDatabase(dialect);
      db = database.handle.db;
      const now = new Date().toISOString();
      await db
        .insertInto('boards')
        .values({ id: boardId, name: 'B', settings: '{}', created_at: now, updated_at: now })
        .execute();
      const rows = Array.from({ length: PEOPLE }, (_, i) => person(boardId, i));
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 500) await insertPeople(trx, rows.slice(i, i + 500));
      });
      if (dialect === 'postgres') await db.executeQuery(CompiledQuery.raw('analyze people'));
      else await db.executeQuery(CompiledQuery.raw('analyze'));
    }, 120_000);
    afterAll(async () => {
      await database.drop();
    });

    describe('when names are searched', () => {
      it('should match folded prefixes of first or last names', async () => {
        const tokens = [fold('ISMAEL')];
        const found = await findPeople(db, { ...base(), tokens, limit: 5000 });
        expect(found.length).toBe(PEOPLE / FIRST.length);
        expect(found.every((p) => p.first_name.startsWith('Ismaël'))).toBe(true);
        expect(await countPeople(db, { ...base(), tokens: ['celik'] })).toBe(PEOPLE / LAST.length);
        expect(await countPeople(db, { ...base(), tokens: ['ismael', 'celik'] })).toBeGreaterThan(0);
      });

      it('should use the name indexes, not scan the table', async () => {
        // A selective prefix, as real searches are ("luuk54" matches a handful of 12,000 names).
        const plan = await planOf(db, dialect, { ...base(), tokens: ['luuk54'] });
        expect(plan).toMatch(/people_board_kind_first/);
        expect(plan).toMatch(/people_board_kind_last/);
        expect(plan).not.toMatch(/Seq Scan on people|SCAN p\b(?! USING)/);
      });
    });

    describe('when a page is read in name order', () => {
      it('should walk the sort index and page without gaps or repeats', async () => {
        const plan = await planOf(db, dialect, base());
        expect(plan).toMatch(/people_board_kind_sort/);
        expect(plan).not.toMatch(/Seq Scan on people|TEMP B-TREE FOR ORDER BY/);
        const first = await findPeople(db, { ...base(), limit: 100 });
        const last = first[99] as PersonRow;
        const next = await findPeople(db, {
          ...base(),
          limit: 100,
          after: { sortKey: last.sort_name, id: last.id },
        });
        // The next page starts inside the index (a range from the cursor), not by reading past the first pages.
        const nextPlan = await planOf(db, dialect, {
          ...base(),
          after: { sortKey: last.sort_name, id: last.id },
        });
        expect(nextPlan).toMatch(
          dialect === 'postgres'
            ? /Index Cond: .*ROW\(sort_name, id\) > ROW/
            : /SEARCH p USING INDEX people_board_kind_sort \(.*\(sort_name,id\)>\(\?,\?\)\)/,
        );
        expect((next[0] as PersonRow).sort_name >= last.sort_name).toBe(true);
        expect(new Set([...first.slice(0, 100), ...next].map((p) => p.id)).size).toBe(
          first.slice(0, 100).length + next.length,
        );
      });
    });
  });
}
