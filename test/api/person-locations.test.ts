import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/platform/context.ts';
import { expectStatus, newBoard } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

/** person_locations as it should be: recomputed from scratch from memberships and levels. */
async function expectedRows(ctx: ServiceContext) {
  const { rows } = await sql<{ row: string }>`
    select distinct p.id || '@' || links.location_id || '@' || p.sort_name as row
    from (select person_id, location_id from memberships union select person_id, location_id from staff_locations) links
    join people p on p.id = links.person_id order by row`.execute(ctx.db);
  return rows.map((r) => r.row);
}

async function actualRows(ctx: ServiceContext) {
  const { rows } = await sql<{ row: string }>`
    select person_id || '@' || location_id || '@' || sort_name as row from person_locations order by row`.execute(
    ctx.db,
  );
  return rows.map((r) => r.row);
}

describeEach('school lists stay right after every change', (t) => {
  describe('when people, groups and locations change in every way', () => {
    it('should keep each school list equal to what the links say', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const check = async () => expect(await actualRows(ctx)).toEqual(await expectedRows(ctx));
      const post = async (url: string, body: object) => expectStatus(await admin.post(url, body), 201);

      const a = await post('/api/v1/locations', { name: 'A' });
      const b = await post('/api/v1/locations', { name: 'B' });
      const c = await post('/api/v1/locations', { name: 'C' });
      const a1 = await post('/api/v1/groups', { name: 'A1', locationId: a.id });
      const a2 = await post('/api/v1/groups', { name: 'A2', locationId: a.id });
      const b1 = await post('/api/v1/groups', { name: 'B1', locationId: b.id });
      const c1 = await post('/api/v1/groups', { name: 'C1', locationId: c.id });
      const sem = await post('/api/v1/students', {
        firstName: 'Sem',
        lastName: 'Aa',
        groupIds: [a1.id, a2.id],
      });
      const noor = await post('/api/v1/students', { firstName: 'Noor', lastName: 'Bos', groupIds: [b1.id] });
      const kees = await post('/api/v1/staff', {
        firstName: 'Kees',
        lastName: 'Cox',
        email: 'kees@example.org',
        locations: [{ locationId: c.id, level: 'read' }],
        groupIds: [a1.id],
      });
      await check();

      // A student in two groups of one school leaves one of them: still in the school, once.
      expectStatus(await admin.delete(`/api/v1/groups/${a2.id}/members/${sem.id}`), 204);
      await check();
      const inA = expectStatus(await admin.get(`/api/v1/students?location=${a.id}`), 200);
      expect(inA.items.map((s: { id: string }) => s.id)).toEqual([sem.id]);

      expectStatus(
        await admin.patch(`/api/v1/students/${noor.id}`, { groupIds: [a2.id], lastName: 'Aalders' }),
        200,
      );
      await check();
      expectStatus(
        await admin.patch(`/api/v1/staff/${kees.id}`, { locations: [{ locationId: b.id, level: 'admin' }] }),
        200,
      );
      await check();
      expectStatus(await admin.patch(`/api/v1/groups/${a1.id}`, { locationId: c.id }), 200);
      await check();
      expectStatus(await admin.post(`/api/v1/groups/${c1.id}/members`, { personId: noor.id }), 204);
      expectStatus(await admin.delete(`/api/v1/groups/${a2.id}`), 204);
      await check();
      expectStatus(await admin.patch('/api/v1/me', { lastName: 'Zz' }), 200);
      expectStatus(await admin.delete(`/api/v1/locations/${b.id}`), 200);
      await check();
      expectStatus(await admin.delete(`/api/v1/students/${sem.id}`), 204);
      await check();

      const inC = expectStatus(await admin.get(`/api/v1/students?location=${c.id}`), 200);
      expect(inC.total).toBe(1);
      expect(inC.items.map((s: { displayName: string }) => s.displayName)).toEqual(['Noor Aalders']);
      expect(expectStatus(await admin.get(`/api/v1/staff?location=${c.id}`), 200).total).toBe(1);
    });
  });
});
