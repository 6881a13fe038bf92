import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

type Item = { id: string; displayName: string; username: string };

async function boardWithGroups(t: Parameters<Parameters<typeof describeEach>[1]>[0]) {
  const { app, ctx } = t();
  const board = await newBoard(ctx, app);
  const { admin } = board;
  const north = expectStatus(await admin.post('/api/v1/locations', { name: 'Noord' }), 201);
  const south = expectStatus(await admin.post('/api/v1/locations', { name: 'Zuid' }), 201);
  const g3 = expectStatus(
    await admin.post('/api/v1/groups', { name: 'Groep 3', locationId: north.id, grade: '3' }),
    201,
  );
  const g7 = expectStatus(
    await admin.post('/api/v1/groups', { name: 'Groep 7', locationId: south.id, grade: '7' }),
    201,
  );
  return { ...board, north, south, g3, g7 };
}

describeEach('students', (t) => {
  describe('when an administrator adds students', () => {
    it('should store Unicode names exactly and generate unique usernames', async () => {
      const { admin, g3 } = await boardWithGroups(t);
      const names = [
        { firstName: 'Ismaël', lastName: 'Çelik' },
        { firstName: 'Thị', lastName: 'Nguyễn' },
        { firstName: 'Søren', lastName: 'Ørsted' },
        { firstName: 'Ismaël', lastName: 'Çelik' },
      ];
      const created = [];
      for (const name of names) {
        created.push(expectStatus(await admin.post('/api/v1/students', { ...name, groupIds: [g3.id] }), 201));
      }
      expect(created.map((s) => `${s.firstName}|${s.lastName}`)).toEqual(
        names.map((n) => `${n.firstName}|${n.lastName}`),
      );
      expect(created.map((s) => s.username)).toEqual([
        'ismael.celik',
        'thi.nguyen',
        'soren.orsted',
        'ismael.celik2',
      ]);
      const fetched = expectStatus(await admin.get(`/api/v1/students/${created[1].id}`), 200);
      expect(fetched).toMatchObject({
        firstName: 'Thị',
        lastName: 'Nguyễn',
        groupIds: [g3.id],
        mustChangePassword: true,
      });
    });

    it('should refuse a username that differs only in case', async () => {
      const { admin } = await boardWithGroups(t);
      expectStatus(
        await admin.post('/api/v1/students', { firstName: 'A', lastName: 'B', username: 'Sam.de.Vries' }),
        201,
      );
      const taken = await admin.post('/api/v1/students', {
        firstName: 'C',
        lastName: 'D',
        username: 'sam.DE.vries',
      });
      expect(expectStatus(taken, 409)).toMatchObject({
        code: 'USERNAME_TAKEN',
        errors: [{ field: 'username' }],
      });
    });

    it('should refuse a group of another board as if it did not exist', async () => {
      const { admin } = await boardWithGroups(t);
      const other = await boardWithGroups(t);
      const response = await admin.post('/api/v1/students', {
        firstName: 'A',
        lastName: 'B',
        groupIds: [other.g3.id],
      });
      expect(expectStatus(response, 404).code).toBe('GROUP_NOT_FOUND');
      expect(expectStatus(await admin.get('/api/v1/students'), 200).total).toBe(0);
    });
  });

  describe('when a list is searched', () => {
    it('should find names case- and accent-insensitively by prefix of first or last name', async () => {
      const { admin, g3 } = await boardWithGroups(t);
      for (const [firstName, infix, lastName] of [
        ['Ismaël', null, 'Çelik'],
        ['Isabel', 'de', 'Boer'],
        ['Daan', 'van', 'Ismail'],
        ['Noor', null, 'Jansen'],
      ] as const) {
        expectStatus(
          await admin.post('/api/v1/students', { firstName, infix, lastName, groupIds: [g3.id] }),
          201,
        );
      }
      const search = async (q: string) =>
        (
          expectStatus(await admin.get(`/api/v1/students?q=${encodeURIComponent(q)}`), 200).items as Item[]
        ).map((s) => s.displayName);
      expect(await search('Ismael')).toEqual(['Ismaël Çelik']);
      expect(await search('ISMA')).toEqual(['Ismaël Çelik', 'Daan van Ismail']);
      expect(await search('celik')).toEqual(['Ismaël Çelik']);
      expect(await search('is')).toEqual(['Isabel de Boer', 'Ismaël Çelik', 'Daan van Ismail']);
      expect(await search('isabel boer')).toEqual(['Isabel de Boer']);
      expect(await search('oer')).toEqual([]);
      expect(await search('%')).toEqual([]);
    });
  });

  describe('when a list is read', () => {
    it('should sort Dutch-style on last name without infix', async () => {
      const { admin, g7 } = await boardWithGroups(t);
      for (const [firstName, infix, lastName] of [
        ['Gradje', "van 't", 'Hof'],
        ['Anna', 'de', 'Boer'],
        ['Bram', null, 'Aalders'],
        ['Anna', null, 'Boer'],
        ['Zoë', 'van der', 'Heijden'],
      ] as const) {
        expectStatus(
          await admin.post('/api/v1/students', { firstName, infix, lastName, groupIds: [g7.id] }),
          201,
        );
      }
      const list = expectStatus(await admin.get(`/api/v1/students?group=${g7.id}`), 200);
      expect((list.items as Item[]).map((s) => s.displayName)).toEqual([
        'Bram Aalders',
        'Anna Boer',
        'Anna de Boer',
        'Zoë van der Heijden',
        "Gradje van 't Hof",
      ]);
    });

    it('should page with a cursor through every student exactly once, filtered by location and group', async () => {
      const { admin, g3, g7, north, south } = await boardWithGroups(t);
      const ids = new Set<string>();
      for (let i = 0; i < 23; i++) {
        const group = i % 3 === 0 ? g7 : g3;
        const student = expectStatus(
          await admin.post('/api/v1/students', {
            firstName: `Kind${i}`,
            lastName: 'Pagina',
            groupIds: [group.id],
          }),
          201,
        );
        if (group === g3) ids.add(student.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/students?location=${north.id}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { total: number; items: Item[]; nextCursor: string | null } = expectStatus(
          await admin.get(url),
          200,
        );
        expect(page.total).toBe(ids.size);
        seen.push(...(page.items as Item[]).map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(ids.size);
      expect(new Set(seen)).toEqual(ids);
      expect(expectStatus(await admin.get(`/api/v1/students?group=${g7.id}`), 200).total).toBe(8);
      expect(expectStatus(await admin.get(`/api/v1/students?location=${south.id}&q=kind`), 200).total).toBe(
        8,
      );
    });
  });

  describe('when a student is edited or deleted', () => {
    it('should move groups, set consent and sign-in method, and delete', async () => {
      const { admin, g3, g7 } = await boardWithGroups(t);
      const student = expectStatus(
        await admin.post('/api/v1/students', { firstName: 'Mila', lastName: 'Kok', groupIds: [g3.id] }),
        201,
      );
      const updated = expectStatus(
        await admin.patch(`/api/v1/students/${student.id}`, {
          groupIds: [g7.id],
          privacyConsent: true,
          signInMethod: 'pictures',
          infix: 'de',
        }),
        200,
      );
      expect(updated).toMatchObject({
        groupIds: [g7.id],
        privacyConsent: true,
        signInMethod: 'pictures',
        displayName: 'Mila de Kok',
      });
      const members = expectStatus(await admin.get(`/api/v1/groups/${g7.id}/members`), 200);
      expect(members.students.map((m: { personId: string }) => m.personId)).toEqual([student.id]);
      expectStatus(await admin.delete(`/api/v1/students/${student.id}`), 204);
      expectStatus(await admin.get(`/api/v1/students/${student.id}`), 404);
      expect(expectStatus(await admin.get(`/api/v1/groups/${g7.id}/members`), 200).students).toEqual([]);
    });
  });
});
