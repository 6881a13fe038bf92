import { describe, expect, it } from 'vitest';
import {
  addStaff,
  boardWithSchools,
  choose,
  countPageLoads,
  documentStillMarked,
  expectStatus,
  focused,
  gone,
  labelled,
  markDocument,
  newPage,
  notice,
  openSignedIn,
  useConsole,
} from './support/console.ts';

describe('groups page', () => {
  const t = useConsole();

  describe('when an administrator adds a group', () => {
    it('should show it in the list at once, with its location and grade', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/groups');

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Groep toevoegen' });
      await dialog.getByLabel('Naam').fill('Groep 1/2c');
      await choose(dialog, page, 'Locatie', 'Het Kompas');
      await choose(dialog, page, 'Jaargroep', 'Groep 2');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();

      await gone(dialog);
      const row = page.getByRole('row').filter({ hasText: 'Groep 1/2c' });
      await row.waitFor();
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        'Groep 1/2c',
        'Het Kompas',
        'Groep 2',
        '0',
        '0',
        'Wijzigen',
      ]);
      const groups = expectStatus(await board.admin.get(`/api/v1/groups?location=${board.south.id}`), 200);
      expect(groups.items.map((g: { name: string }) => g.name)).toContain('Groep 1/2c');
      await context.close();
    });

    it('should say what is missing and add nothing', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/groups');

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Groep toevoegen' });
      await dialog.getByRole('button', { name: 'Opslaan' }).click();

      expect(await dialog.getByText('Verplicht').count()).toBe(2);
      expect(await dialog.getByLabel('Naam').getAttribute('aria-invalid')).toBe('true');
      expect(expectStatus(await board.admin.get('/api/v1/groups'), 200).total).toBe(2);
      await context.close();
    });
  });

  describe('when an administrator edits a group', () => {
    // Regression test for the flaw of the system Schoolpas replaces (PRODUCT.md §10): after editing a group,
    // Edit and Delete only worked again after a page reload.
    it('should let Edit and Delete work again at once, without any page reload', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/groups');
      const loads = countPageLoads(page);
      await markDocument(page);

      // First edit, from the list: the panel opens with the cursor in its first field.
      await page.getByRole('button', { name: 'Wijzigen Groep 3a' }).click();
      let drawer = page.getByRole('dialog', { name: 'Groep 3a' });
      await expect.poll(() => focused(drawer.getByLabel(labelled('Naam')))).toBe(true);
      await drawer.getByLabel('Naam').fill('Groep 3b');
      await choose(drawer, page, 'Jaargroep', 'Groep 4');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').first().waitFor();
      await page.getByRole('dialog', { name: 'Groep 3b' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Groep 3b' }).filter({ hasText: 'Groep 4' }).waitFor();

      // Second edit in the same panel, straight after the first.
      drawer = page.getByRole('dialog', { name: 'Groep 3b' });
      await drawer.getByLabel('Naam').fill('Groep 3c');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('dialog', { name: 'Groep 3c' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Groep 3c' }).waitFor();

      // Close the panel and edit once more from the list: the list's button opens the edited group.
      drawer = page.getByRole('dialog', { name: 'Groep 3c' });
      await drawer.getByRole('button', { name: 'Sluiten' }).click();
      await gone(drawer);
      await page.getByRole('button', { name: 'Wijzigen Groep 3c' }).click();
      expect(await drawer.getByLabel('Naam').inputValue()).toBe('Groep 3c');
      await drawer.getByLabel('Naam').fill('Groep 4a');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('row').filter({ hasText: 'Groep 4a' }).waitFor();

      // And delete it, still without a reload.
      drawer = page.getByRole('dialog', { name: 'Groep 4a' });
      await drawer.getByRole('button', { name: 'Verwijderen' }).click();
      const confirm = page.getByRole('dialog', { name: 'Weet je het zeker?' });
      await confirm.getByText('Groep "Groep 4a" verwijderen?').waitFor();
      await confirm.getByRole('button', { name: 'Verwijderen' }).click();
      await notice(page, 'Groep verwijderd').waitFor();
      await gone(page.getByRole('row').filter({ hasText: 'Groep 4a' }));
      await gone(drawer);

      expect(page.url()).toBe(`${env.baseUrl}/groups`);
      expect(await documentStillMarked(page)).toBe(true);
      expect(loads()).toBe(0);
      const answer = await board.admin.get(`/api/v1/groups/${board.groupNorth.id}`);
      expect(expectStatus(answer, 404).code).toBe('GROUP_NOT_FOUND');
      await context.close();
    });

    it('should link a student and a teacher and count them in the list at once', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', { firstName: 'Noor', lastName: 'Visser' });
      await addStaff(board.admin, { firstName: 'Joris', lastName: 'Mulder' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/groups/${board.groupSouth.id}`);
      const loads = countPageLoads(page);

      const drawer = page.getByRole('dialog', { name: 'Groep 7b' });
      await drawer.getByRole('tab', { name: 'Leerlingen (0)' }).click();
      await choose(drawer, page, 'Leerling koppelen', 'Noor Visser', 'Noor');
      await drawer.getByRole('button', { name: 'Toevoegen' }).click();
      await drawer.getByRole('tab', { name: 'Leerlingen (1)' }).waitFor();
      await drawer.getByRole('cell', { name: 'Noor Visser', exact: true }).waitFor();

      await drawer.getByRole('tab', { name: 'Medewerkers (0)' }).click();
      await choose(drawer, page, 'Medewerker koppelen', 'Joris Mulder', 'Joris');
      await drawer.getByRole('button', { name: 'Toevoegen' }).click();
      await drawer.getByRole('tab', { name: 'Medewerkers (1)' }).waitFor();

      const row = page.getByRole('row').filter({ hasText: 'Groep 7b' });
      await row.filter({ hasText: /Het Kompas\s*Groep 7\s*1\s*1/ }).waitFor();

      await drawer.getByRole('button', { name: 'Ontkoppelen Joris Mulder' }).click();
      await drawer.getByRole('tab', { name: 'Medewerkers (0)' }).waitFor();
      expect(loads()).toBe(0);
      await context.close();
    });
  });

  describe('when an administrator searches and filters the groups', () => {
    it('should show only the matching groups, and say when nothing matches', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/groups', { name: 'Groep 8a', locationId: board.north.id, grade: '8' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/groups');
      const rows = page.getByRole('table', { name: 'Groepen' }).getByRole('row');
      await rows.filter({ hasText: 'Groep 8a' }).waitFor();

      await choose(page, page, 'Locatie', 'Het Kompas');
      await gone(rows.filter({ hasText: 'Groep 3a' }));
      expect(await rows.count()).toBe(2);
      await page.getByRole('button', { name: 'Wijzigen Groep 7b' }).waitFor();

      // The name is searched from its start, as in the pickers.
      await page.getByRole('searchbox', { name: 'Zoeken' }).fill('Groep 8');
      await page.getByText('Niets gevonden').waitFor();
      await page.getByRole('button', { name: 'Wijzigen Groep 8a' }).waitFor({ state: 'detached' });

      await choose(page, page, 'Locatie', 'De Regenboog');
      await page.getByRole('button', { name: 'Wijzigen Groep 8a' }).waitFor();
      expect(await rows.count()).toBe(2);
      await context.close();
    });
  });

  describe('when a teacher opens the groups page', () => {
    it('should show only their own groups, to view, with nothing to add or edit', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', {
        firstName: 'Sem',
        lastName: 'de Boer',
        groupIds: [board.groupNorth.id],
      });
      const teacher = await addStaff(board.admin, {
        firstName: 'Lotte',
        lastName: 'Smit',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, teacher.email, '/groups');

      const rows = page.getByRole('table', { name: 'Groepen' }).getByRole('row');
      await rows.filter({ hasText: 'Groep 3a' }).waitFor();
      expect(await rows.count()).toBe(2); // the header and their one group
      expect(await page.getByRole('button', { name: 'Toevoegen' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Bekijken Groep 3a' }).click();
      const drawer = page.getByRole('dialog', { name: 'Groep 3a' });
      await drawer.getByRole('cell', { name: 'Sem de Boer', exact: true }).waitFor();
      expect(await drawer.getByRole('tab', { name: 'Algemeen' }).count()).toBe(0);
      expect(await drawer.getByRole('button', { name: /Ontkoppelen/ }).count()).toBe(0);
      await context.close();
    });
  });
});
