import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard, signIn } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('staff', (t) => {
  describe('when a pakketbeheerder adds a staff member with rights', () => {
    it('should store levels per location and groups, and show them', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const a = expectStatus(await admin.post('/api/v1/locations', { name: 'A' }), 201);
      const b = expectStatus(await admin.post('/api/v1/locations', { name: 'B' }), 201);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 1/2', locationId: a.id, grade: '1' }),
        201,
      );
      const staff = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Kees',
          infix: 'van der',
          lastName: 'Berg',
          email: 'Kees.vanderBerg@Example.org',
          locations: [
            { locationId: a.id, level: 'admin' },
            { locationId: b.id, level: 'files' },
          ],
          groupIds: [group.id],
        }),
        201,
      );
      expect(staff).toMatchObject({
        displayName: 'Kees van der Berg',
        isBoardAdmin: false,
        groupIds: [group.id],
      });
      expect(staff.locations).toEqual(
        expect.arrayContaining([
          { locationId: a.id, level: 'admin' },
          { locationId: b.id, level: 'files' },
        ]),
      );
      const inB = expectStatus(await admin.get(`/api/v1/staff?location=${b.id}`), 200);
      expect(inB.items.map((s: { id: string }) => s.id)).toEqual([staff.id]);
      const members = expectStatus(await admin.get(`/api/v1/groups/${group.id}/members`), 200);
      expect(members.staff.map((m: { personId: string }) => m.personId)).toEqual([staff.id]);
    });

    it('should keep e-mail addresses unique per board, ignoring case, but allow them in another board', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const other = await newBoard(ctx, app);
      const person = { firstName: 'Sara', lastName: 'Peters', email: 'sara.peters@example.org' };
      expectStatus(await admin.post('/api/v1/staff', person), 201);
      const duplicate = await admin.post('/api/v1/staff', { ...person, email: 'SARA.Peters@example.org' });
      expect(expectStatus(duplicate, 409)).toMatchObject({
        code: 'EMAIL_TAKEN',
        errors: [{ field: 'email' }],
      });
      expectStatus(await other.admin.post('/api/v1/staff', person), 201);
    });
  });

  describe('when rights are changed', () => {
    it('should let a locatiebeheerder set levels only on their own locations', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const a = expectStatus(await admin.post('/api/v1/locations', { name: 'A' }), 201);
      const b = expectStatus(await admin.post('/api/v1/locations', { name: 'B' }), 201);
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loes',
          lastName: 'Beheer',
          email: 'loes@example.org',
          password: 'tijdelijk wachtwoord',
          locations: [{ locationId: a.id, level: 'admin' }],
        }),
        201,
      );
      const loes = await signIn(app, 'loes@example.org', 'tijdelijk wachtwoord');
      const teacher = expectStatus(
        await loes.post('/api/v1/staff', {
          firstName: 'Piet',
          lastName: 'Leraar',
          email: 'piet@example.org',
          locations: [{ locationId: a.id, level: 'read' }],
        }),
        201,
      );
      const up = await loes.patch(`/api/v1/staff/${teacher.id}`, {
        locations: [{ locationId: a.id, level: 'folders' }],
      });
      expect(expectStatus(up, 200).locations).toEqual([{ locationId: a.id, level: 'folders' }]);

      const onB = await loes.patch(`/api/v1/staff/${teacher.id}`, {
        locations: [
          { locationId: a.id, level: 'folders' },
          { locationId: b.id, level: 'read' },
        ],
      });
      expect(expectStatus(onB, 403).code).toBe('FORBIDDEN');
      const boardAdmin = await loes.patch(`/api/v1/staff/${teacher.id}`, { isBoardAdmin: true });
      expect(expectStatus(boardAdmin, 403).code).toBe('FORBIDDEN');
      const unchanged = expectStatus(await admin.get(`/api/v1/staff/${teacher.id}`), 200);
      expect(unchanged).toMatchObject({
        isBoardAdmin: false,
        locations: [{ locationId: a.id, level: 'folders' }],
      });
    });

    it('should never leave a board without a pakketbeheerder and refuse deleting oneself', async () => {
      const { app, ctx } = t();
      const { admin, adminId } = await newBoard(ctx, app);
      const demote = await admin.patch(`/api/v1/staff/${adminId}`, { isBoardAdmin: false });
      expect(expectStatus(demote, 409).code).toBe('LAST_BOARD_ADMIN');
      expect(expectStatus(await admin.delete(`/api/v1/staff/${adminId}`), 409).code).toBe(
        'CANNOT_DELETE_SELF',
      );
      const second = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Twee',
          lastName: 'Admin',
          email: 'twee@example.org',
          isBoardAdmin: true,
        }),
        201,
      );
      expectStatus(await admin.patch(`/api/v1/staff/${adminId}`, { isBoardAdmin: false }), 200);
      expect(expectStatus(await admin.get('/api/v1/me'), 200).user.isBoardAdmin).toBe(false);
      expect(expectStatus(await admin.get(`/api/v1/staff/${second.id}`), 403).code).toBe('FORBIDDEN');
    });

    it('should apply the board password rule to an initial password', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const short = await admin.post('/api/v1/staff', {
        firstName: 'K',
        lastName: 'Kort',
        email: 'kort@example.org',
        password: 'negen999',
      });
      expect(expectStatus(short, 400)).toMatchObject({
        code: 'PASSWORD_TOO_SHORT',
        errors: [{ field: 'password' }],
      });
      expect(expectStatus(await admin.get('/api/v1/staff'), 200).total).toBe(1);
    });
  });

  describe('when a staff member is deleted', () => {
    it('should remove them and their links, and audit it', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const staff = expectStatus(
        await admin.post('/api/v1/staff', { firstName: 'Weg', lastName: 'Ermee', email: 'weg@example.org' }),
        201,
      );
      expectStatus(await admin.delete(`/api/v1/staff/${staff.id}`), 204);
      expectStatus(await admin.get(`/api/v1/staff/${staff.id}`), 404);
      const audit = expectStatus(await admin.get(`/api/v1/audit?target=${staff.id}`), 200);
      expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['staff.delete', 'staff.create']);
    });
  });
});
