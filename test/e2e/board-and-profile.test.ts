import { describe, expect, it } from 'vitest';
import { signIn } from '../support/api.ts';
import {
  boardWithSchools,
  countPageLoads,
  expectStatus,
  labelled,
  newPage,
  notice,
  openSignedIn,
  PASSWORD,
  useConsole,
} from './support/console.ts';

describe('board settings and my profile', () => {
  const t = useConsole();

  describe('when a pakketbeheerder changes the board settings', () => {
    it('should save them and show the new board name in the header at once', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/board');
      const loads = countPageLoads(page);

      await page.getByLabel(labelled('Naam van het bestuur')).fill('Stichting Het Baken');
      await page
        .getByRole('checkbox', { name: 'Leerkrachten mogen wachtwoorden van leerlingen resetten' })
        .check();
      await page.getByLabel('Minimale wachtwoordlengte leerlingen').fill('8');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').waitFor();
      await page.getByRole('heading', { level: 1, name: 'Stichting Het Baken' }).waitFor();

      const saved = expectStatus(await board.admin.get('/api/v1/board'), 200);
      expect(saved).toMatchObject({
        name: 'Stichting Het Baken',
        settings: { teachersMayResetPasswords: true, passwordMinLengthStudents: 8 },
      });
      expect(loads()).toBe(0);
      await context.close();
    });
  });

  describe('when someone edits their own profile', () => {
    it('should show the new name in the user menu at once and change the password', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/profile');

      await page.getByLabel(labelled('Voornaam')).fill('Annemarie');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('button', { name: 'Annemarie Admin, gebruikersmenu' }).waitFor();

      await page.getByLabel('Huidig wachtwoord').fill(PASSWORD);
      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('een nieuw lang wachtwoord');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('een nieuw lang wachtwoord');
      await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await notice(page, 'Je wachtwoord is gewijzigd').waitFor();
      expect(await page.getByLabel('Huidig wachtwoord').inputValue()).toBe('');
      await signIn(env.app, board.adminEmail, 'een nieuw lang wachtwoord');
      await context.close();
    });

    it('should say so on the field when the current password is wrong', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/profile');

      await page.getByLabel('Huidig wachtwoord').fill('niet mijn wachtwoord');
      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('een nieuw lang wachtwoord');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('een nieuw lang wachtwoord');
      await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await page.getByText('Het huidige wachtwoord klopt niet.').first().waitFor();
      expect(await page.getByLabel('Huidig wachtwoord').getAttribute('aria-invalid')).toBe('true');
      await context.close();
    });
  });
});
