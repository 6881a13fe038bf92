import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { Client, expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const pictureLogin = (app: FastifyInstance, personId: string, pictureSequence: string[]) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { personId, pictureSequence } });

describeEach('picture passwords', (t) => {
  /** A board with a picture group, its teacher and one student in it. */
  async function pictureClass() {
    const { app, ctx } = t();
    const board = await newBoard(ctx, app);
    const { admin } = board;
    const location = expectStatus(await admin.post('/api/v1/locations', { name: unique('School ') }), 201);
    const group = expectStatus(
      await admin.post('/api/v1/groups', {
        name: 'Groep 1',
        locationId: location.id,
        signInMethod: 'pictures',
        icon: 'frog',
      }),
      201,
    );
    const other = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 2', locationId: location.id }),
      201,
    );
    const student = expectStatus(
      await admin.post('/api/v1/students', { firstName: 'Fleur', lastName: 'Bakker', groupIds: [group.id] }),
      201,
    );
    const teacherEmail = `${unique('juf')}@example.org`;
    const otherEmail = `${unique('meester')}@example.org`;
    for (const [email, groupId] of [
      [teacherEmail, group.id],
      [otherEmail, other.id],
    ]) {
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Leer',
          lastName: 'Kracht',
          email,
          groupIds: [groupId],
          password: PASSWORD,
        }),
        201,
      );
    }
    const teacher = await signIn(app, teacherEmail, PASSWORD);
    const otherTeacher = await signIn(app, otherEmail, PASSWORD);
    return { ...board, app, ctx, location, group, other, student, teacher, teacherEmail, otherTeacher };
  }

  describe('when a teacher sets a picture password', () => {
    it('should give a random one of the board length, keep it readable, and audit reads and changes', async () => {
      const { teacher, student, admin } = await pictureClass();
      expect(expectStatus(await teacher.get(`/api/v1/students/${student.id}/pictures`), 200)).toEqual({
        pictureSequence: null,
      });
      const set = expectStatus(await teacher.put(`/api/v1/students/${student.id}/pictures`), 200);
      expect(set.pictureSequence).toHaveLength(2);
      const read = expectStatus(await teacher.get(`/api/v1/students/${student.id}/pictures`), 200);
      expect(read.pictureSequence).toEqual(set.pictureSequence);
      expect(expectStatus(await admin.get(`/api/v1/students/${student.id}`), 200).hasPicturePassword).toBe(
        true,
      );
      const audit = expectStatus(await admin.get(`/api/v1/audit?limit=10`), 200);
      const actions = audit.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['student.pictures.set', 'student.pictures.read']));
      // The stored value is sealed, never the plain sequence.
      const row = await t()
        .ctx.db.selectFrom('people')
        .select('picture_password')
        .where('id', '=', student.id)
        .executeTakeFirstOrThrow();
      expect(row.picture_password).not.toContain(set.pictureSequence[0]);
    });

    it('should take a chosen sequence of the board length and refuse other lengths and unknown pictures', async () => {
      const { teacher, student, admin } = await pictureClass();
      expectStatus(await admin.patch('/api/v1/board', { settings: { pictureSequenceLength: 3 } }), 200);
      const chosen = ['cat-face', 'banana', 'cat-face'];
      expect(
        expectStatus(
          await teacher.put(`/api/v1/students/${student.id}/pictures`, { pictureSequence: chosen }),
          200,
        ),
      ).toEqual({ pictureSequence: chosen });
      const tooShort = expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`, {
          pictureSequence: ['cat-face', 'banana'],
        }),
        400,
      );
      expect(tooShort.code).toBe('INVALID_PICTURE_SEQUENCE');
      const unknown = expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`, {
          pictureSequence: ['cat-face', 'unicorn', 'banana'],
        }),
        400,
      );
      expect(unknown.errors[0].field).toBe('pictureSequence/1');
      expect(expectStatus(await teacher.get(`/api/v1/students/${student.id}/pictures`), 200)).toEqual({
        pictureSequence: chosen,
      });
      expectStatus(await admin.patch('/api/v1/board', { settings: { pictureSequenceLength: 2 } }), 200);
    });

    it("should show the group's pictures in the overview, and refuse other teachers and boards", async () => {
      const { app, ctx, teacher, otherTeacher, student, group } = await pictureClass();
      const set = expectStatus(await teacher.put(`/api/v1/students/${student.id}/pictures`), 200);
      const overview = expectStatus(await teacher.get(`/api/v1/groups/${group.id}/passwords`), 200);
      expect(overview.items).toEqual([
        expect.objectContaining({
          personId: student.id,
          signInMethod: 'pictures',
          pictureSequence: set.pictureSequence,
          locked: false,
        }),
      ]);
      expect(expectStatus(await otherTeacher.get(`/api/v1/students/${student.id}/pictures`), 403).code).toBe(
        'FORBIDDEN',
      );
      expect((await otherTeacher.put(`/api/v1/students/${student.id}/pictures`)).statusCode).toBe(403);
      const { admin: stranger } = await newBoard(ctx, app);
      expect(expectStatus(await stranger.get(`/api/v1/students/${student.id}/pictures`), 404).code).toBe(
        'STUDENT_NOT_FOUND',
      );
      expect((await stranger.put(`/api/v1/students/${student.id}/pictures`)).statusCode).toBe(404);
    });
  });

  describe('when a child signs in with pictures', () => {
    it('should sign in without a temporary-password step', async () => {
      const { app, teacher, student } = await pictureClass();
      const { pictureSequence } = expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`),
        200,
      );
      const answer = expectStatus(await pictureLogin(app, student.id, pictureSequence), 200);
      expect(answer).toMatchObject({ user: { id: student.id, kind: 'student' }, mustChangePassword: false });
      const cookie = (await pictureLogin(app, student.id, pictureSequence)).cookies.find(
        (c) => c.name === 'schoolpas_session',
      );
      const child = new Client(app, { cookie: cookie?.value ?? '', csrfToken: '', userId: student.id });
      expect(expectStatus(await child.get('/api/v1/me'), 200).user.mustChangePassword).toBe(false);
    });

    it('should refuse pictures for a child whose method is not pictures, as if the name were unknown', async () => {
      const { app, teacher, admin, student } = await pictureClass();
      const { pictureSequence } = expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`),
        200,
      );
      expectStatus(await admin.patch(`/api/v1/students/${student.id}`, { signInMethod: 'password' }), 200);
      expect(expectStatus(await pictureLogin(app, student.id, pictureSequence), 401).code).toBe(
        'INVALID_CREDENTIALS',
      );
      expect(
        expectStatus(await pictureLogin(app, '01900000-0000-7000-8000-000000000000', pictureSequence), 401)
          .code,
      ).toBe('INVALID_CREDENTIALS');
    });

    it('should lock after five wrong tries until a teacher unlocks, whatever the time', async () => {
      const { clock } = t();
      const { app, student, group, teacher: firstSession, teacherEmail } = await pictureClass();
      const { pictureSequence } = expectStatus(
        await firstSession.put(`/api/v1/students/${student.id}/pictures`, {
          pictureSequence: ['sun', 'star'],
        }),
        200,
      );
      for (let i = 0; i < 4; i++)
        expect((await pictureLogin(app, student.id, ['star', 'sun'])).statusCode).toBe(401);
      // The fifth wrong try locks, and says so at once: the child goes to fetch the teacher.
      expect((await pictureLogin(app, student.id, ['star', 'sun'])).statusCode).toBe(423);
      expect(expectStatus(await pictureLogin(app, student.id, pictureSequence), 423).code).toBe(
        'ACCOUNT_LOCKED',
      );
      clock.advance(7 * 24 * 3_600_000);
      expect((await pictureLogin(app, student.id, pictureSequence)).statusCode).toBe(423);
      // A week later the teacher signs in again and finds the child still locked.
      const teacher = await signIn(app, teacherEmail, PASSWORD);
      const overview = expectStatus(await teacher.get(`/api/v1/groups/${group.id}/passwords`), 200);
      expect(overview.items[0].locked).toBe(true);
      const listed = expectStatus(await teacher.get(`/api/v1/students?group=${group.id}&locked=true`), 200);
      expect(listed.items[0]).toMatchObject({ id: student.id, lockReason: 'pictures' });
      expect(expectStatus(await teacher.post(`/api/v1/groups/${group.id}/unlock`), 200)).toEqual({
        unlocked: 1,
      });
      expect((await pictureLogin(app, student.id, pictureSequence)).statusCode).toBe(200);
    });

    it('should unlock when a teacher gives new pictures', async () => {
      const { app, teacher, student } = await pictureClass();
      expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`, { pictureSequence: ['sun', 'star'] }),
        200,
      );
      for (let i = 0; i < 5; i++) await pictureLogin(app, student.id, ['bus', 'bus']);
      expect((await pictureLogin(app, student.id, ['sun', 'star'])).statusCode).toBe(423);
      const renewed = expectStatus(await teacher.put(`/api/v1/students/${student.id}/pictures`), 200);
      expect((await pictureLogin(app, student.id, renewed.pictureSequence)).statusCode).toBe(200);
    });

    it('should let the right pictures in from a parallel burst only if they come before the locking try', async () => {
      const { app, teacher, student } = await pictureClass();
      expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`, { pictureSequence: ['sun', 'star'] }),
        200,
      );
      for (let i = 0; i < 4; i++)
        expect((await pictureLogin(app, student.id, ['bus', 'bus'])).statusCode).toBe(401);
      const answers = await Promise.all(
        Array.from({ length: 31 }, (_, i) =>
          pictureLogin(app, student.id, i === 15 ? ['sun', 'star'] : ['bus', 'car']),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      const signedIn = statuses.filter((s) => s === 200).length;
      // Either a wrong try locked first (nothing else answered), or the right one came first, cleared the count,
      // and four more wrong ones were answered before the fifth locked again.
      expect(signedIn).toBeLessThanOrEqual(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(4 * signedIn);
      expect(statuses.filter((s) => s === 423)).toHaveLength(31 - 5 * signedIn);
    });

    it('should check no more than five of a hundred parallel wrong tries on two nodes, the fifth locking', async () => {
      const { ctx, dialect, url } = t();
      const { app, teacher, student } = await pictureClass();
      expectStatus(
        await teacher.put(`/api/v1/students/${student.id}/pictures`, { pictureSequence: ['sun', 'star'] }),
        200,
      );
      const second = dialect === 'postgres' ? openDatabase(url) : undefined;
      const otherNode = await buildApp({ ...ctx, db: second?.db ?? ctx.db, logger: false });
      try {
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            pictureLogin(i % 2 ? app : otherNode, student.id, ['bus', 'car']),
          ),
        );
        const statuses = answers.map((a) => a.statusCode);
        // Five were checked: four answered "wrong", the fifth locked and said so.
        expect(statuses.filter((s) => s === 401)).toHaveLength(4);
        expect(statuses.filter((s) => s === 423)).toHaveLength(96);
      } finally {
        await otherNode.close();
        await second?.close();
      }
    });
  });
});
