import { describe, expect, it } from 'vitest';
import { Client, expectStatus, newBoard, signIn } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const TEMPORARY = /^([bdfghkmnprstvz][aeiu]){3}[2-9]{2}$/;

describeEach('temporary passwords', (t) => {
  let schools = 0;
  async function school() {
    const { app, ctx } = t();
    schools += 1;
    const board = await newBoard(ctx, app);
    const { admin } = board;
    const location = expectStatus(await admin.post('/api/v1/locations', { name: 'De Linde' }), 201);
    const group = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 3', locationId: location.id }),
      201,
    );
    const other = expectStatus(
      await admin.post('/api/v1/groups', { name: 'Groep 4', locationId: location.id }),
      201,
    );
    const teacherEmail = `juf.${group.id.slice(-6)}@example.org`;
    expectStatus(
      await admin.post('/api/v1/staff', {
        firstName: 'Juf',
        lastName: 'Anke',
        email: teacherEmail,
        password: 'tijdelijk wachtwoord',
        groupIds: [group.id],
      }),
      201,
    );
    const teacher = await signIn(app, teacherEmail, 'tijdelijk wachtwoord');
    const student = expectStatus(
      await admin.post('/api/v1/students', {
        firstName: 'Sem',
        lastName: `Kok${schools}`,
        groupIds: [group.id],
      }),
      201,
    );
    return { ...board, app, ctx, location, group, other, teacher, student };
  }
  const signInStudent = (app: Client['app'], username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  describe('when a student is added without a password', () => {
    it('should get a readable temporary password that works once, until they choose their own', async () => {
      const { app, admin, teacher, student } = await school();
      const { temporaryPassword } = expectStatus(
        await teacher.get(`/api/v1/students/${student.id}/password`),
        200,
      );
      expect(temporaryPassword).toMatch(TEMPORARY);
      expect(
        expectStatus(await admin.get(`/api/v1/students/${student.id}/password`), 200).temporaryPassword,
      ).toBe(temporaryPassword);

      const first = expectStatus(await signInStudent(app, student.username, temporaryPassword), 200);
      expect(first.mustChangePassword).toBe(true);
      const cookie = (await signInStudent(app, student.username, temporaryPassword)).cookies.find(
        (c) => c.name === 'schoolpas_session',
      );
      const child = new Client(app, {
        cookie: cookie?.value ?? '',
        csrfToken: first.csrfToken,
        userId: student.id,
      });
      // The first sign-in's session was made before; use a fresh one for the change.
      const session = await signInStudent(app, student.username, temporaryPassword);
      const body = session.json();
      const fresh = new Client(app, {
        cookie: session.cookies.find((c) => c.name === 'schoolpas_session')?.value ?? '',
        csrfToken: body.csrfToken,
        userId: student.id,
      });
      expectStatus(await fresh.post('/api/v1/auth/password', { newPassword: 'mijn geheim' }), 204);
      expect((await child.get('/api/v1/me')).statusCode).toBe(401);

      const unreadable = await teacher.get(`/api/v1/students/${student.id}/password`);
      expect(expectStatus(unreadable, 409).code).toBe('PASSWORD_NOT_READABLE');
      expect((await signInStudent(app, student.username, temporaryPassword)).statusCode).toBe(401);
      expect(
        expectStatus(await signInStudent(app, student.username, 'mijn geheim'), 200).mustChangePassword,
      ).toBe(false);

      const audit = expectStatus(
        await admin.get(`/api/v1/audit?target=${student.id}&action=student.password.read`),
        200,
      );
      expect(audit.total).toBe(2);
      expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    });
  });

  describe('when a teacher shows the passwords of their group', () => {
    it('should list each student with the temporary password, and refuse another group', async () => {
      const { admin, teacher, group, other, student } = await school();
      const list = expectStatus(await teacher.get(`/api/v1/groups/${group.id}/passwords`), 200);
      expect(list.items).toEqual([
        {
          personId: student.id,
          displayName: expect.stringMatching(/^Sem Kok\d+$/),
          username: student.username,
          signInMethod: 'password',
          temporaryPassword: expect.stringMatching(TEMPORARY),
          pictureSequence: null,
          locked: false,
        },
      ]);
      expect(expectStatus(await teacher.get(`/api/v1/groups/${other.id}/passwords`), 403).code).toBe(
        'FORBIDDEN',
      );
      expect(expectStatus(await admin.get('/api/v1/audit?action=group.passwords.read'), 200).total).toBe(1);
    });
  });

  describe('when a password is reset', () => {
    it('should give a new temporary password, stop the old one and unlock the account', async () => {
      const { app, admin, teacher, student } = await school();
      const old = expectStatus(
        await admin.get(`/api/v1/students/${student.id}/password`),
        200,
      ).temporaryPassword;
      for (let i = 0; i < 5; i++) await signInStudent(app, student.username, 'fout');
      expect((await signInStudent(app, student.username, old)).statusCode).toBe(423);

      const reset = expectStatus(
        await teacher.request('PUT', `/api/v1/students/${student.id}/password`),
        200,
      );
      expect(reset.temporaryPassword).toMatch(TEMPORARY);
      expect(reset.temporaryPassword).not.toBe(old);
      expect((await signInStudent(app, student.username, old)).statusCode).toBe(401);
      expect((await signInStudent(app, student.username, reset.temporaryPassword)).statusCode).toBe(200);

      const chosen = await admin.request('PUT', `/api/v1/students/${student.id}/password`, {
        password: 'welkom',
      });
      expect(expectStatus(chosen, 400).code).toBe('PASSWORD_TOO_COMMON');
      const given = expectStatus(
        await admin.request('PUT', `/api/v1/students/${student.id}/password`, { password: 'zonnebloem7' }),
        200,
      );
      expect(given.temporaryPassword).toBe('zonnebloem7');
    });

    it('should let teachers reset only when the board allows it', async () => {
      const { admin, teacher, student } = await school();
      expectStatus(
        await admin.patch('/api/v1/board', { settings: { teachersMayResetPasswords: false } }),
        200,
      );
      const refused = await teacher.request('PUT', `/api/v1/students/${student.id}/password`);
      expect(expectStatus(refused, 403).code).toBe('FORBIDDEN');
      expectStatus(await teacher.get(`/api/v1/students/${student.id}/password`), 200);
    });
  });

  describe('when a staff member has not signed in yet', () => {
    it('should show administrators their temporary code until they choose their own password', async () => {
      const { app, admin, teacher } = await school();
      const staff = expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Nieuw',
          lastName: 'Collega',
          email: 'nieuw@example.org',
        }),
        201,
      );
      const { temporaryPassword } = expectStatus(await admin.get(`/api/v1/staff/${staff.id}/password`), 200);
      expect(temporaryPassword).toMatch(TEMPORARY);
      expect(expectStatus(await teacher.get(`/api/v1/staff/${staff.id}/password`), 403).code).toBe(
        'FORBIDDEN',
      );
      const colleague = await signIn(app, 'nieuw@example.org', temporaryPassword);
      expectStatus(
        await colleague.post('/api/v1/auth/password', { newPassword: 'een eigen wachtwoord' }),
        204,
      );
      expect(expectStatus(await admin.get(`/api/v1/staff/${staff.id}/password`), 409).code).toBe(
        'PASSWORD_NOT_READABLE',
      );
    });
  });
});
