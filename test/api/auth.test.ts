import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { argon2Hasher } from '../../src/platform/passwords.ts';
import { Client, expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const login = (app: Client['app'], payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });

describeEach('staff sign-in and sessions', (t) => {
  describe('when a staff member signs in', () => {
    it('should set an HttpOnly SameSite=Lax session cookie and answer user and CSRF token', async () => {
      const { app, ctx } = t();
      const { adminEmail } = await newBoard(ctx, app);
      const response = await login(app, { email: adminEmail.toUpperCase(), password: PASSWORD });
      const body = expectStatus(response, 200);
      expect(body).toMatchObject({
        mustChangePassword: false,
        user: { email: adminEmail, isBoardAdmin: true },
      });
      expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
      const cookie = response.cookies.find((c) => c.name === 'schoolpas_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(JSON.stringify(body)).not.toContain('password');
    });

    it('should answer a wrong password and an unknown e-mail identically', async () => {
      const { app, ctx } = t();
      const { adminEmail } = await newBoard(ctx, app);
      const wrong = await login(app, { email: adminEmail, password: 'not the password' });
      const unknown = await login(app, { email: 'nobody@example.org', password: 'not the password' });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
      expect(wrong.cookies).toEqual([]);
    });
  });

  describe('when a request carries a session cookie', () => {
    it('should refuse writes without the CSRF token and change nothing', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const without = await admin.request(
        'POST',
        '/api/v1/locations',
        { name: 'Zonder token' },
        { 'x-csrf-token': '' },
      );
      expect(expectStatus(without, 403).code).toBe('CSRF_TOKEN_INVALID');
      const wrong = await admin.request(
        'POST',
        '/api/v1/locations',
        { name: 'Fout token' },
        { 'x-csrf-token': 'x'.repeat(43) },
      );
      expect(expectStatus(wrong, 403).code).toBe('CSRF_TOKEN_INVALID');
      expect(expectStatus(await admin.get('/api/v1/locations'), 200).total).toBe(0);
    });

    it('should answer 401 without a session, with an unknown cookie and after sign-out', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      expect(expectStatus(await new Client(app, null).get('/api/v1/me'), 401).code).toBe('UNAUTHENTICATED');
      const forged = new Client(app, { cookie: 'forged', csrfToken: 'x', userId: 'x' });
      expect((await forged.get('/api/v1/me')).statusCode).toBe(401);
      expectStatus(await admin.get('/api/v1/me'), 200);
      expectStatus(await admin.post('/api/v1/auth/logout'), 204);
      expect((await admin.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('should end the session when it expires', async () => {
      const { app, ctx, clock } = t();
      const { admin } = await newBoard(ctx, app);
      expectStatus(await admin.get('/api/v1/me'), 200);
      clock.advance((ctx.config.sessionTtlHours + 1) * 3_600_000);
      expect((await admin.get('/api/v1/me')).statusCode).toBe(401);
    });

    it('should be honoured by another node that shares the database', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const otherNode = await buildApp({ ...ctx, logger: false });
      try {
        const onOther = new Client(otherNode, admin.session);
        expect(expectStatus(await onOther.get('/api/v1/me'), 200).user.id).toBe(admin.session?.userId);
        expectStatus(await onOther.post('/api/v1/auth/logout'), 204);
        expect((await admin.get('/api/v1/me')).statusCode).toBe(401);
      } finally {
        await otherNode.close();
      }
    });
  });

  describe('when someone manages their own account', () => {
    it('should show the menu they may use on /me', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const me = expectStatus(await admin.get('/api/v1/me'), 200);
      // After a page reload the console gets its CSRF token back from /me.
      expect(me.csrfToken).toBe(admin.session?.csrfToken);
      expect(me.board.name).toMatch(/^Bestuur /);
      expect(me.permissions).toEqual({
        boardSettings: true,
        locations: true,
        createLocations: true,
        groups: true,
        staff: true,
        students: true,
        audit: true,
      });
      const email = `${unique('t')}@example.org`;
      const location = expectStatus(await admin.post('/api/v1/locations', { name: 'West' }), 201);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 6', locationId: location.id }),
        201,
      );
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Tom',
          lastName: 'Teacher',
          email,
          groupIds: [group.id],
          password: 'tijdelijk wachtwoord',
        }),
        201,
      );
      const teacher = await signIn(app, email, 'tijdelijk wachtwoord');
      const teacherMe = expectStatus(await teacher.get('/api/v1/me'), 200);
      expect(teacherMe.user.mustChangePassword).toBe(true);
      expect(teacherMe.groupIds).toEqual([group.id]);
      expect(teacherMe.permissions).toEqual({
        boardSettings: false,
        locations: true,
        createLocations: false,
        groups: true,
        staff: false,
        students: true,
        audit: false,
      });
    });

    it('should change the temporary password at first sign-in and end other sessions', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const email = `${unique('s')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Eva',
          lastName: 'Mulder',
          email,
          password: 'tijdelijk wachtwoord',
        }),
        201,
      );
      const first = await signIn(app, email, 'tijdelijk wachtwoord');
      const second = await signIn(app, email, 'tijdelijk wachtwoord');
      const short = await first.post('/api/v1/auth/password', { newPassword: 'kort' });
      expect(expectStatus(short, 400).code).toBe('PASSWORD_TOO_SHORT');
      const common = await first.post('/api/v1/auth/password', { newPassword: 'iloveyou12' });
      expect(expectStatus(common, 400)).toMatchObject({
        code: 'PASSWORD_TOO_COMMON',
        errors: [{ field: 'newPassword' }],
      });
      expectStatus(await first.post('/api/v1/auth/password', { newPassword: 'mijn nieuwe wachtwoord' }), 204);
      expect(expectStatus(await first.get('/api/v1/me'), 200).user.mustChangePassword).toBe(false);
      expect((await second.get('/api/v1/me')).statusCode).toBe(401);
      expect((await login(app, { email, password: 'tijdelijk wachtwoord' })).statusCode).toBe(401);
      await signIn(app, email, 'mijn nieuwe wachtwoord');

      const noCurrent = await first.post('/api/v1/auth/password', { newPassword: 'nog een wachtwoord' });
      expect(expectStatus(noCurrent, 400).code).toBe('PASSWORD_INCORRECT');
    });

    it('should update name and language on PATCH /me and audit it', async () => {
      const { app, ctx } = t();
      const { admin, adminId } = await newBoard(ctx, app);
      const user = expectStatus(await admin.patch('/api/v1/me', { infix: 'van der', language: 'en' }), 200);
      expect(user).toMatchObject({ displayName: 'Anna van der Admin', language: 'en' });
      const audit = expectStatus(
        await admin.get(`/api/v1/audit?action=profile.update&actor=${adminId}`),
        200,
      );
      expect(audit.items).toHaveLength(1);
    });
  });
});

// Real OWASP-cost Argon2id here: the timing of a wrong password and of an unknown name must match.
describeEach(
  'sign-in timing',
  (t) => {
    it('should take as long for an unknown e-mail as for a wrong password', async () => {
      const { app, ctx } = t();
      const { admin, adminEmail } = await newBoard(ctx, app);
      // Eight wrong passwords in a row would lock the account at the default threshold of five.
      expectStatus(await admin.patch('/api/v1/board', { settings: { lockoutThreshold: 20 } }), 200);
      const time = async (email: string) => {
        const start = process.hrtime.bigint();
        const response = await login(app, { email, password: 'wrong password here' });
        expect(response.statusCode).toBe(401);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      await time('warm-up@example.org');
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 8; i++) {
        known.push(await time(adminEmail));
        unknown.push(await time(`nobody${i}@example.org`));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      const ratio = median(unknown) / median(known);
      // Both run exactly one Argon2id verify (≈10 ms); without the dummy verify an unknown name takes < 1 ms.
      expect(median(unknown)).toBeGreaterThan(3);
      // Loose bounds: the suite shares two cores with browser tests; a leak would be a ratio near 0.05.
      expect(ratio).toBeGreaterThan(0.4);
      expect(ratio).toBeLessThan(2.5);
    });
  },
  { hasher: argon2Hasher },
);
