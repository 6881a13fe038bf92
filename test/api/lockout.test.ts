import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import type { PasswordHasher } from '../../src/platform/passwords.ts';
import { expectStatus, newBoard, PASSWORD } from '../support/api.ts';
import { describeEach, testHasher } from '../support/harness.ts';

/** Counts every password check, so a test can tell how many guesses were really tried. */
const counting = { verifies: 0 };
const countingHasher: PasswordHasher = {
  hash: (password) => testHasher.hash(password),
  verify: (passwordHash, password) => {
    counting.verifies += 1;
    return testHasher.verify(passwordHash, password);
  },
};

describeEach(
  'lockout',
  (t) => {
    const signIn = (app: ReturnType<typeof t>['app'], email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

    describe('when someone keeps typing a wrong password', () => {
      it('should slow down, lock after five tries for fifteen minutes, then let the right password in', async () => {
        const { app, ctx, clock } = t();
        const { adminEmail } = await newBoard(ctx, app);
        clock.pauses.length = 0;
        for (let i = 0; i < 5; i++)
          expect((await signIn(app, adminEmail, 'wrong password')).statusCode).toBe(401);
        expect(clock.pauses).toEqual([0, 0, 1000, 2000, 4000]);
        const locked = await signIn(app, adminEmail, PASSWORD);
        expect(expectStatus(locked, 423).code).toBe('ACCOUNT_LOCKED');
        clock.advance(14 * 60_000);
        expect((await signIn(app, adminEmail, PASSWORD)).statusCode).toBe(423);
        clock.advance(2 * 60_000);
        expect((await signIn(app, adminEmail, PASSWORD)).statusCode).toBe(200);
        // The count started over: four more wrong ones do not lock.
        for (let i = 0; i < 4; i++)
          expect((await signIn(app, adminEmail, 'wrong password')).statusCode).toBe(401);
        expect((await signIn(app, adminEmail, PASSWORD)).statusCode).toBe(200);
      });

      it('should never answer "locked" for a name that does not exist', async () => {
        const { app } = t();
        for (let i = 0; i < 7; i++) {
          expect(expectStatus(await signIn(app, 'niemand@example.org', 'wrong password'), 401).code).toBe(
            'INVALID_CREDENTIALS',
          );
        }
      });
    });

    describe('when a hundred wrong passwords arrive at once on two nodes', () => {
      it('should check no more than the threshold of them', async () => {
        const { app, ctx, dialect, url } = t();
        const { adminEmail } = await newBoard(ctx, app);
        // A second node: its own connection pool on PostgreSQL (SQLite in memory has one connection to share).
        const second = dialect === 'postgres' ? openDatabase(url) : undefined;
        const otherNode = await buildApp({ ...ctx, db: second?.db ?? ctx.db, logger: false });
        try {
          counting.verifies = 0;
          const answers = await Promise.all(
            Array.from({ length: 100 }, (_, i) => signIn(i % 2 ? app : otherNode, adminEmail, `wrong ${i}`)),
          );
          expect(counting.verifies).toBe(5);
          const statuses = answers.map((a) => a.statusCode);
          expect(statuses.filter((s) => s === 401)).toHaveLength(5);
          expect(statuses.filter((s) => s === 423)).toHaveLength(95);
        } finally {
          await otherNode.close();
          await second?.close();
        }
      });
    });
  },
  { hasher: countingHasher },
);

describeEach('unlocking', (t) => {
  describe('when a teacher unlocks a student or the whole group', () => {
    it('should list locked accounts and unlock them, one or all, with audit events', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'Slot' }), 201);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 5', locationId: location.id }),
        201,
      );
      const students = [];
      for (const name of ['Aa', 'Bb', 'Cc']) {
        students.push(
          expectStatus(
            await admin.post('/api/v1/students', {
              firstName: 'Kind',
              lastName: `${name}${group.id.slice(-5)}`,
              groupIds: [group.id],
            }),
            201,
          ),
        );
      }
      const lock = async (username: string) => {
        for (let i = 0; i < 5; i++) {
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username, password: 'fout fout' },
          });
        }
      };
      for (const s of students) await lock(s.username);

      const locked = expectStatus(await admin.get(`/api/v1/students?group=${group.id}&locked=true`), 200);
      expect(locked.total).toBe(3);
      expect(locked.items[0]).toMatchObject({ lockReason: 'password', lockedUntil: expect.any(String) });

      expectStatus(await admin.post(`/api/v1/students/${students[0].id}/unlock`), 204);
      expect(expectStatus(await admin.get(`/api/v1/students?group=${group.id}&locked=true`), 200).total).toBe(
        2,
      );
      const temporary = expectStatus(
        await admin.get(`/api/v1/students/${students[0].id}/password`),
        200,
      ).temporaryPassword;
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: students[0].username, password: temporary },
      });
      expect(signIn.statusCode).toBe(200);

      expect(expectStatus(await admin.post(`/api/v1/groups/${group.id}/unlock`), 200)).toEqual({
        unlocked: 2,
      });
      expect(expectStatus(await admin.get(`/api/v1/students?group=${group.id}&locked=true`), 200).total).toBe(
        0,
      );
      expect(expectStatus(await admin.post(`/api/v1/groups/${group.id}/unlock`), 200)).toEqual({
        unlocked: 0,
      });
      expect(expectStatus(await admin.get('/api/v1/audit?action=student.unlock'), 200).total).toBe(3);
    });
  });
});
