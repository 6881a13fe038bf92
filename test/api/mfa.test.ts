import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it, vi } from 'vitest';
import { Client, expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach, type TestClock, testMailer } from '../support/harness.ts';

const STEP_MS = 30_000;
const RECOVERY_CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

/** The authenticator app: the code for `secret` at the test clock's time (plus whole steps). */
function codeAt(secret: string, clock: TestClock, steps = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: clock.now().getTime() + steps * STEP_MS,
  });
}

function login(app: FastifyInstance, email: string, password: string, totpCode?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(totpCode === undefined ? {} : { totpCode }) },
  });
}

/** A client for the session a successful sign-in answer started. */
function clientOf(app: FastifyInstance, response: Awaited<ReturnType<typeof login>>): Client {
  const body = expectStatus(response, 200);
  const cookie = response.cookies.find((c) => c.name === 'schoolpas_session')?.value ?? '';
  return new Client(app, { cookie, csrfToken: body.csrfToken, userId: body.user.id });
}

describeEach('two-step verification', (t) => {
  /** A staff member of the admin's board who chose PASSWORD, signed in. */
  async function staffMember(
    admin: Client,
    extra: { locations?: { locationId: string; level: string }[]; isBoardAdmin?: boolean } = {},
  ) {
    const { app } = t();
    const email = `${unique('leraar')}@example.org`;
    const staff = expectStatus(
      await admin.post('/api/v1/staff', {
        firstName: 'Lies',
        lastName: 'Leraar',
        email,
        password: 'tijdelijk wachtwoord',
        locations: extra.locations ?? [],
        ...(extra.isBoardAdmin ? { isBoardAdmin: true } : {}),
      }),
      201,
    );
    const first = await signIn(app, email, 'tijdelijk wachtwoord');
    expectStatus(await first.post('/api/v1/auth/password', { newPassword: PASSWORD }), 204);
    return { id: staff.id as string, email, client: await signIn(app, email, PASSWORD) };
  }

  /** Sets up an authenticator app for the client's person; answers the secret and the recovery codes. */
  async function enrol(client: Client) {
    const { clock } = t();
    const { secret } = expectStatus(await client.post('/api/v1/me/mfa/totp'), 200);
    const { recoveryCodes } = expectStatus(
      await client.post('/api/v1/me/mfa/totp/confirm', { code: codeAt(secret, clock) }),
      200,
    );
    // The confirming code is spent; later sign-ins use the next step's.
    clock.advance(STEP_MS);
    return { secret: secret as string, recoveryCodes: recoveryCodes as string[] };
  }

  async function auditActions(admin: Client, targetId: string): Promise<string[]> {
    const page = expectStatus(await admin.get(`/api/v1/audit?target=${targetId}`), 200);
    return page.items.map((e: { action: string }) => e.action);
  }

  async function failedAttempts(personId: string): Promise<number> {
    const row = await t()
      .ctx.db.selectFrom('people')
      .select('failed_attempts')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    return row.failed_attempts;
  }

  /** Failed sign-ins counted against the test's source address (app.inject's 127.0.0.1), all windows. */
  async function addressFailuresNow(): Promise<number> {
    const rows = await t().ctx.db.selectFrom('sign_in_throttle').select('failures').execute();
    return rows.reduce((sum, row) => sum + row.failures, 0);
  }

  describe('when a staff member sets up an authenticator app', () => {
    it('should hand out a secret and QR code, and put it in force only after a right code', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app, unique('De Stichting '));
      const lies = await staffMember(board.admin);
      expect(expectStatus(await lies.client.get('/api/v1/me'), 200).mfa).toEqual({
        enabled: false,
        required: false,
        enrolmentRequired: false,
        recoveryCodesLeft: 0,
      });

      const started = expectStatus(await lies.client.post('/api/v1/me/mfa/totp'), 200);
      expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
      const url = new URL(started.otpauthUrl);
      expect(url.protocol).toBe('otpauth:');
      expect(url.searchParams.get('issuer')).toBe('Schoolpas');
      expect(decodeURIComponent(url.pathname)).toContain(lies.email);
      expect(decodeURIComponent(url.pathname)).toContain('De Stichting');
      expect(url.searchParams.get('secret')).toBe(started.secret);
      expect(started.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(started.qrDataUrl.split(',')[1], 'base64').toString()).toContain('<svg');

      // Not in force yet: the password alone still signs in.
      expectStatus(await login(app, lies.email, PASSWORD), 200);
      const wrong = await lies.client.post('/api/v1/me/mfa/totp/confirm', { code: '000000' });
      expect(expectStatus(wrong, 400).code).toBe('MFA_CODE_INVALID');

      const { recoveryCodes } = expectStatus(
        await lies.client.post('/api/v1/me/mfa/totp/confirm', { code: codeAt(started.secret, clock) }),
        200,
      );
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
      expect(new Set(recoveryCodes).size).toBe(10);

      // Stored: the secret sealed, the recovery codes only as hashes.
      const row = await ctx.db
        .selectFrom('people')
        .select(['totp_secret', 'recovery_codes', 'totp_enabled_at'])
        .where('id', '=', lies.id)
        .executeTakeFirstOrThrow();
      expect(row.totp_enabled_at).not.toBeNull();
      expect(row.totp_secret).not.toContain(started.secret);
      const stored = JSON.stringify(row);
      for (const code of recoveryCodes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replaceAll('-', ''));
      }

      expect(expectStatus(await lies.client.get('/api/v1/me'), 200).mfa).toEqual({
        enabled: true,
        required: false,
        enrolmentRequired: false,
        recoveryCodesLeft: 10,
      });
      const again = await lies.client.post('/api/v1/me/mfa/totp');
      expect(expectStatus(again, 409).code).toBe('MFA_ALREADY_ENABLED');
      expect(await auditActions(board.admin, lies.id)).toContain('profile.mfa.enable');
    });
  });

  describe('when someone with two-step verification on signs in', () => {
    it('should ask for the code without counting a failure, and accept each code once', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret } = await enrol(lies.client);

      const addressFailures = await addressFailuresNow();
      for (let i = 0; i < 8; i++) {
        expect(expectStatus(await login(app, lies.email, PASSWORD), 401).code).toBe('MFA_REQUIRED');
      }
      expect(await failedAttempts(lies.id)).toBe(0);
      expect(await addressFailuresNow()).toBe(addressFailures);
      // A wrong password says nothing about a code.
      expect(expectStatus(await login(app, lies.email, 'fout wachtwoord'), 401).code).toBe(
        'INVALID_CREDENTIALS',
      );
      expect(
        expectStatus(await login(app, lies.email, 'fout wachtwoord', codeAt(secret, clock)), 401).code,
      ).toBe('INVALID_CREDENTIALS');

      const code = codeAt(secret, clock);
      const session = clientOf(app, await login(app, lies.email, PASSWORD, code));
      expect(expectStatus(await session.get('/api/v1/me'), 200).user.id).toBe(lies.id);
      expect(await failedAttempts(lies.id)).toBe(0);
      // The same code again: refused, also a little later within its window.
      expect(expectStatus(await login(app, lies.email, PASSWORD, code), 401).code).toBe(
        'INVALID_CREDENTIALS',
      );
      clock.advance(10_000);
      expect(expectStatus(await login(app, lies.email, PASSWORD, code), 401).code).toBe(
        'INVALID_CREDENTIALS',
      );
      // A code one step early or late still counts as on time, if no later one was accepted yet.
      clock.advance(STEP_MS);
      expectStatus(await login(app, lies.email, PASSWORD, codeAt(secret, clock, 1)), 200);
      clock.advance(3 * STEP_MS);
      expectStatus(await login(app, lies.email, PASSWORD, codeAt(secret, clock, -1)), 200);
    });

    it('should accept a code sent twice at once only once', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret } = await enrol(lies.client);
      const code = codeAt(secret, clock);
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => login(app, lies.email, PASSWORD, code)),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401, 401]);
    });

    it('should count wrong codes like wrong passwords and lock after the threshold', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret } = await enrol(lies.client);
      const wrongCode = (Number(codeAt(secret, clock)) + 500_000) % 1_000_000;
      for (let i = 0; i < 4; i++) {
        const answer = await login(app, lies.email, PASSWORD, String(wrongCode).padStart(6, '0'));
        expect(expectStatus(answer, 401).code).toBe('INVALID_CREDENTIALS');
        // Asking again without a code neither counts nor starts the count over.
        expect(expectStatus(await login(app, lies.email, PASSWORD), 401).code).toBe('MFA_REQUIRED');
      }
      expect(await failedAttempts(lies.id)).toBe(4);
      expectStatus(await login(app, lies.email, PASSWORD, 'ZZZZ-ZZZZ-ZZZZ'), 401);
      const locked = await login(app, lies.email, PASSWORD, codeAt(secret, clock));
      expect(expectStatus(locked, 423).code).toBe('ACCOUNT_LOCKED');
      clock.advance(16 * 60_000);
      expectStatus(await login(app, lies.email, PASSWORD, codeAt(secret, clock)), 200);
      expect(await failedAttempts(lies.id)).toBe(0);
    });

    it('should let each recovery code in once, and new codes replace the old ones', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret, recoveryCodes } = await enrol(lies.client);
      const [first, second] = recoveryCodes as [string, string];

      // Typed loosely: lower case, without dashes.
      const session = clientOf(
        app,
        await login(app, lies.email, PASSWORD, first.toLowerCase().replaceAll('-', '')),
      );
      expect(expectStatus(await login(app, lies.email, PASSWORD, first), 401).code).toBe(
        'INVALID_CREDENTIALS',
      );
      expect(expectStatus(await session.get('/api/v1/me'), 200).mfa.recoveryCodesLeft).toBe(9);

      const wrong = await session.post('/api/v1/me/mfa/recovery-codes', { code: '123456' });
      expect(expectStatus(wrong, 400).code).toBe('MFA_CODE_INVALID');
      const renewed = expectStatus(
        await session.post('/api/v1/me/mfa/recovery-codes', { code: codeAt(secret, clock) }),
        200,
      );
      expect(renewed.recoveryCodes).toHaveLength(10);
      expect(renewed.recoveryCodes).not.toContain(second);
      expectStatus(await login(app, lies.email, PASSWORD, second), 401);
      expectStatus(await login(app, lies.email, PASSWORD, renewed.recoveryCodes[0]), 200);
      expect(await auditActions(board.admin, lies.id)).toContain('profile.mfa.recovery');
    });
  });

  describe('when someone with two-step verification on follows a password-reset link', () => {
    it('should set the password but not sign them in: the code is still asked', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret } = await enrol(lies.client);
      const sentBefore = testMailer.sent.length;
      expectStatus(
        await app.inject({ method: 'POST', url: '/api/v1/auth/forgot', payload: { email: lies.email } }),
        202,
      );
      await vi.waitFor(() => expect(testMailer.sent.length).toBeGreaterThan(sentBefore));
      const mail = testMailer.sent.slice(sentBefore).find((m) => m.to === lies.email);
      const token = /reset\?token=([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
      const reset = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/reset',
        payload: { token, password: 'een nieuw lang wachtwoord' },
      });
      expect(expectStatus(reset, 200)).toEqual({ signInRequired: true });
      expect(reset.cookies.find((c) => c.name === 'schoolpas_session')).toBeUndefined();
      expect(expectStatus(await login(app, lies.email, 'een nieuw lang wachtwoord'), 401).code).toBe(
        'MFA_REQUIRED',
      );
      expectStatus(await login(app, lies.email, 'een nieuw lang wachtwoord', codeAt(secret, clock)), 200);
    });
  });

  describe('when a staff member turns two-step verification off', () => {
    it('should need a right code, and then the password alone signs in again', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const { secret } = await enrol(lies.client);

      const wrong = await lies.client.request('DELETE', '/api/v1/me/mfa/totp', { code: '111111' });
      expect(expectStatus(wrong, 400).code).toBe('MFA_CODE_INVALID');
      expectStatus(
        await lies.client.request('DELETE', '/api/v1/me/mfa/totp', { code: codeAt(secret, clock) }),
        204,
      );
      expectStatus(await login(app, lies.email, PASSWORD), 200);
      expect(expectStatus(await lies.client.get('/api/v1/me'), 200).mfa.enabled).toBe(false);
      const again = await lies.client.request('DELETE', '/api/v1/me/mfa/totp', { code: '111111' });
      expect(expectStatus(again, 409).code).toBe('MFA_NOT_ENABLED');
      expect(await auditActions(board.admin, lies.id)).toContain('profile.mfa.disable');
    });
  });

  describe('when the board requires two-step verification', () => {
    it('should let staff without it reach only their own account until they set it up', async () => {
      const { app, ctx, clock } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      expectStatus(await board.admin.patch('/api/v1/board', { settings: { mfaRequired: 'staff' } }), 200);

      // Signing in works; the session reaches /me and enrolment, nothing else.
      const session = clientOf(app, await login(app, lies.email, PASSWORD));
      const me = expectStatus(await session.get('/api/v1/me'), 200);
      expect(me.mfa).toMatchObject({ enabled: false, required: true, enrolmentRequired: true });
      for (const url of ['/api/v1/board', '/api/v1/locations', `/api/v1/staff/${lies.id}`]) {
        expect(expectStatus(await session.get(url), 403).code, url).toBe('MFA_ENROLMENT_REQUIRED');
      }
      const patch = await session.patch(`/api/v1/staff/${lies.id}`, { firstName: 'Anders' });
      expect(expectStatus(patch, 403).code).toBe('MFA_ENROLMENT_REQUIRED');
      // The existing session of the administrator, who has none either, is held up the same way.
      expect(expectStatus(await board.admin.get('/api/v1/board'), 403).code).toBe('MFA_ENROLMENT_REQUIRED');

      const { secret } = await enrol(session);
      expectStatus(await session.get('/api/v1/board'), 200);
      expect(expectStatus(await session.get('/api/v1/me'), 200).mfa).toMatchObject({
        enabled: true,
        required: true,
        enrolmentRequired: false,
      });
      const off = await session.request('DELETE', '/api/v1/me/mfa/totp', { code: codeAt(secret, clock) });
      expect(expectStatus(off, 409).code).toBe('MFA_REQUIRED_BY_BOARD');
      expect(expectStatus(await login(app, lies.email, PASSWORD), 401).code).toBe('MFA_REQUIRED');
    });

    it('should cover board and location administrators, not teachers, when it requires it of administrators', async () => {
      const { app, ctx } = t();
      const board = await newBoard(ctx, app);
      const location = expectStatus(await board.admin.post('/api/v1/locations', { name: 'De Linde' }), 201);
      const teacher = await staffMember(board.admin, {
        locations: [{ locationId: location.id, level: 'read' }],
      });
      const locationAdmin = await staffMember(board.admin, {
        locations: [{ locationId: location.id, level: 'admin' }],
      });
      const boardAdmin = await staffMember(board.admin, { isBoardAdmin: true });
      expectStatus(await board.admin.patch('/api/v1/board', { settings: { mfaRequired: 'admins' } }), 200);

      expectStatus(await teacher.client.get('/api/v1/board'), 200);
      expect(expectStatus(await teacher.client.get('/api/v1/me'), 200).mfa.required).toBe(false);
      for (const person of [locationAdmin, boardAdmin]) {
        expect(expectStatus(await person.client.get('/api/v1/board'), 403).code).toBe(
          'MFA_ENROLMENT_REQUIRED',
        );
        expect(expectStatus(await person.client.get('/api/v1/me'), 200).mfa.enrolmentRequired).toBe(true);
        // Signing out and changing one's password stay open.
        expectStatus(
          await person.client.post('/api/v1/auth/password', {
            currentPassword: PASSWORD,
            newPassword: PASSWORD,
          }),
          204,
        );
      }
      expectStatus(await boardAdmin.client.post('/api/v1/auth/logout'), 204);
    });
  });

  describe("when an administrator turns off a staff member's two-step verification (lost phone)", () => {
    it('should let the password alone sign in again, audited, and refuse whoever may not edit them', async () => {
      const { app, ctx } = t();
      const board = await newBoard(ctx, app);
      const lies = await staffMember(board.admin);
      const colleague = await staffMember(board.admin);
      await enrol(lies.client);
      expect(expectStatus(await login(app, lies.email, PASSWORD), 401).code).toBe('MFA_REQUIRED');

      const refused = await colleague.client.delete(`/api/v1/staff/${lies.id}/mfa`);
      expect(expectStatus(refused, 403).code).toBe('FORBIDDEN');
      const other = await newBoard(ctx, app);
      const foreign = await other.admin.delete(`/api/v1/staff/${lies.id}/mfa`);
      expect(expectStatus(foreign, 404).code).toBe('STAFF_NOT_FOUND');
      expect(expectStatus(await login(app, lies.email, PASSWORD), 401).code).toBe('MFA_REQUIRED');

      expectStatus(await board.admin.delete(`/api/v1/staff/${lies.id}/mfa`), 204);
      expectStatus(await login(app, lies.email, PASSWORD), 200);
      expect(await auditActions(board.admin, lies.id)).toContain('staff.mfa.reset');
      // Nothing left to turn off: the same answer, no second audit event.
      expectStatus(await board.admin.delete(`/api/v1/staff/${lies.id}/mfa`), 204);
      expect((await auditActions(board.admin, lies.id)).filter((a) => a === 'staff.mfa.reset')).toHaveLength(
        1,
      );
    });
  });

  describe('when a student asks for two-step verification', () => {
    it('should refuse: students sign in without it', async () => {
      const { app, ctx } = t();
      const board = await newBoard(ctx, app);
      const location = expectStatus(await board.admin.post('/api/v1/locations', { name: 'De Linde' }), 201);
      const group = expectStatus(
        await board.admin.post('/api/v1/groups', { name: 'Groep 5', locationId: location.id }),
        201,
      );
      const student = expectStatus(
        await board.admin.post('/api/v1/students', {
          firstName: 'Sem',
          lastName: 'Kok',
          groupIds: [group.id],
          password: 'paars-konijn-7',
        }),
        201,
      );
      // Even where the board requires it of all staff.
      expectStatus(await board.admin.patch('/api/v1/board', { settings: { mfaRequired: 'staff' } }), 200);
      const session = clientOf(
        app,
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: student.username, password: 'paars-konijn-7' },
        }),
      );
      expect(expectStatus(await session.get('/api/v1/me'), 200).mfa).toEqual({
        enabled: false,
        required: false,
        enrolmentRequired: false,
        recoveryCodesLeft: 0,
      });
      expect(expectStatus(await session.post('/api/v1/me/mfa/totp'), 403).code).toBe('FORBIDDEN');
      const confirm = await session.post('/api/v1/me/mfa/totp/confirm', { code: '123456' });
      expect(expectStatus(confirm, 403).code).toBe('FORBIDDEN');
    });
  });
});
