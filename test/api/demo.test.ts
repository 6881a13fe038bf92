import { describe, expect, it } from 'vitest';
import { createDemoBoard, type DemoBoard } from '../../src/demo/demo.ts';
import { generateBoard } from '../../src/demo/generate.ts';
import { countBoards } from '../../src/modules/boards/index.ts';
import { fold } from '../../src/platform/text.ts';
import { type Client, expectStatus, signIn } from '../support/api.ts';
import { describeEach, type TestEnv } from '../support/harness.ts';

const PASSWORD = 'tulp-molen-kaas-42';

interface StudentItem {
  firstName: string;
  infix: string | null;
  lastName: string;
  groupIds: string[];
}

/** Every page of a list, following nextCursor. */
async function allItems<T>(client: Client, url: string): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null; total: number } = expectStatus(
      await client.get(`${url}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`),
      200,
    );
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor);
  return { items, total };
}

function accountOf(demo: DemoBoard, role: string) {
  const account = demo.signIn.find((a) => a.role === role);
  if (!account) throw new Error(`the demo printed no ${role}`);
  return account;
}

describeEach('demo', (t) => {
  let demo: DemoBoard | undefined;
  let admin: Client | undefined;
  /** One demo board per dialect, made once: the tests below only read it. */
  async function board(env: TestEnv) {
    if (!demo || !admin) {
      demo = await createDemoBoard(env.ctx, { password: PASSWORD });
      admin = await signIn(env.app, accountOf(demo, 'pakketbeheerder').email, PASSWORD);
    }
    return { demo, admin };
  }

  describe('when the demo board is created', () => {
    it('should make three schools of about eight groups of about 25 students, and their staff', async () => {
      const { demo, admin } = await board(t());
      expect(demo.counts.locations).toBe(3);
      expect(demo.counts.groups).toBeGreaterThanOrEqual(21);
      expect(demo.counts.groups).toBeLessThanOrEqual(27);
      expect(demo.counts.students).toBeGreaterThanOrEqual(demo.counts.groups * 22);
      expect(demo.counts.students).toBeLessThanOrEqual(demo.counts.groups * 28);

      const locations = expectStatus(await admin.get('/api/v1/locations'), 200);
      expect(locations.items).toHaveLength(3);
      for (const location of locations.items) expect(location.code).toMatch(/^\d{2}[A-Z]{2}00$/);
      const groups = await allItems<{ name: string; grade: string }>(admin, '/api/v1/groups');
      expect(groups.total).toBe(demo.counts.groups);
      for (const group of groups.items) expect(group.name).toMatch(/^Groep (1\/2|[3-8])[a-z]?$/);
      expect(groups.items.find((g) => g.name.startsWith('Groep 1/2'))?.grade).toBe('1');
      expect(expectStatus(await admin.get('/api/v1/students?limit=1'), 200).total).toBe(demo.counts.students);
      expect(expectStatus(await admin.get('/api/v1/staff?limit=1'), 200).total).toBe(demo.counts.staff);
    });

    it('should give students Dutch names with infixes and names from elsewhere', async () => {
      const { admin } = await board(t());
      const { items } = await allItems<StudentItem>(admin, '/api/v1/students');
      const infixes = new Set(items.map((s) => s.infix));
      for (const infix of ['van', 'de', 'van der', "van 't", 'ter']) expect(infixes).toContain(infix);
      const names = items.map((s) => `${s.firstName} ${s.lastName}`);
      // Ismaël, Çelik, Nguyễn, Yılmaz, Ørsted, Chloë: names that folding changes beyond lower case.
      expect(names.some((name) => fold(name) !== name.toLowerCase())).toBe(true);
      for (const student of items) expect(student.groupIds).toHaveLength(1);
    });

    it('should list students on last name without infix, Dutch style', async () => {
      const { admin } = await board(t());
      const { items } = await allItems<StudentItem>(admin, '/api/v1/students');
      const keys = items.map((s) => [fold(s.lastName), fold(s.firstName)].join('\u0001'));
      expect(keys).toEqual([...keys].sort());
      // "van den Berg" sits among the B's, between names without infix.
      const withInfix = items.findIndex(
        (s, i) => s.infix !== null && items[i - 1]?.infix === null && items[i + 1]?.infix === null,
      );
      expect(withInfix).toBeGreaterThan(0);
    });

    it('should count the students of each school and group exactly', async () => {
      const { demo, admin } = await board(t());
      const { items: students } = await allItems<StudentItem>(admin, '/api/v1/students');
      const groups = await allItems<{ id: string; locationId: string }>(admin, '/api/v1/groups');
      const locationOf = new Map(groups.items.map((g) => [g.id, g.locationId]));
      const locations = expectStatus(await admin.get('/api/v1/locations'), 200);
      let sum = 0;
      for (const location of locations.items) {
        const expected = students.filter((s) => s.groupIds.some((g) => locationOf.get(g) === location.id));
        const page = expectStatus(await admin.get(`/api/v1/students?location=${location.id}&limit=50`), 200);
        expect(page.total).toBe(expected.length);
        expect(page.items).toHaveLength(50);
        sum += page.total;
      }
      expect(sum).toBe(demo.counts.students);
      const group = groups.items[0];
      const inGroup = students.filter((s) => s.groupIds.includes(group?.id ?? ''));
      const page = expectStatus(await admin.get(`/api/v1/students?group=${group?.id}`), 200);
      expect(page.total).toBe(inGroup.length);
      expect(page.items).toHaveLength(inGroup.length);
    });

    it('should record one board.demo audit event', async () => {
      const { admin } = await board(t());
      const events = expectStatus(await admin.get('/api/v1/audit?action=board.demo'), 200);
      expect(events.total).toBe(1);
      expect(events.items[0].after).toMatchObject({ locations: 3 });
    });
  });

  describe('when someone signs in with a printed account', () => {
    it('should sign the pakketbeheerder in through POST /api/v1/auth/login', async () => {
      const { app } = t();
      const { demo } = await board(t());
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: accountOf(demo, 'pakketbeheerder').email, password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().user).toMatchObject({ isBoardAdmin: true, boardId: demo.boardId });
    });

    it('should show a locatiebeheerder only the students of their school', async () => {
      const { app } = t();
      const { demo } = await board(t());
      const director = await signIn(app, accountOf(demo, 'locatiebeheerder').email, PASSWORD);
      const me = expectStatus(await director.get('/api/v1/me'), 200);
      expect(me.locations).toEqual([{ locationId: expect.any(String), level: 'admin' }]);
      const students = expectStatus(await director.get('/api/v1/students?limit=1'), 200);
      expect(students.total).toBeGreaterThan(100);
      expect(students.total).toBeLessThan(demo.counts.students);
    });

    it('should show a teacher the students of their group', async () => {
      const { app } = t();
      const { demo } = await board(t());
      const teacher = await signIn(app, accountOf(demo, 'leerkracht').email, PASSWORD);
      const me = expectStatus(await teacher.get('/api/v1/me'), 200);
      expect(me.groupIds).toHaveLength(1);
      const students = await allItems<StudentItem>(teacher, '/api/v1/students');
      expect(students.total).toBeGreaterThanOrEqual(22);
      for (const student of students.items) expect(student.groupIds).toEqual(me.groupIds);
    });

    it('should give the other staff their library levels', async () => {
      const { app } = t();
      const { demo } = await board(t());
      for (const [role, level] of [
        ['intern begeleider', 'files'],
        ['ict-coördinator', 'folders'],
      ]) {
        const person = await signIn(app, accountOf(demo, role ?? '').email, PASSWORD);
        const me = expectStatus(await person.get('/api/v1/me'), 200);
        expect(me.locations).toEqual([{ locationId: expect.any(String), level }]);
      }
    });
  });

  describe('when a child signs in on a demo school page', () => {
    it('should show the groups with icons and let children in with their pictures or temporary password', async () => {
      const { app } = t();
      const { demo } = await board(t());
      const pageUrl = demo.signInPages[0] ?? '';
      const code = pageUrl.slice(pageUrl.lastIndexOf('/') + 1);
      const page = expectStatus(await app.inject({ url: `/api/v1/signin/locations/${code}` }), 200);
      expect(page.namesShown).toBe(true);
      expect(page.groups.every((g: { icon: string | null }) => g.icon !== null)).toBe(true);
      const admin = await signIn(app, accountOf(demo, 'pakketbeheerder').email, PASSWORD);
      const signInWith = async (method: 'pictures' | 'password') => {
        for (const group of page.groups) {
          const { students } = expectStatus(
            await app.inject({ url: `/api/v1/signin/locations/${code}/groups/${group.id}` }),
            200,
          );
          const child = students.find((s: { signInMethod: string }) => s.signInMethod === method);
          if (!child) continue;
          const payload =
            method === 'pictures'
              ? expectStatus(await admin.get(`/api/v1/students/${child.id}/pictures`), 200)
              : {
                  password: expectStatus(await admin.get(`/api/v1/students/${child.id}/password`), 200)
                    .temporaryPassword,
                };
          const answer = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { personId: child.id, ...payload },
          });
          return expectStatus(answer, 200).mustChangePassword as boolean;
        }
        throw new Error(`no ${method} child on the page`);
      };
      expect(await signInWith('pictures')).toBe(false);
      expect(await signInWith('password')).toBe(true);
    });
  });

  describe('when the password is shorter than the board allows', () => {
    it('should refuse and write nothing', async () => {
      const { ctx } = t();
      const before = await countBoards(ctx.db);
      await expect(createDemoBoard(ctx, { password: 'kort' })).rejects.toMatchObject({
        code: 'PASSWORD_TOO_SHORT',
      });
      expect(await countBoards(ctx.db)).toBe(before);
    });
  });
});

