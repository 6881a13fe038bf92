import { describe, expect, it } from 'vitest';
import { setupBoard } from '../../src/modules/auth/index.ts';
import { applyPlan } from '../../src/modules/imports/apply.ts';
import { findBoardSnapshot } from '../../src/modules/imports/imports.repository.ts';
import { planImport, previewOf } from '../../src/modules/imports/plan.ts';
import type { Roster, RosterPerson } from '../../src/modules/imports/roster.ts';
import { unique } from '../support/api.ts';
import { describeEach, type TestEnv } from '../support/harness.ts';

const student = (
  row: number,
  sourceKey: string,
  firstName: string,
  lastName: string,
  groupKeys: string[],
): RosterPerson => ({
  origin: { row },
  kind: 'student',
  sourceKey,
  eckId: `https://ketenid.nl/${sourceKey}`,
  firstName,
  infix: null,
  lastName,
  email: null,
  username: null,
  groupKeys,
  locationKeys: [],
});

/** The teacher's address: one per test run, the same in every copy of the file. */
const ELS = `${unique('els')}@school.nl`;

function roster(): Roster {
  return {
    format: 'edexml',
    locations: [{ origin: { row: 1 }, sourceKey: 'V1', name: 'De Linde', code: '12ab00' }],
    groups: [
      { origin: { row: 1 }, sourceKey: 'G3', name: 'Groep 3', locationKey: 'V1', grade: '3' },
      { origin: { row: 2 }, sourceKey: 'G4', name: 'Groep 4', locationKey: 'V1', grade: '4' },
    ],
    staff: [
      {
        ...student(1, 'T1', 'Els', 'Bos', ['G3']),
        kind: 'staff',
        eckId: null,
        email: ELS,
      },
    ],
    students: [
      student(1, 'L1', 'Daan', 'Vries', ['G3']),
      student(2, 'L2', 'Fleur', 'Bakker', ['G3', 'G4']),
      student(3, 'L3', 'Daan', 'Vries', ['G4']),
    ],
    rejected: [],
  };
}

async function importInto(env: TestEnv, boardId: string, r: Roster) {
  const snapshot = await findBoardSnapshot(env.ctx.db, boardId);
  const plan = planImport(r, { ...snapshot, scope: null });
  const taken = new Set(
    snapshot.people.map((p) => p.username?.toLowerCase()).filter((u): u is string => !!u),
  );
  const result = await env.ctx.db
    .transaction()
    .execute((trx) => applyPlan(trx, env.ctx, boardId, plan, taken));
  return { preview: previewOf(plan), result };
}

describeEach('applying an import', (t) => {
  describe('when a school is imported into a board, and again', () => {
    it('should create it once, with passwords and usernames, and change nothing the second time', async () => {
      const env = t();
      const { boardId } = await setupBoard(env.ctx, {
        boardName: unique('Bestuur '),
        firstName: 'Anna',
        lastName: 'Admin',
        email: `${unique('a')}@example.org`,
        password: 'correct horse battery',
      });
      const first = await importInto(env, boardId, roster());
      expect(first.result.created).toEqual({
        locations: 1,
        groups: 2,
        staff: 1,
        students: 3,
        memberships: 5,
      });
      const people = await env.ctx.db
        .selectFrom('people')
        .select(['id', 'username', 'temporary_password', 'source_key', 'eck_id', 'kind'])
        .where('board_id', '=', boardId)
        .where('kind', '=', 'student')
        .orderBy('source_key')
        .execute();
      expect(people.map((p) => p.username)).toEqual(['daan.vries', 'fleur.bakker', 'daan.vries2']);
      expect(people.every((p) => p.temporary_password !== null && p.eck_id?.startsWith('https://'))).toBe(
        true,
      );
      const location = await env.ctx.db
        .selectFrom('locations')
        .select(['id', 'code'])
        .where('board_id', '=', boardId)
        .executeTakeFirstOrThrow();
      expect(location.code).toBe('12AB00');
      // The school's lists find the imported children (person_locations kept in step).
      const listed = await env.ctx.db
        .selectFrom('person_locations')
        .select('person_id')
        .where('location_id', '=', location.id)
        .where('kind', '=', 'student')
        .execute();
      expect(listed).toHaveLength(3);

      const again = await importInto(env, boardId, roster());
      expect(again.preview.changes).toEqual([]);
      expect(again.preview).toMatchObject({
        locations: { new: 0, changed: 0, unchanged: 1 },
        groups: { new: 0, changed: 0, unchanged: 2 },
        staff: { new: 0, changed: 0, unchanged: 1 },
        students: { new: 0, changed: 0, unchanged: 3 },
        memberships: { new: 0, changed: 0, unchanged: 5 },
      });
      expect(again.result.created).toEqual({
        locations: 0,
        groups: 0,
        staff: 0,
        students: 0,
        memberships: 0,
      });

      // A changed file updates in place and ends the membership it no longer has.
      const changed = roster();
      changed.students[1] = {
        ...(changed.students[1] as RosterPerson),
        lastName: 'Bakker-Jansen',
        groupKeys: ['G4'],
      };
      const third = await importInto(env, boardId, changed);
      expect(third.result.updated.students).toBe(1);
      expect(third.result.removedMemberships).toBe(1);
      const fleur = await env.ctx.db
        .selectFrom('people')
        .select(['id', 'last_name'])
        .where('board_id', '=', boardId)
        .where('source_key', '=', 'L2')
        .executeTakeFirstOrThrow();
      expect(fleur.last_name).toBe('Bakker-Jansen');
      const groups = await env.ctx.db
        .selectFrom('memberships')
        .select('group_id')
        .where('person_id', '=', fleur.id)
        .execute();
      expect(groups).toHaveLength(1);
      expect((await importInto(env, boardId, changed)).preview.students).toMatchObject({
        changed: 0,
        unchanged: 3,
      });
    });
  });
});
