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

/** The names in the main menu, in order. */
async function menu(page: import('playwright-core').Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
}

describe('locations page', () => {
  const t = useConsole();

  describe('when a pakketbeheerder adds, edits and deletes a location', () => {
    it('should show every change in the list at once', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/locations');
      const loads = countPageLoads(page);

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Locatie toevoegen' });
      await dialog.getByLabel(labelled('Naam')).fill('De Vlinder');
      await dialog.getByLabel('Locatiecode').fill('12AB02');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await gone(dialog);
      await page.getByRole('row', { name: /De Vlinder 12AB02/ }).waitFor();

      await page.getByRole('button', { name: 'Wijzigen De Vlinder' }).click();
      let drawer = page.getByRole('dialog', { name: 'De Vlinder' });
      await drawer.getByLabel(labelled('Naam')).fill('De Vlinder (nevenvestiging)');
      await drawer.getByLabel('Locatiecode').fill('12AB03');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').first().waitFor();
      await page.getByRole('row', { name: /De Vlinder \(nevenvestiging\) 12AB03/ }).waitFor();

      drawer = page.getByRole('dialog', { name: 'De Vlinder (nevenvestiging)' });
      await drawer.getByRole('button', { name: 'Verwijderen' }).click();
      const confirm = page.getByRole('dialog', { name: 'Weet je het zeker?' });
      await confirm.getByRole('button', { name: 'Verwijderen' }).click();
      await notice(page, 'Locatie verwijderd').waitFor();
      await gone(page.getByRole('row', { name: /De Vlinder/ }));

      const left = expectStatus(await board.admin.get('/api/v1/locations'), 200);
      expect(left.items.map((l: { name: string }) => l.name)).toEqual(['De Regenboog', 'Het Kompas']);
      expect(loads()).toBe(0);
      await context.close();
    });

    it('should show a code that is already taken on the code field', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/locations');

      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Locatie toevoegen' });
      await dialog.getByLabel(labelled('Naam')).fill('Tweede Regenboog');
      await dialog.getByLabel('Locatiecode').fill('12AB00');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();

      await dialog.getByText('Een andere locatie heeft deze code al.').waitFor();
      expect(await dialog.getByLabel('Locatiecode').getAttribute('aria-invalid')).toBe('true');
      await context.close();
    });

    it('should link a staff member to the location with a level', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await addStaff(board.admin, { firstName: 'Bram', lastName: 'Peeters' });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/locations/${board.north.id}`);

      const drawer = page.getByRole('dialog', { name: 'De Regenboog' });
      await drawer.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Medewerker koppelen aan locatie' });
      await choose(dialog, page, 'Medewerker', 'Bram Peeters', 'Bram');
      await choose(dialog, page, 'Rechten', 'Locatiebeheerder');
      await dialog.getByRole('button', { name: 'Toevoegen' }).click();
      await gone(dialog);
      await drawer.getByRole('row', { name: 'Bram Peeters Locatiebeheerder' }).waitFor();
      await context.close();
    });
  });

  describe('when a locatiebeheerder signs in', () => {
    it('should show the menu of a locatiebeheerder and only their own location', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const manager = await addStaff(board.admin, {
        firstName: 'Mirjam',
        lastName: 'Hoekstra',
        locations: [
          { locationId: board.north.id, level: 'admin' },
          { locationId: board.south.id, level: 'read' },
        ],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, manager.email, '/');

      expect(new URL(page.url()).pathname).toBe('/locations');
      expect(await menu(page)).toEqual([
        'Locaties',
        'Groepen',
        'Medewerkers',
        'Leerlingen',
        'Vergrendelde accounts',
        'Importeren',
        'Logboek',
        'Mijn profiel',
      ]);
      const table = page.getByRole('table', { name: 'Locaties' });
      await table.getByRole('row', { name: /De Regenboog/ }).waitFor();
      // Their own location to edit; a location where they only read, to view; nothing to add.
      await page.getByRole('button', { name: 'Wijzigen De Regenboog' }).waitFor();
      await page.getByRole('button', { name: 'Bekijken Het Kompas' }).waitFor();
      expect(await page.getByRole('button', { name: 'Toevoegen' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Wijzigen De Regenboog' }).click();
      const drawer = page.getByRole('dialog', { name: 'De Regenboog' });
      await drawer.getByLabel(labelled('Naam')).waitFor();
      expect(await drawer.getByRole('button', { name: 'Verwijderen' }).count()).toBe(0);
      await context.close();
    });

    it('should show only the groups of their location', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const manager = await addStaff(board.admin, {
        firstName: 'Ruud',
        lastName: 'Kok',
        locations: [{ locationId: board.south.id, level: 'admin' }],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, manager.email, '/groups');

      const rows = page.getByRole('table', { name: 'Groepen' }).getByRole('row');
      await rows.filter({ hasText: 'Groep 7b' }).waitFor();
      expect(await rows.count()).toBe(2);
      await page.getByRole('button', { name: 'Wijzigen Groep 7b' }).waitFor();
      await context.close();
    });
  });
});