describe('demo generator', () => {
  describe('when run twice with the same seed', () => {
    it('should produce the same board', () => {
      const shape = { seed: 7, locations: 2, groupsPerLocation: 8, studentsPerGroup: 25, vary: true };
      const run = () => {
        let n = 0;
        const board = generateBoard({
          ...shape,
          boardId: 'b',
          now: '2026-01-01T00:00:00.000Z',
          emailDomain: 'example.org',
          staffPasswordHash: null,
          newId: () => `id${n++}`,
        });
        return [board.locations, board.groups, board.students, board.staff, board.memberships];
      };
      expect(run()).toEqual(run());
    });
  });

  describe('when exact counts are asked for', () => {
    it('should make exactly locations × groups × students', () => {
      const board = generateBoard({
        seed: 1,
        locations: 20,
        groupsPerLocation: 200,
        studentsPerGroup: 25,
        vary: false,
        teachersPerLocation: 14,
        boardId: 'b',
        now: '2026-01-01T00:00:00.000Z',
        emailDomain: 'example.org',
        staffPasswordHash: null,
      });
      expect(board.groups).toHaveLength(4_000);
      expect(board.students).toHaveLength(100_000);
      expect(new Set(board.students.map((s) => s.username_key)).size).toBe(100_000);
      expect(new Set(board.locations.map((l) => l.code)).size).toBe(20);
      expect(new Set(board.locations.map((l) => l.name)).size).toBe(20);
    });
  });
});
