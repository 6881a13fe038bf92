import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('locations', (t) => {
  describe('when a pakketbeheerder manages locations', () => {
    it('should create, list, rename and delete a location', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const created = expectStatus(
        await admin.post('/api/v1/locations', { name: 'De Regenboog', code: '99zz00' }),
        201,
      );
      expect(created).toMatchObject({ name: 'De Regenboog', code: '99ZZ00' });

      const list = expectStatus(await admin.get('/api/v1/locations'), 200);
      expect(list.items.map((l: { id: string }) => l.id)).toEqual([created.id]);

      const renamed = expectStatus(
        await admin.patch(`/api/v1/locations/${created.id}`, { name: "'t Kompas" }),
        200,
      );
      expect(renamed.name).toBe("'t Kompas");
      expect(expectStatus(await admin.get(`/api/v1/locations/${created.id}`), 200).name).toBe("'t Kompas");

      const deleted = expectStatus(await admin.delete(`/api/v1/locations/${created.id}`), 200);
      expect(deleted).toEqual({ unlinkedPeople: 0 });
      expectStatus(await admin.get(`/api/v1/locations/${created.id}`), 404);
    });

    it('should refuse a second location with the same code', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      expectStatus(await admin.post('/api/v1/locations', { name: 'A', code: '11AA00' }), 201);
      const problem = expectStatus(await admin.post('/api/v1/locations', { name: 'B', code: '11aa00' }), 409);
      expect(problem.code).toBe('LOCATION_CODE_TAKEN');
    });
  });

  describe('when a location with people is deleted', () => {
    it('should unlink its staff and students but keep them', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Oost' }), 201);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 4', locationId: location.id }),
        201,
      );
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Sem', lastName: 'Jansen', groupIds: [group.id] }),
        201,
      );
      const staff = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Petra',
          lastName: 'Bakker',
          email: 'petra@example.org',
          locations: [{ locationId: location.id, level: 'admin' }],
        }),
        201,
      );

      expect(expectStatus(await admin.delete(`/api/v1/locations/${location.id}`), 200)).toEqual({
        unlinkedPeople: 2,
      });

      const studentAfter = expectStatus(await admin.get(`/api/v1/students/${student.id}`), 200);
      expect(studentAfter.groupIds).toEqual([]);
      const staffAfter = expectStatus(await admin.get(`/api/v1/staff/${staff.id}`), 200);
      expect(staffAfter.locations).toEqual([]);
      expectStatus(await admin.get(`/api/v1/groups/${group.id}`), 404);
    });
  });

  describe('when another board asks for a location', () => {
    it('should answer exactly as for a missing one', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const other = await newBoard(ctx, app);
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Noord' }), 201);
      const foreign = await other.admin.get(`/api/v1/locations/${location.id}`);
      const missing = await other.admin.get('/api/v1/locations/01900000-0000-7000-8000-000000000000');
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toEqual(missing.json());
      expect((await other.admin.patch(`/api/v1/locations/${location.id}`, { name: 'x' })).statusCode).toBe(
        404,
      );
      expect((await other.admin.delete(`/api/v1/locations/${location.id}`)).statusCode).toBe(404);
    });
  });
});
