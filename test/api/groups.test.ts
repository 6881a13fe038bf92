import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('groups', (t) => {
  async function setup() {
    const { app, ctx } = t();
    const board = await newBoard(ctx, app);
    const north = expectStatus(await board.admin.post('/api/v1/locations', { name: 'Noord' }), 201);
    const south = expectStatus(await board.admin.post('/api/v1/locations', { name: 'Zuid' }), 201);
    return { ...board, north, south };
  }

  describe('when a group is added and edited', () => {
    it('should keep every field and apply the defaults', async () => {
      const { admin, north, south } = await setup();
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 1/2a', locationId: north.id, grade: '1' }),
        201,
      );
      expect(group).toMatchObject({
        name: 'Groep 1/2a',
        grade: '1',
        icon: null,
        showOnSignInPage: true,
        signInMethod: 'password',
      });
      const edited = expectStatus(
        await admin.patch(`/api/v1/groups/${group.id}`, {
          name: 'Groep 2b',
          locationId: south.id,
          grade: '2',
          icon: 'rocket',
          showOnSignInPage: false,
          signInMethod: 'pictures',
        }),
        200,
      );
      expect(edited).toMatchObject({
        name: 'Groep 2b',
        locationId: south.id,
        icon: 'rocket',
        showOnSignInPage: false,
        signInMethod: 'pictures',
      });
      // Edit works again at once on the same group: no stale state anywhere.
      const again = expectStatus(await admin.patch(`/api/v1/groups/${group.id}`, { name: 'Groep 2c' }), 200);
      expect(again).toMatchObject({ name: 'Groep 2c', locationId: south.id });
      const list = expectStatus(await admin.get(`/api/v1/groups?location=${south.id}`), 200);
      expect(list.items.map((g: { name: string }) => g.name)).toEqual(['Groep 2c']);
    });

    it('should move its students to the new location when the group moves', async () => {
      const { admin, north, south } = await setup();
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 5', locationId: north.id }),
        201,
      );
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Luuk', lastName: 'Bos', groupIds: [group.id] }),
        201,
      );
      expectStatus(await admin.patch(`/api/v1/groups/${group.id}`, { locationId: south.id }), 200);
      expect(expectStatus(await admin.get(`/api/v1/students?location=${north.id}`), 200).total).toBe(0);
      const inSouth = expectStatus(await admin.get(`/api/v1/students?location=${south.id}`), 200);
      expect(inSouth.items.map((s: { id: string }) => s.id)).toEqual([student.id]);
    });

    it('should refuse a location of another board', async () => {
      const { app, ctx } = t();
      const { admin } = await setup();
      const other = await newBoard(ctx, app);
      const foreign = expectStatus(await other.admin.post('/api/v1/locations', { name: 'Elders' }), 201);
      const response = await admin.post('/api/v1/groups', { name: 'Groep 8', locationId: foreign.id });
      expect(expectStatus(response, 404).code).toBe('LOCATION_NOT_FOUND');
    });
  });

  describe('when people are linked to a group', () => {
    it('should add and remove staff and students, with clear errors for repeats', async () => {
      const { admin, north } = await setup();
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 6', locationId: north.id }),
        201,
      );
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Emma', lastName: 'Vos' }),
        201,
      );
      const teacher = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Hans',
          lastName: 'Meijer',
          email: 'hans@example.org',
        }),
        201,
      );
      expectStatus(await admin.post(`/api/v1/groups/${group.id}/members`, { personId: student.id }), 204);
      expectStatus(await admin.post(`/api/v1/groups/${group.id}/members`, { personId: teacher.id }), 204);
      const again = await admin.post(`/api/v1/groups/${group.id}/members`, { personId: student.id });
      expect(expectStatus(again, 409).code).toBe('ALREADY_MEMBER');
      const members = expectStatus(await admin.get(`/api/v1/groups/${group.id}/members`), 200);
      expect(members.staff.map((m: { personId: string }) => m.personId)).toEqual([teacher.id]);
      expect(members.students.map((m: { personId: string }) => m.personId)).toEqual([student.id]);
      const listed = expectStatus(await admin.get('/api/v1/groups'), 200);
      expect(listed.items[0]).toMatchObject({ staffCount: 1, studentCount: 1 });

      expectStatus(await admin.delete(`/api/v1/groups/${group.id}/members/${student.id}`), 204);
      const missing = await admin.delete(`/api/v1/groups/${group.id}/members/${student.id}`);
      expect(expectStatus(missing, 404).code).toBe('NOT_A_MEMBER');
      const nobody = await admin.post(`/api/v1/groups/${group.id}/members`, {
        personId: '01900000-0000-7000-8000-000000000000',
      });
      expect(expectStatus(nobody, 404).code).toBe('PERSON_NOT_FOUND');
    });

    it('should keep the members when the group is deleted', async () => {
      const { admin, north } = await setup();
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 7', locationId: north.id }),
        201,
      );
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Finn', lastName: 'Smit', groupIds: [group.id] }),
        201,
      );
      expectStatus(await admin.delete(`/api/v1/groups/${group.id}`), 204);
      expectStatus(await admin.get(`/api/v1/groups/${group.id}`), 404);
      expect(expectStatus(await admin.get(`/api/v1/students/${student.id}`), 200).groupIds).toEqual([]);
    });
  });
});
