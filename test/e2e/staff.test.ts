import { describe, expect, it } from 'vitest';
import {
  addStaff,
  boardWithSchools,
  choose,
  countPageLoads,
  expectStatus,
  gone,
  labelled,
  newPage,
  notice,
  openSignedIn,
  useConsole,
} from './support/console.ts';

describe('staff page', () => {
  const t = useConsole();

  describe('when a pakketbeheerder adds a staff member', () => {
    it('should show them in the list with their rights', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/staff');

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Medewerker toevoegen' });
      await dialog.getByLabel(labelled('Voornaam')).fill('Kees');
      await dialog.getByLabel('Tussenvoegsel').fill('van der');
      await dialog.getByLabel(labelled('Achternaam')).fill('Berg');
      await dialog.getByLabel(labelled('E-mailadres')).fill('kees.vanderberg@example.org');
      await choose(dialog, page, 'Locatie', 'Het Kompas');
      await choose(dialog, page, 'Rechten', 'Mappen beheren');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await gone(dialog);

      await page
        .getByRole('row', {
          name: /Kees van der Berg kees\.vanderberg@example\.org Het Kompas \(Mappen beheren\)/,
        })
        .waitFor();
      await context.close();
    });
  });

  describe('when a pakketbeheerder edits a staff member', () => {
    it('should save the General, Rights and Groups tabs, each shown in the list at once', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const staff = await addStaff(board.admin, {
        firstName: 'Anouk',
        lastName: 'de Wit',
        locations: [{ locationId: board.north.id, level: 'read' }],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/staff');
      const loads = countPageLoads(page);

      await page.getByRole('button', { name: 'Wijzigen Anouk de Wit' }).click();
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await drawer.getByLabel(labelled('Achternaam')).fill('Wit');
      await drawer.getByLabel('Tussenvoegsel').fill('de');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').first().waitFor();
      await page.getByRole('row', { name: /Anouk de Wit/ }).waitFor();

      await drawer.getByRole('tab', { name: 'Rechten' }).click();
      await choose(drawer, page, 'Rechten Het Kompas', 'Locatiebeheerder');
      await drawer
        .getByRole('tabpanel', { name: 'Rechten' })
        .getByRole('button', { name: 'Opslaan' })
        .click();
      await page
        .getByRole('row', { name: /De Regenboog \(Alleen lezen\), Het Kompas \(Locatiebeheerder\)/ })
        .waitFor();

      await drawer.getByRole('tab', { name: 'Groepen' }).click();
      const groupsTab = drawer.getByRole('tabpanel', { name: 'Groepen' });
      await choose(groupsTab, page, 'Groep toevoegen', 'Groep 7b', 'Groep 7b');
      await groupsTab.getByRole('button', { name: 'Toevoegen' }).click();
      await groupsTab.getByRole('checkbox', { name: 'Groep 7b' }).waitFor();
      await groupsTab.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').first().waitFor();

      await expect
        .poll(async () => expectStatus(await board.admin.get(`/api/v1/staff/${staff.id}`), 200))
        .toMatchObject({
          lastName: 'Wit',
          infix: 'de',
          groupIds: [board.groupSouth.id],
          locations: expect.arrayContaining([
            { locationId: board.north.id, level: 'read' },
            { locationId: board.south.id, level: 'admin' },
          ]),
        });
      expect(loads()).toBe(0);
      await context.close();
    });

    it('should delete them after asking', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await addStaff(board.admin, { firstName: 'Tim', lastName: 'Vos' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/staff');

      await page.getByRole('button', { name: 'Wijzigen Tim Vos' }).click();
      await page
        .getByRole('dialog', { name: 'Gebruiker bewerken' })
        .getByRole('button', { name: 'Verwijderen' })
        .click();
      const confirm = page.getByRole('dialog', { name: 'Weet je het zeker?' });
      await confirm.getByText('Tim Vos verwijderen?').waitFor();
      await confirm.getByRole('button', { name: 'Verwijderen' }).click();
      await notice(page, 'Verwijderd').waitFor();
      await gone(page.getByRole('row', { name: /Tim Vos/ }));
      expect(new URL(page.url()).pathname).toBe('/staff');
      await context.close();
    });
  });

  describe('when a pakketbeheerder uses bulk actions on the staff list', () => {
    it('should link the selection to a group, unlink it, and delete it with the count in the question', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const first = await addStaff(board.admin, { firstName: 'Eva', lastName: 'Bos' });
      const second = await addStaff(board.admin, { firstName: 'Daan', lastName: 'Bos' });
      await addStaff(board.admin, { firstName: 'Mila', lastName: 'Jong' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/staff');
      const loads = countPageLoads(page);

      await page.getByLabel('Zoeken').fill('Bos');
      await gone(page.getByRole('row', { name: /Mila Jong/ }));
      await page.getByRole('checkbox', { name: 'Alles op deze pagina selecteren' }).check();
      const toolbar = page.getByRole('toolbar', { name: 'Acties voor de selectie' });
      await toolbar.getByText('2 geselecteerd').waitFor();

      await toolbar.getByRole('button', { name: 'Koppelen aan groep' }).click();
      let dialog = page.getByRole('dialog', { name: 'Koppelen aan groep' });
      await choose(dialog, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await dialog.getByRole('button', { name: '2 personen koppelen' }).click();
      await notice(page, '2 personen bijgewerkt').waitFor();
      const members = expectStatus(
        await board.admin.get(`/api/v1/groups/${board.groupNorth.id}/members`),
        200,
      );
      expect(members.staff.map((m: { personId: string }) => m.personId).sort()).toEqual(
        [first.id, second.id].sort(),
      );

      await page.getByRole('checkbox', { name: 'Eva Bos selecteren' }).check();
      await toolbar.getByRole('button', { name: 'Ontkoppelen van groep' }).click();
      dialog = page.getByRole('dialog', { name: 'Ontkoppelen van groep' });
      await choose(dialog, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await dialog.getByRole('button', { name: '1 persoon ontkoppelen' }).click();
      await notice(page, '1 persoon bijgewerkt').waitFor();
      const after = expectStatus(await board.admin.get(`/api/v1/groups/${board.groupNorth.id}/members`), 200);
      expect(after.staff.map((m: { personId: string }) => m.personId)).toEqual([second.id]);

      await page.getByRole('checkbox', { name: 'Alles op deze pagina selecteren' }).check();
      await toolbar.getByRole('button', { name: 'Verwijderen' }).click();
      const confirm = page.getByRole('dialog', { name: 'Weet je het zeker?' });
      await confirm.getByText('2 personen verwijderen? Dit kan niet ongedaan worden gemaakt.').waitFor();
      await confirm.getByRole('button', { name: 'Verwijderen' }).click();
      await notice(page, '2 personen verwijderd').waitFor();
      await page.getByText('Niets gevonden').waitFor();

      const left = expectStatus(await board.admin.get('/api/v1/staff'), 200);
      expect(left.items.map((s: { displayName: string }) => s.displayName)).toEqual([
        'Anna Admin',
        'Mila Jong',
      ]);
      expect(loads()).toBe(0);
      await context.close();
    });
  });
});
