import { describe, expect, it } from 'vitest';
import { expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('school sign-in page', (t) => {
  const page = (code: string, remoteAddress = '127.0.0.1') =>
    t().app.inject({
      method: 'GET',
      url: `/api/v1/signin/locations/${encodeURIComponent(code)}`,
      remoteAddress,
    });
  const groupPage = (code: string, groupId: string, remoteAddress = '127.0.0.1') =>
    t().app.inject({
      method: 'GET',
      url: `/api/v1/signin/locations/${code}/groups/${groupId}`,
      remoteAddress,
    });

  /** A school with a visible password group, a visible picture group, a hidden group, and children in them. */
  async function school(networks: string[] = ['127.0.0.1/32', '::1']) {
    const { app, ctx } = t();
    const board = await newBoard(ctx, app);
    const { admin } = board;
    const code = unique('S').slice(-10).toUpperCase();
    const location = expectStatus(
      await admin.post('/api/v1/locations', { name: 'De Linde', code, allowedNetworks: networks }),
      201,
    );
    const group = (name: string, extra: object = {}) =>
      admin
        .post('/api/v1/groups', { name, locationId: location.id, ...extra })
        .then((r) => expectStatus(r, 201));
    const words = await group('Groep 4', { icon: 'owl' });
    const pictures = await group('Groep 1', { icon: 'frog', signInMethod: 'pictures' });
    const hidden = await group('Plusklas', { showOnSignInPage: false });
    const ten = await group('Groep 10', { icon: 'lion' });
    const student = (firstName: string, lastName: string, groupId: string, extra: object = {}) =>
      admin
        .post('/api/v1/students', { firstName, lastName, groupIds: [groupId], ...extra })
        .then((r) => expectStatus(r, 201));
    const daan = await student('Daan', 'de Vries', words.id);
    const mail = await student('Mila', 'Jansen', words.id, {
      signInMethod: 'email',
      email: `${unique('m')}@example.org`,
    });
    const fleur = await student('Fleur', 'Bakker', pictures.id);
    return { ...board, app, ctx, code, location, words, pictures, hidden, ten, daan, mail, fleur };
  }

  describe('when a child opens the page on the school network', () => {
    it('should show the visible groups, then first names with an initial, without e-mail users', async () => {
      const { code, words, pictures, hidden, ten, daan } = await school();
      const body = expectStatus(await page(code.toLowerCase()), 200);
      expect(body).toMatchObject({
        location: { name: 'De Linde', code },
        namesShown: true,
        reason: null,
        language: 'nl',
        pictureSequenceLength: 2,
      });
      // Numbers sort as numbers: Groep 1, Groep 4, Groep 10.
      expect(body.groups.map((g: { id: string }) => g.id)).toEqual([pictures.id, words.id, ten.id]);
      expect(body.groups.map((g: { id: string }) => g.id)).not.toContain(hidden.id);
      const group = expectStatus(await groupPage(code, words.id), 200);
      expect(group.students).toEqual([
        { id: daan.id, firstName: 'Daan', initial: 'D', signInMethod: 'password' },
      ]);
      expect(JSON.stringify(group)).not.toContain('Vries');
      expect(expectStatus(await groupPage(code, hidden.id), 404).code).toBe('GROUP_NOT_FOUND');
      expect(expectStatus(await groupPage(code, pictures.id), 200).students[0].signInMethod).toBe('pictures');
    });

    it('should let the picked child sign in with their temporary password and make them choose one', async () => {
      const { app, admin, daan } = await school();
      const { temporaryPassword } = expectStatus(
        await admin.get(`/api/v1/students/${daan.id}/password`),
        200,
      );
      const answer = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { personId: daan.id, password: temporaryPassword },
      });
      expect(expectStatus(answer, 200)).toMatchObject({ user: { id: daan.id }, mustChangePassword: true });
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { personId: daan.id, password: 'niet goed' },
      });
      expect(expectStatus(wrong, 401).code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('when a child whose method is e-mail only signs in', () => {
    it('should take their e-mail address, not their username or a name tile', async () => {
      const { app, admin, mail } = await school();
      const { temporaryPassword } = expectStatus(
        await admin.get(`/api/v1/students/${mail.id}/password`),
        200,
      );
      const login = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      const byUsername = await login({ username: mail.username, password: temporaryPassword });
      expect(expectStatus(byUsername, 401).code).toBe('INVALID_CREDENTIALS');
      expect((await login({ personId: mail.id, password: temporaryPassword })).statusCode).toBe(401);
      expectStatus(await login({ email: mail.email, password: temporaryPassword }), 200);
    });
  });

  describe('when a child shows their sign-in card', () => {
    it('should find them by the scanned or typed code at their own school only', async () => {
      const { app, ctx, admin, code, words, daan } = await school();
      expect((await admin.get(`/api/v1/groups/${words.id}/cards.pdf`)).statusCode).toBe(200);
      const { card_code: cardCode } = await ctx.db
        .selectFrom('people')
        .select('card_code')
        .where('id', '=', daan.id)
        .executeTakeFirstOrThrow();
      const typed = `${cardCode?.slice(0, 5)}-${cardCode?.slice(5)}`.toLowerCase();
      const card = (c: string, where = code, remoteAddress = '127.0.0.1') =>
        app.inject({ method: 'GET', url: `/api/v1/signin/locations/${where}/cards/${c}`, remoteAddress });
      expect(expectStatus(await card(typed), 200)).toEqual({
        student: { id: daan.id, firstName: 'Daan', initial: 'D', signInMethod: 'password' },
        group: { id: words.id, name: 'Groep 4', icon: 'owl', grade: null },
      });
      expect(expectStatus(await card('ZZZZZZZZZZ'), 404).code).toBe('STUDENT_NOT_FOUND');
      expect(expectStatus(await card(typed, code, '192.0.2.1'), 403).code).toBe('NETWORK_NOT_ALLOWED');
      const elsewhere = await school();
      expect((await card(typed, elsewhere.code)).statusCode).toBe(404);
    });
  });

  describe('when the request comes from elsewhere', () => {
    it('should show no names outside the networks, and say why', async () => {
      const { code, words } = await school(['10.20.0.0/16']);
      const outside = expectStatus(await page(code, '192.0.2.7'), 200);
      expect(outside).toMatchObject({ namesShown: false, reason: 'outside-network', groups: [] });
      expect(outside.location.name).toBe('De Linde');
      expect(expectStatus(await groupPage(code, words.id, '192.0.2.7'), 403).code).toBe(
        'NETWORK_NOT_ALLOWED',
      );
      const inside = expectStatus(await page(code, '10.20.3.4'), 200);
      expect(inside.namesShown).toBe(true);
      expect(expectStatus(await page(code, '::ffff:10.20.3.4'), 200).namesShown).toBe(true);
    });

    it('should show names nowhere while the location has no networks', async () => {
      const { code, words } = await school([]);
      expect(expectStatus(await page(code), 200)).toMatchObject({ namesShown: false, reason: 'no-networks' });
      expect((await groupPage(code, words.id)).statusCode).toBe(403);
    });

    it('should tell apart two boards that use the same code by their networks, and name neither outside', async () => {
      const first = await school(['10.1.0.0/16']);
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const twin = expectStatus(
        await admin.post('/api/v1/locations', {
          name: 'Het Anker',
          code: first.code,
          allowedNetworks: ['10.2.0.0/16'],
        }),
        201,
      );
      expect(expectStatus(await page(first.code, '10.1.0.9'), 200).location.id).toBe(first.location.id);
      expect(expectStatus(await page(first.code, '10.2.0.9'), 200).location.id).toBe(twin.id);
      expect(expectStatus(await page(first.code, '192.0.2.1'), 200)).toMatchObject({
        location: null,
        namesShown: false,
      });
      expect(expectStatus(await page(twin.id, '192.0.2.1'), 200).location.name).toBe('Het Anker');
    });

    it('should answer an unknown school with only the e-mail form', async () => {
      expect(expectStatus(await page('BESTAATNIET'), 200)).toMatchObject({
        location: null,
        namesShown: false,
      });
      expect((await page('<script>')).statusCode).toBe(400);
    });
  });

  describe('when an administrator sets the networks', () => {
    it('should keep normalised ranges, refuse nonsense, and leave it to board administrators', async () => {
      const { app, admin, location } = await school([]);
      const updated = expectStatus(
        await admin.patch(`/api/v1/locations/${location.id}`, {
          allowedNetworks: ['10.1.2.3/16', '192.0.2.1', '2001:db8::1/48', '10.1.0.0/16'],
        }),
        200,
      );
      expect(updated.allowedNetworks).toEqual(['10.1.0.0/16', '192.0.2.1/32', '2001:db8::/48']);
      const bad = expectStatus(
        await admin.patch(`/api/v1/locations/${location.id}`, { allowedNetworks: ['10.0.0.0/8', 'school'] }),
        400,
      );
      expect(bad.errors[0].field).toBe('allowedNetworks/1');
      const email = `${unique('lb')}@example.org`;
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Loes',
          lastName: 'Beheer',
          email,
          password: PASSWORD,
          locations: [{ locationId: location.id, level: 'admin' }],
        }),
        201,
      );
      const locationAdmin = await signIn(app, email, PASSWORD);
      expect(
        expectStatus(
          await locationAdmin.patch(`/api/v1/locations/${location.id}`, { allowedNetworks: ['0.0.0.0/0'] }),
          403,
        ).code,
      ).toBe('FORBIDDEN');
      // The location's own administrator may still rename it, networks untouched.
      expectStatus(
        await locationAdmin.patch(`/api/v1/locations/${location.id}`, {
          name: 'De Linde',
          allowedNetworks: updated.allowedNetworks,
        }),
        200,
      );
    });
  });
});
