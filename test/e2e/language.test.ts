import { describe, expect, it } from 'vitest';
import {
  boardWithSchools,
  expectStatus,
  labelled,
  newPage,
  openSignedIn,
  signInWithForm,
  useConsole,
} from './support/console.ts';

describe('language', () => {
  const t = useConsole();

  describe('when a person switches to English from the user menu', () => {
    it('should show the console in English at once, and still after a reload and in another browser', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');

      // Dutch is the default.
      await page.getByRole('heading', { name: 'Leerlingen' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');

      await page.getByRole('button', { name: 'Anna Admin, gebruikersmenu' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Students' }).waitFor();
      const menu = page.getByRole('navigation', { name: 'Main menu' }).getByRole('link');
      expect(await menu.allTextContents()).toEqual([
        'Board settings',
        'Locations',
        'Groups',
        'Staff',
        'Students',
        'Locked accounts',
        'Imports',
        'Audit log',
        'My profile',
      ]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => page.title()).toBe('Students · Schoolpas');
      await page.getByRole('button', { name: 'Add' }).waitFor();
      await expect
        .poll(async () => expectStatus(await board.admin.get('/api/v1/me'), 200).user.language)
        .toBe('en');

      await page.reload();
      await page.getByRole('heading', { name: 'Students' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await context.close();

      // Another browser starts in Dutch, and switches to the person's language when they sign in.
      const other = await newPage(env);
      await other.page.goto('/signin');
      await other.page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();
      await other.page.getByLabel(labelled('E-mailadres')).fill(board.adminEmail);
      await other.page.getByLabel(labelled('Wachtwoord')).fill('correct horse battery');
      await other.page.getByRole('button', { name: 'Inloggen' }).click();
      await other.page.getByRole('heading', { name: 'Locations' }).waitFor();

      // And back to Dutch.
      await other.page.getByRole('button', { name: 'Anna Admin, user menu' }).click();
      await other.page.getByRole('menuitem', { name: 'Nederlands' }).click();
      await other.page.getByRole('heading', { name: 'Locaties' }).waitFor();
      expect(await other.page.locator('html').getAttribute('lang')).toBe('nl');
      await other.context.close();
    });

    it('should let a visitor choose English on the sign-in page, and remember it in this browser', async () => {
      const env = t();
      await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await page.goto('/signin');
      await page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Sign in to Schoolpas' }).waitFor();
      await page.getByLabel(labelled('Password')).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Schoolpas' }).waitFor();
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { name: 'Inloggen bij Schoolpas' }).waitFor();
      await context.close();
    });

    it('should translate the forms, validation messages and confirmations too', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      expectStatus(await board.admin.patch('/api/v1/me', { language: 'en' }), 200);
      const { page, context } = await newPage(env);
      await signInWithForm(page, board.adminEmail);
      await page.getByRole('heading', { name: 'Locations' }).waitFor();

      await page.getByRole('link', { name: 'Groups' }).click();
      await page.getByRole('button', { name: 'Add' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add group' });
      await dialog.getByRole('button', { name: 'Save' }).click();
      expect(await dialog.getByText('Required').count()).toBe(2);
      await dialog.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('button', { name: 'Edit Groep 3a' }).click();
      const drawer = page.getByRole('dialog', { name: 'Groep 3a' });
      await drawer.getByRole('tab', { name: 'General' }).waitFor();
      await drawer.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: 'Are you sure?' });
      await confirm.getByText('Delete group "Groep 3a"?', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await context.close();
    });
  });
});
