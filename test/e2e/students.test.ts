import { describe, expect, it } from 'vitest';
import {
  addStaff,
  boardWithSchools,
  choose,
  countPageLoads,
  expectStatus,
  focused,
  gone,
  labelled,
  newPage,
  notice,
  openSignedIn,
  useConsole,
} from './support/console.ts';

describe('students page', () => {
  const t = useConsole();

  describe('when an administrator adds a student', () => {
    it('should show them in their group with a username made from the name', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Leerling toevoegen' });
      await dialog.getByLabel(labelled('Voornaam')).fill('Ismaël');
      await dialog.getByLabel(labelled('Achternaam')).fill('Çelik');
      await choose(dialog, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await gone(dialog);

      await page.getByRole('row', { name: /Ismaël Çelik ismael\.celik Groep 3a/ }).waitFor();
      await context.close();
    });
  });

  describe('when an administrator edits a student', () => {
    it('should save each tab and show the change at once', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const student = await board.post('/students', {
        firstName: 'Fenna',
        lastName: 'Dijkstra',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');
      const loads = countPageLoads(page);

      await page.getByRole('button', { name: 'Wijzigen Fenna Dijkstra' }).click();
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await expect.poll(() => focused(drawer.getByLabel(labelled('Voornaam')))).toBe(true);
      await drawer.getByLabel(labelled('Voornaam')).fill('Fenne');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('row', { name: /Fenne Dijkstra fenna\.dijkstra Groep 3a/ }).waitFor();

      await drawer.getByRole('tab', { name: 'Groepen' }).click();
      const groupsTab = drawer.getByRole('tabpanel', { name: 'Groepen' });
      await groupsTab.getByRole('checkbox', { name: 'Groep 3a' }).uncheck();
      await choose(groupsTab, page, 'Groep toevoegen', 'Groep 7b', 'Groep 7b');
      await groupsTab.getByRole('button', { name: 'Toevoegen' }).click();
      await groupsTab.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('row', { name: /Fenne Dijkstra fenna\.dijkstra Groep 7b/ }).waitFor();

      await drawer.getByRole('tab', { name: 'Inloggen' }).click();
      await drawer.getByRole('radio', { name: 'Gebruikersnaam + plaatjeswachtwoord' }).check();
      await notice(page, 'Opgeslagen').first().waitFor();

      await drawer.getByRole('tab', { name: 'Privacy' }).click();
      await drawer.getByRole('checkbox', { name: 'Privacybeleid geaccepteerd' }).check();

      await expect
        .poll(async () => expectStatus(await board.admin.get(`/api/v1/students/${student.id}`), 200))
        .toMatchObject({
          firstName: 'Fenne',
          groupIds: [board.groupSouth.id],
          signInMethod: 'pictures',
          privacyConsent: true,
        });
      expect(loads()).toBe(0);
      await context.close();
    });

    it('should delete them after asking', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', {
        firstName: 'Liam',
        lastName: 'Hendriks',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');

      await page.getByRole('button', { name: 'Wijzigen Liam Hendriks' }).click();
      await page
        .getByRole('dialog', { name: 'Gebruiker bewerken' })
        .getByRole('button', { name: 'Verwijderen' })
        .click();
      await page
        .getByRole('dialog', { name: 'Weet je het zeker?' })
        .getByRole('button', { name: 'Verwijderen' })
        .click();
      await gone(page.getByRole('row', { name: /Liam Hendriks/ }));
      await page.getByText('Pagina 1 · 0 in totaal').waitFor();
      await context.close();
    });
  });

  describe('when an administrator uses bulk actions on the student list', () => {
    it('should link the selection to a group, unlink it, and delete it with the count in the question', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const names = ['Saar', 'Julia', 'Yara'];
      const ids: string[] = [];
      for (const firstName of names) {
        ids.push(
          (await board.post('/students', { firstName, lastName: 'Meijer', groupIds: [board.groupNorth.id] }))
            .id,
        );
      }
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');
      const loads = countPageLoads(page);

      await page.getByRole('row', { name: /Yara Meijer/ }).waitFor();
      await page.getByRole('checkbox', { name: 'Alles op deze pagina selecteren' }).check();
      const toolbar = page.getByRole('toolbar', { name: 'Acties voor de selectie' });
      await toolbar.getByRole('button', { name: 'Koppelen aan groep' }).click();
      let dialog = page.getByRole('dialog', { name: 'Koppelen aan groep' });
      await choose(dialog, page, 'Groep', 'Groep 7b', 'Groep 7b');
      await dialog.getByRole('button', { name: '3 personen koppelen' }).click();
      await notice(page, '3 personen bijgewerkt').waitFor();
      for (const name of names) {
        await page.getByRole('row', { name: new RegExp(`${name} Meijer .* Groep 3a, Groep 7b`) }).waitFor();
      }

      await page.getByRole('checkbox', { name: 'Saar Meijer selecteren' }).check();
      await page.getByRole('checkbox', { name: 'Julia Meijer selecteren' }).check();
      await toolbar.getByRole('button', { name: 'Ontkoppelen van groep' }).click();
      dialog = page.getByRole('dialog', { name: 'Ontkoppelen van groep' });
      await choose(dialog, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await dialog.getByRole('button', { name: '2 personen ontkoppelen' }).click();
      await page.getByRole('row', { name: /Saar Meijer saar\.meijer Groep 7b Wijzigen/ }).waitFor();
      await page.getByRole('row', { name: /Yara Meijer yara\.meijer Groep 3a, Groep 7b/ }).waitFor();

      await page.getByRole('checkbox', { name: 'Yara Meijer selecteren' }).check();
      await page.getByRole('checkbox', { name: 'Julia Meijer selecteren' }).check();
      await toolbar.getByRole('button', { name: 'Verwijderen' }).click();
      const confirm = page.getByRole('dialog', { name: 'Weet je het zeker?' });
      await confirm.getByText('2 personen verwijderen?').waitFor();
      await confirm.getByRole('button', { name: 'Verwijderen' }).click();
      await notice(page, '2 personen verwijderd').waitFor();
      await page.getByText('Pagina 1 · 1 in totaal').waitFor();

      const left = expectStatus(await board.admin.get('/api/v1/students'), 200);
      expect(left.items.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
      expect(loads()).toBe(0);
      await context.close();
    });
  });

  describe('when an administrator searches and filters the student list', () => {
    it('should narrow the list by name, location and group', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const north2 = await board.post('/groups', {
        name: 'Groep 5c',
        locationId: board.north.id,
        grade: '5',
      });
      await board.post('/students', {
        firstName: 'Emma',
        lastName: 'de Jong',
        groupIds: [board.groupNorth.id],
      });
      await board.post('/students', { firstName: 'Lucas', lastName: 'Jansen', groupIds: [north2.id] });
      await board.post('/students', {
        firstName: 'Sophie',
        lastName: 'Jansen',
        groupIds: [board.groupSouth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/students');
      const table = page.getByRole('table', { name: 'Leerlingen' });
      const names = () => table.getByRole('row').locator('td:nth-child(2)').allTextContents();
      await page.getByText('Pagina 1 · 3 in totaal').waitFor();

      await page.getByRole('searchbox', { name: 'Zoeken' }).fill('jansen');
      await page.getByText('Pagina 1 · 2 in totaal').waitFor();
      expect(await names()).toEqual(['Lucas Jansen', 'Sophie Jansen']);

      await choose(page, page, 'Locatie', 'De Regenboog');
      await page.getByText('Pagina 1 · 1 in totaal').waitFor();
      expect(await names()).toEqual(['Lucas Jansen']);

      await page.getByRole('searchbox', { name: 'Zoeken' }).fill('');
      await page.getByText('Pagina 1 · 2 in totaal').waitFor();
      await choose(page, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await page.getByText('Pagina 1 · 1 in totaal').waitFor();
      expect(await names()).toEqual(['Emma de Jong']);
      await context.close();
    });
  });

  describe('when a teacher opens the students page', () => {
    it('should show only the students of their groups, to view, without bulk actions', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', {
        firstName: 'Bo',
        lastName: 'Kramer',
        groupIds: [board.groupNorth.id, board.groupSouth.id],
      });
      await board.post('/students', {
        firstName: 'Jens',
        lastName: 'Prins',
        groupIds: [board.groupSouth.id],
      });
      const teacher = await addStaff(board.admin, {
        firstName: 'Ilse',
        lastName: 'Veenstra',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, teacher.email, '/');

      expect(new URL(page.url()).pathname).toBe('/students');
      const menu = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link');
      expect(await menu.allTextContents()).toEqual([
        'Locaties',
        'Groepen',
        'Leerlingen',
        'Vergrendelde accounts',
        'Mijn profiel',
      ]);
      const table = page.getByRole('table', { name: 'Leerlingen' });
      // Bo is also in a group of another school: the teacher sees only the group they teach.
      await table.getByRole('row', { name: 'Bo Kramer bo.kramer Groep 3a Bekijken Bo Kramer' }).waitFor();
      expect(await table.getByRole('row').count()).toBe(2);
      expect(await page.getByRole('checkbox').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Toevoegen' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Bekijken Bo Kramer' }).click();
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      expect(await drawer.getByLabel(labelled('Voornaam')).isDisabled()).toBe(true);
      expect(await drawer.getByRole('button', { name: 'Opslaan' }).count()).toBe(0);
      expect(await drawer.getByRole('button', { name: 'Verwijderen' }).count()).toBe(0);

      // The teacher records the privacy consent (the one thing of a student a teacher changes).
      await drawer.getByRole('tab', { name: 'Privacy' }).click();
      await drawer.getByRole('checkbox', { name: 'Privacybeleid geaccepteerd' }).check();
      await notice(page, 'Opgeslagen').waitFor();
      const bo = expectStatus(await board.admin.get('/api/v1/students?q=Bo'), 200).items[0];
      expect(bo.privacyConsent).toBe(true);
      await context.close();
    });
  });
});
