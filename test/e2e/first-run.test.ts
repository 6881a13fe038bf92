import { describe, expect, it } from 'vitest';
import { issueSetupToken, setupBoard } from '../../src/modules/auth/index.ts';
import { signIn } from '../support/api.ts';
import {
  countPageLoads,
  expectStatus,
  focused,
  labelled,
  newPage,
  signInWithForm,
  tabUntil,
  useConsole,
} from './support/console.ts';

// The tests of this file run in order on one database: the first-run page only exists while there is no board.
describe('first run and signing in', () => {
  const t = useConsole();
  const first = {
    boardName: 'Stichting De Linde',
    firstName: 'Fatima',
    lastName: 'El Amrani',
    email: 'fatima@delinde.example.org',
    password: 'een lang wachtwoord',
  };

  describe('when the installation is empty', () => {
    it('should lead to the first-run page, refuse a wrong setup token, and create the board with the right one', async () => {
      const env = t();
      const token = await issueSetupToken(env.ctx);
      if (!token) throw new Error('expected a setup token on an empty installation');
      const { page, context } = await newPage(env);

      await page.goto('/');
      await page.waitForURL('**/setup');
      await expect.poll(() => page.title()).toBe('Schoolpas instellen');
      await page.getByLabel(labelled('Eenmalige code')).fill('niet-de-goede-code');
      await page.getByLabel(labelled('Naam van het bestuur')).fill(first.boardName);
      await page.getByLabel(labelled('Voornaam')).fill(first.firstName);
      await page.getByLabel(labelled('Achternaam')).fill(first.lastName);
      await page.getByLabel(labelled('E-mailadres')).fill(first.email);
      await page.getByLabel(labelled('Wachtwoord')).fill(first.password);
      await page.getByRole('button', { name: 'Bestuur aanmaken' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'De eenmalige code klopt niet of is al gebruikt.' })
        .waitFor();

      await page.getByLabel(labelled('Eenmalige code')).fill(token);
      await page.getByRole('button', { name: 'Bestuur aanmaken' }).click();
      await page.waitForURL('**/locations');
      await page.getByRole('heading', { name: first.boardName }).waitFor();
      await page.getByRole('button', { name: 'Fatima El Amrani, gebruikersmenu' }).waitFor();
      const menu = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link');
      expect(await menu.allTextContents()).toEqual([
        'Bestuursinstellingen',
        'Locaties',
        'Groepen',
        'Medewerkers',
        'Leerlingen',
        'Vergrendelde accounts',
        'Importeren',
        'Logboek',
        'Mijn profiel',
      ]);
      await page.getByText('Nog geen locaties').waitFor();
      expect(expectStatus(await env.app.inject({ url: '/api/v1/setup' }), 200)).toEqual({ required: false });
      await context.close();
    });
  });

  describe('when the board exists', () => {
    it('should send the first-run page to the sign-in page', async () => {
      const { page, context } = await newPage(t());
      await page.goto('/setup');
      await page.waitForURL('**/signin');
      await page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();
      await context.close();
    });

    it('should refuse a wrong password with a readable message', async () => {
      const { page, context } = await newPage(t());
      await page.goto('/signin');
      await page.getByLabel(labelled('E-mailadres')).fill(first.email);
      await page.getByLabel(labelled('Wachtwoord')).fill('fout wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('alert').filter({ hasText: 'E-mailadres of wachtwoord klopt niet.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      await context.close();
    });

    it('should sign in, return to the page that was asked for, and sign out from the user menu', async () => {
      const { page, context } = await newPage(t());
      await page.goto('/groups');
      await page.waitForURL('**/signin');
      await page.getByLabel(labelled('E-mailadres')).fill(first.email);
      await page.getByLabel(labelled('Wachtwoord')).fill(first.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForURL('**/groups');
      await page.getByRole('heading', { name: 'Groepen' }).waitFor();
      await expect.poll(() => page.title()).toBe('Groepen · Schoolpas');

      await page.getByRole('button', { name: 'Fatima El Amrani, gebruikersmenu' }).click();
      await page.getByRole('menuitem', { name: 'Uitloggen' }).click();
      await page.waitForURL('**/signin');
      await page.goto('/groups');
      await page.waitForURL('**/signin');
      await context.close();
    });
  });

  describe('when the session ends while the console is open', () => {
    it('should go back to the sign-in page at the next step, and return there after signing in', async () => {
      const { page, context } = await newPage(t());
      await signInWithForm(page, first.email, first.password);
      await page.getByRole('link', { name: 'Groepen' }).click();
      await page.getByRole('heading', { name: 'Groepen' }).waitFor();

      // Signed out elsewhere (another tab, or the session expired): this browser's cookie no longer works.
      const me = await (await page.request.get('/api/v1/me')).json();
      const out = await page.request.post('/api/v1/auth/logout', {
        headers: { 'x-csrf-token': me.csrfToken },
      });
      expect(out.status()).toBe(204);

      await page.getByRole('link', { name: 'Leerlingen' }).click();
      await page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();
      await page.getByLabel(labelled('E-mailadres')).fill(first.email);
      await page.getByLabel(labelled('Wachtwoord')).fill(first.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('heading', { name: 'Leerlingen' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/students');
      await context.close();
    });
  });

  describe('when a new staff member signs in with their temporary password', () => {
    it('should ask for their own password first, and then open the console', async () => {
      const env = t();
      const admin = await signIn(env.app, first.email, first.password);
      const email = 'sanne.mulder@delinde.example.org';
      expectStatus(
        await admin.post('/api/v1/staff', {
          firstName: 'Sanne',
          lastName: 'Mulder',
          email,
          password: 'tijdelijk-wachtwoord-1',
        }),
        201,
      );
      const { page, context } = await newPage(env);
      await page.goto('/signin');
      await page.getByLabel(labelled('E-mailadres')).fill(email);
      await page.getByLabel(labelled('Wachtwoord')).fill('tijdelijk-wachtwoord-1');
      await page.getByRole('button', { name: 'Inloggen' }).click();

      await page.getByRole('heading', { name: 'Kies je eigen wachtwoord' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0);
      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('kort');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('kort');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText('Het wachtwoord is te kort.').waitFor();

      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('mijn eigen wachtwoord');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('mijn eigen wachtwoord');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('heading', { name: 'Mijn profiel' }).waitFor();
      await signIn(env.app, email, 'mijn eigen wachtwoord');
      await context.close();
    });
  });

  describe('when a new administrator follows their activation link', () => {
    it('should let them choose a password and sign them in', async () => {
      const env = t();
      const { activationToken } = await setupBoard(env.ctx, {
        boardName: 'Stichting Het Anker',
        firstName: 'Daan',
        lastName: 'Verbeek',
        email: 'daan@anker.example.org',
      });
      const { page, context } = await newPage(env);
      await page.goto(`/activate?token=${activationToken}`);
      await page.getByRole('heading', { name: 'Account activeren' }).waitFor();
      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('het anker ligt vast');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('het anker ligt vast');
      await page.getByRole('button', { name: 'Account activeren' }).click();
      await page.getByRole('heading', { level: 1, name: 'Stichting Het Anker' }).waitFor();

      // The link works once.
      const again = await newPage(env);
      await again.page.goto(`/activate?token=${activationToken}`);
      await again.page.getByLabel(labelled('Nieuw wachtwoord')).fill('nog een wachtwoord');
      await again.page.getByLabel(labelled('Herhaal het wachtwoord')).fill('nog een wachtwoord');
      await again.page.getByRole('button', { name: 'Account activeren' }).click();
      await again.page.getByText('Deze link is ongeldig, verlopen of al gebruikt.').waitFor();
      await again.context.close();
      await context.close();
    });
  });

  describe('when someone uses only the keyboard', () => {
    it('should sign in, add a location and rename it with Tab, typing, Enter and Escape', async () => {
      const env = t();
      const { page, context } = await newPage(env);
      await page.goto('/signin');
      await page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();

      // Sign in.
      await page.keyboard.press('Tab');
      expect(await focused(page.getByLabel(labelled('E-mailadres')))).toBe(true);
      await page.keyboard.type(first.email);
      await page.keyboard.press('Tab');
      expect(await focused(page.getByLabel(labelled('Wachtwoord')))).toBe(true);
      await page.keyboard.type(first.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Locaties' }).waitFor();
      const loads = countPageLoads(page);

      // The first Tab offers the skip link; it leads straight to the page's own controls.
      await page.keyboard.press('Tab');
      expect(await focused(page.getByRole('link', { name: 'Naar de inhoud' }))).toBe(true);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await focused(page.getByRole('button', { name: 'Toevoegen' }))).toBe(true);

      // Add a location: the dialog opens with the cursor in its first field; Enter saves.
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Locatie toevoegen' });
      await dialog.waitFor();
      expect(await focused(dialog.getByLabel(labelled('Naam')))).toBe(true);
      await page.keyboard.type('De Toekomst');
      await page.keyboard.press('Tab');
      await page.keyboard.type('12AB04');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('row', { name: /De Toekomst 12AB04/ }).waitFor();

      // Open it from the list, rename it, close the panel with Escape.
      const edit = page.getByRole('button', { name: 'Wijzigen De Toekomst' });
      await tabUntil(page, edit);
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog', { name: 'De Toekomst' });
      await drawer.waitFor();
      expect(await focused(drawer.getByLabel(labelled('Naam')))).toBe(true);
      await page.keyboard.press('End');
      await page.keyboard.type(' en Zon');
      await page.keyboard.press('Enter');
      await page.getByRole('row', { name: /De Toekomst en Zon 12AB04/ }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'De Toekomst en Zon' }).waitFor({ state: 'hidden' });

      expect(loads()).toBe(0);
      await context.close();
    });

    it('should reach every item of the main menu and the user menu with Tab and Enter', async () => {
      const { page, context } = await newPage(t());
      await signInWithForm(page, first.email, first.password);

      const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
      const items = await menu.getByRole('link').allTextContents();
      expect(items).toHaveLength(9);
      for (const item of items) {
        // Following a menu link keeps the focus on it, so the next item is one Tab further.
        const presses = await tabUntil(page, menu.getByRole('link', { name: item }));
        if (item !== items[0]) expect(presses).toBe(1);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 2, name: item }).waitFor();
        expect(await menu.getByRole('link', { name: item }).getAttribute('aria-current')).toBe('page');
      }

      await tabUntil(page, page.getByRole('button', { name: 'Fatima El Amrani, gebruikersmenu' }), {
        backwards: true,
      });
      await page.keyboard.press('Enter');
      // The menu opens with its first item focused; the arrow keys walk the items.
      const profile = page.getByRole('menuitem', { name: 'Mijn profiel' });
      await profile.waitFor();
      expect(await focused(profile)).toBe(true);
      await page.keyboard.press('ArrowDown');
      expect(await focused(page.getByRole('menuitem', { name: 'Nederlands' }))).toBe(true);
      await page.keyboard.press('ArrowUp');
      expect(await focused(profile)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Mijn profiel' }).waitFor();
      await context.close();
    });
  });
});
