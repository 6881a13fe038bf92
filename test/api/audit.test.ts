import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard, signIn } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

type Event = {
  action: string;
  targetId: string;
  actorId: string;
  before: unknown;
  after: unknown;
  sourceIp: string;
};

describeEach('audit log', (t) => {
  describe('when people change things', () => {
    it('should record who, what, before, after, when and from where, without secrets', async () => {
      const { app, ctx } = t();
      const { admin, adminId } = await newBoard(ctx, app);
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Oud' }), 201);
      expectStatus(await admin.patch(`/api/v1/locations/${location.id}`, { name: 'Nieuw' }), 200);
      const staff = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Geheim',
          lastName: 'Houder',
          email: 'geheim@example.org',
          password: 'supergeheim wachtwoord',
        }),
        201,
      );
      const log = expectStatus(await admin.get('/api/v1/audit'), 200);
      const events = log.items as Event[];
      expect(events.map((e) => e.action)).toEqual([
        'staff.create',
        'location.update',
        'location.create',
        'board.create',
      ]);
      const rename = events[1];
      expect(rename).toMatchObject({
        actorId: adminId,
        actorName: 'Anna Admin',
        targetId: location.id,
        before: { name: 'Oud' },
        after: { name: 'Nieuw' },
        sourceIp: '127.0.0.1',
      });
      expect(events[0]?.targetId).toBe(staff.id);
      const raw = JSON.stringify(log);
      expect(raw).not.toContain('supergeheim');
      expect(raw).not.toContain('$argon2');
    });

    it('should filter on actor, action, target and time, and page', async () => {
      const { app, ctx } = t();
      const { admin, adminId } = await newBoard(ctx, app);
      const before = new Date(Date.now() - 1000).toISOString();
      for (const name of ['Een', 'Twee', 'Drie'])
        expectStatus(await admin.post('/api/v1/locations', { name }), 201);
      const creates = expectStatus(
        await admin.get(`/api/v1/audit?action=location.create&actor=${adminId}&limit=2`),
        200,
      );
      expect(creates.total).toBe(3);
      expect(creates.items).toHaveLength(2);
      const rest = expectStatus(
        await admin.get(`/api/v1/audit?action=location.create&limit=2&cursor=${creates.nextCursor}`),
        200,
      );
      expect(rest.items).toHaveLength(1);
      expect(rest.nextCursor).toBeNull();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(expectStatus(await admin.get(`/api/v1/audit?from=${future}`), 200).total).toBe(0);
      expect(
        expectStatus(await admin.get(`/api/v1/audit?from=${before}&action=location.create`), 200).total,
      ).toBe(3);
    });
  });

  describe('when a locatiebeheerder reads the log', () => {
    it('should show only the events of their locations, and refuse other locations and teachers', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const a = expectStatus(await admin.post('/api/v1/locations', { name: 'A' }), 201);
      const b = expectStatus(await admin.post('/api/v1/locations', { name: 'B' }), 201);
      const groupA = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep A', locationId: a.id }),
        201,
      );
      const groupB = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep B', locationId: b.id }),
        201,
      );
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loc',
          lastName: 'Beheer',
          email: 'loc@example.org',
          password: 'tijdelijk wachtwoord',
          locations: [{ locationId: a.id, level: 'admin' }],
        }),
        201,
      );
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Juf',
          lastName: 'Ank',
          email: 'ank@example.org',
          password: 'tijdelijk wachtwoord',
          groupIds: [groupA.id],
        }),
        201,
      );
      const locationAdmin = await signIn(app, 'loc@example.org', 'tijdelijk wachtwoord');
      const visible = expectStatus(await locationAdmin.get('/api/v1/audit?limit=200'), 200);
      const targets = (visible.items as Event[]).map((e) => e.targetId);
      expect(targets).toContain(groupA.id);
      expect(targets).not.toContain(groupB.id);
      expect(targets).not.toContain(b.id);
      expectStatus(await locationAdmin.get(`/api/v1/audit?location=${a.id}`), 200);
      expect(expectStatus(await locationAdmin.get(`/api/v1/audit?location=${b.id}`), 403).code).toBe(
        'FORBIDDEN',
      );

      const teacher = await signIn(app, 'ank@example.org', 'tijdelijk wachtwoord');
      expect(expectStatus(await teacher.get('/api/v1/audit'), 403).code).toBe('FORBIDDEN');
    });
  });
});
