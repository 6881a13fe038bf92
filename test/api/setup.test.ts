import { describe, expect, it } from 'vitest';
import { issueSetupToken, setupBoard } from '../../src/modules/auth/index.ts';
import { Client, expectStatus } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

const firstRun = {
  boardName: 'Stichting Primair',
  firstName: 'Fatima',
  lastName: 'El Amrani',
  email: 'fatima@example.org',
  password: 'een lang wachtwoord',
};

describeEach('first run and activation', (t) => {
  // These run in order on one fresh database: the first-run page only exists while there is no board.
  describe('when the installation is empty', () => {
    it('should say setup is required and refuse a wrong token', async () => {
      const { app, ctx } = t();
      expect(expectStatus(await app.inject({ url: '/api/v1/setup' }), 200)).toEqual({ required: true });
      await issueSetupToken(ctx);
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { ...firstRun, token: 'nope' },
      });
      expect(expectStatus(wrong, 401).code).toBe('SETUP_TOKEN_INVALID');
      expect(expectStatus(await app.inject({ url: '/api/v1/setup' }), 200)).toEqual({ required: true });
    });

    it('should accept the logged token once, create the board and sign the administrator in', async () => {
      const { app, ctx } = t();
      const token = await issueSetupToken(ctx);
      expect(token).toBeTypeOf('string');
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { ...firstRun, token },
      });
      const body = expectStatus(response, 201);
      expect(body.user).toMatchObject({
        email: 'fatima@example.org',
        isBoardAdmin: true,
        displayName: 'Fatima El Amrani',
      });
      const cookie = response.cookies.find((c) => c.name === 'schoolpas_session');
      const admin = new Client(app, {
        cookie: cookie?.value ?? '',
        csrfToken: body.csrfToken,
        userId: body.user.id,
      });
      expect(expectStatus(await admin.get('/api/v1/board'), 200).name).toBe('Stichting Primair');

      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { ...firstRun, token },
      });
      expect(expectStatus(again, 409).code).toBe('SETUP_NOT_AVAILABLE');
      expect(expectStatus(await app.inject({ url: '/api/v1/setup' }), 200)).toEqual({ required: false });
      expect(await issueSetupToken(ctx)).toBeUndefined();
    });
  });

  describe('when a board is set up without a password', () => {
    it('should activate the administrator through the single-use link', async () => {
      const { app, ctx } = t();
      const { activationToken } = await setupBoard(ctx, {
        boardName: 'Stichting Activatie',
        firstName: 'Joost',
        lastName: 'Visser',
        email: 'joost@example.org',
      });
      const login = { email: 'joost@example.org', password: 'mijn eigen wachtwoord' };
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: login })).statusCode,
      ).toBe(401);

      const tooShort = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/activate',
        payload: { token: activationToken, password: 'kort' },
      });
      expect(expectStatus(tooShort, 400).code).toBe('PASSWORD_TOO_SHORT');

      const activated = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/activate',
        payload: { token: activationToken, password: login.password },
      });
      expect(expectStatus(activated, 200).user.email).toBe('joost@example.org');
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: login })).statusCode,
      ).toBe(200);

      const replay = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/activate',
        payload: { token: activationToken, password: 'nog een ander wachtwoord' },
      });
      expect(expectStatus(replay, 400).code).toBe('TOKEN_INVALID');
    });

    it('should refuse an expired activation link', async () => {
      const { app, ctx, clock } = t();
      const { activationToken } = await setupBoard(ctx, {
        boardName: 'Stichting Laat',
        firstName: 'Lotte',
        lastName: 'Smit',
        email: 'lotte@example.org',
      });
      clock.advance(8 * 24 * 3_600_000);
      const late = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/activate',
        payload: { token: activationToken, password: 'mijn eigen wachtwoord' },
      });
      expect(expectStatus(late, 400).code).toBe('TOKEN_INVALID');
    });
  });
});
