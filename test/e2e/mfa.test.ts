import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/api.ts';
import type { TestClock } from '../support/harness.ts';
import {
  addStaff,
  boardWithSchools,
  type ConsoleEnv,
  expectStatus,
  labelled,
  newPage,
  notice,
  openSignedIn,
  PASSWORD,
  seriousViolations,
  useConsole,
} from './support/console.ts';

/** The authenticator app: the code for the secret at the server's (test) clock. */
function appCode(env: ConsoleEnv, secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: env.ctx.clock.now().getTime() });
}

/** Each code is accepted once: the next one comes from the next 30-second step. */
function nextStep(env: ConsoleEnv): void {
  (env.ctx.clock as TestClock).advance(30_000);
}

/** Starts setting up on the page, scans nothing: reads the key the page shows, as someone typing it would. */
async function setUpApp(env: ConsoleEnv, page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
  await page.getByRole('img', { name: 'QR-code voor je authenticator-app' }).waitFor();
  const secret = ((await page.getByLabel('Sleutel voor de app').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel(labelled('Code uit de app')).fill(appCode(env, secret));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  const codes = page.getByRole('list', { name: 'Herstelcodes' }).getByRole('listitem');
  await codes.first().waitFor();
  const recoveryCodes = await codes.allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

describe('two-step verification', () => {
  const t = useConsole();

  describe('when a staff member sets it up on their profile', () => {
    it('should ask for the code from the app at the next sign-in', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const lies = await addStaff(board.admin, {
        firstName: 'Lies',
        lastName: 'Leraar',
        locations: [{ locationId: board.north.id, level: 'read' }],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, lies.email, '/profile');

      await page.getByRole('heading', { name: 'Tweestapsverificatie' }).waitFor();
      const { secret, recoveryCodes } = await setUpApp(env, page);
      for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
      await page.getByText('Nog 10 herstelcodes over').waitFor();
      expect(await page.getByRole('list', { name: 'Herstelcodes' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Lies Leraar, gebruikersmenu' }).click();
      await page.getByRole('menuitem', { name: 'Uitloggen' }).click();
      await page.getByLabel(labelled('E-mailadres')).fill(lies.email);
      await page.getByLabel(labelled('Wachtwoord')).fill(PASSWORD);
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();

      const codeField = page.getByLabel(labelled('Code uit de app'));
      await codeField.waitFor();
      expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await codeField.getAttribute('inputmode')).toBe('numeric');
      expect(await seriousViolations(page)).toEqual([]);
      await codeField.fill('000000');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await notice(page, 'De code klopt niet').waitFor();

      nextStep(env);
      await codeField.fill(appCode(env, secret));
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await context.close();
    });

    it('should let a recovery code in instead when the phone is not at hand', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const lies = await addStaff(board.admin, { firstName: 'Lies', lastName: 'Leraar' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, lies.email, '/profile');
      const { recoveryCodes } = await setUpApp(env, page);
      await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
      await context.clearCookies();

      await page.goto('/signin');
      await page.getByLabel(labelled('E-mailadres')).fill(lies.email);
      await page.getByLabel(labelled('Wachtwoord')).fill(PASSWORD);
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
      await page.getByLabel(labelled('Herstelcode')).fill(recoveryCodes[3] ?? '');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await context.close();
    });
  });

  describe('when an administrator turns it off for a staff member who lost their phone', () => {
    it('should ask first, and then the password alone signs the staff member in', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const lies = await addStaff(board.admin, { firstName: 'Lies', lastName: 'Leraar' });
      const session = await signIn(env.app, lies.email, PASSWORD);
      const { secret } = expectStatus(await session.post('/api/v1/me/mfa/totp'), 200);
      expectStatus(await session.post('/api/v1/me/mfa/totp/confirm', { code: appCode(env, secret) }), 200);
      const signInAlone = () =>
        env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: lies.email, password: PASSWORD },
        });
      expect(expectStatus(await signInAlone(), 401).code).toBe('MFA_REQUIRED');

      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/staff/${lies.id}`);
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await drawer.getByRole('button', { name: 'Tweestapsverificatie uitzetten' }).click();
      const confirm = page.getByRole('dialog', { name: 'Tweestapsverificatie uitzetten' });
      await confirm.getByText('Tweestapsverificatie van Lies Leraar uitzetten?', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Tweestapsverificatie uitzetten' }).click();
      await notice(page, 'Tweestapsverificatie van Lies Leraar staat uit').waitFor();
      expectStatus(await signInAlone(), 200);
      await context.close();
    });
  });

  describe('when the board requires it and a staff member has none yet', () => {
    it('should show the set-up screen instead of the console until it is done', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const lies = await addStaff(board.admin, {
        firstName: 'Lies',
        lastName: 'Leraar',
        locations: [{ locationId: board.north.id, level: 'admin' }],
      });
      expectStatus(await board.admin.patch('/api/v1/board', { settings: { mfaRequired: 'admins' } }), 200);

      const { page, context } = await newPage(env);
      const response = await page.request.post('/api/v1/auth/login', {
        data: { email: lies.email, password: PASSWORD },
      });
      expect(response.status()).toBe(200);
      await page.goto('/locations');
      await page.getByRole('heading', { level: 1, name: 'Tweestapsverificatie instellen' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      await setUpApp(env, page);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Locaties' }).waitFor();
      await context.close();
    });
  });
});
