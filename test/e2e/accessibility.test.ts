import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/modules/auth/index.ts';
import {
  addStaff,
  boardWithSchools,
  newPage,
  openSignedIn,
  seriousViolations,
  useConsole,
} from './support/console.ts';

/** Runs axe on the page as it is now and collects what it finds under `name`. */
async function audit(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  // Let Mantine's transitions end: axe judges contrast on the colours it sees.
  await page.waitForTimeout(250);
  const violations = await seriousViolations(page);
  if (violations.length > 0) found[name] = violations;
}

// axe-core (WCAG 2.0/2.1 A and AA rules) on every page and on the panels and dialogs that open on them.
// Only "serious" and "critical" findings fail the test; the message lists them per screen.
describe('accessibility', () => {
  const t = useConsole();

  describe('when nobody has set Schoolpas up yet', () => {
    it('should find nothing serious on the first-run page', async () => {
      const env = t();
      await issueSetupToken(env.ctx);
      const { page, context } = await newPage(env);
      const found: Record<string, string[]> = {};
      await page.goto('/setup');
      await page.getByRole('button', { name: 'Bestuur aanmaken' }).click();
      await page.getByText('Verplicht').first().waitFor();
      await audit(page, 'first run, with validation messages', found);
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when a pakketbeheerder uses the console', () => {
    /** A board with a student and a locatiebeheerder who teaches, and a signed-in pakketbeheerder's tab. */
    async function signedIn() {
      const env = t();
      const board = await boardWithSchools(env);
      const student = await board.post('/students', {
        firstName: 'Noor',
        lastName: 'Visser',
        groupIds: [board.groupNorth.id],
      });
      const staff = await addStaff(board.admin, {
        firstName: 'Joris',
        lastName: 'Mulder',
        locations: [{ locationId: board.north.id, level: 'admin' }],
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/profile');
      return { board, student, staff, page, context, found: {} as Record<string, string[]> };
    }

    it('should find nothing serious on the sign-in page', async () => {
      await boardWithSchools(t()); // with a board, /signin no longer leads to the first-run page
      const { page, context } = await newPage(t());
      const found: Record<string, string[]> = {};
      await page.goto('/signin');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText('Vul een geldig e-mailadres in').waitFor();
      await audit(page, 'sign-in, with validation messages', found);
      expect(found).toEqual({});
      await context.close();
    });

    it('should find nothing serious on the locations page, its panel and its dialog', async () => {
      const { board, page, context, found } = await signedIn();
      await page.goto('/locations');
      await page.getByRole('cell', { name: 'De Regenboog', exact: true }).waitFor();
      await audit(page, 'locations', found);
      await page.getByRole('button', { name: 'Toevoegen' }).click();
      await audit(page, 'locations: add', found);
      await page.keyboard.press('Escape');
      await page.goto(`/locations/${board.north.id}`);
      await page.getByRole('dialog', { name: 'De Regenboog' }).getByText('Joris Mulder').waitFor();
      await audit(page, 'locations: panel', found);
      expect(found).toEqual({});
      await context.close();
    });

    it('should find nothing serious on the groups page, its panel, its dialogs and the delete question', async () => {
      const { board, page, context, found } = await signedIn();
      await page.goto('/groups');
      await page.getByRole('cell', { name: 'Groep 3a', exact: true }).waitFor();
      await audit(page, 'groups', found);
      await page.getByRole('button', { name: 'Toevoegen' }).click();
      await audit(page, 'groups: add', found);
      await page.keyboard.press('Escape');
      await page.goto(`/groups/${board.groupNorth.id}`);
      const panel = page.getByRole('dialog', { name: 'Groep 3a' });
      await panel.getByLabel(/^Naam/).waitFor();
      await audit(page, 'groups: panel, General', found);
      await panel.getByRole('tab', { name: /^Leerlingen/ }).click();
      await panel.getByRole('cell', { name: 'Noor Visser', exact: true }).waitFor();
      await audit(page, 'groups: panel, students', found);
      await panel.getByRole('tab', { name: 'Algemeen' }).click();
      await panel.getByRole('button', { name: 'Verwijderen' }).click();
      await page.getByRole('dialog', { name: 'Weet je het zeker?' }).waitFor();
      await audit(page, 'groups: confirm delete', found);
      expect(found).toEqual({});
      await context.close();
    });

    it('should find nothing serious on the staff page, its bulk actions, its dialog and every tab of its panel', async () => {
      const { staff, page, context, found } = await signedIn();
      await page.goto('/staff');
      await page.getByRole('cell', { name: 'Joris Mulder', exact: true }).waitFor();
      await audit(page, 'staff', found);
      await page.getByRole('checkbox', { name: 'Joris Mulder selecteren' }).check();
      await page.getByRole('button', { name: 'Koppelen aan groep' }).click();
      await audit(page, 'staff: selection and bulk dialog', found);
      // The first Escape closes the group picker's list, the second the dialog.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Koppelen aan groep' }).waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Toevoegen' }).click();
      await audit(page, 'staff: add', found);
      await page.keyboard.press('Escape');
      await page.goto(`/staff/${staff.id}`);
      const panel = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await panel.getByLabel(/^Voornaam/).waitFor();
      await audit(page, 'staff: panel, General', found);
      await panel.getByRole('tab', { name: 'Rechten' }).click();
      await audit(page, 'staff: panel, Rights', found);
      await panel.getByRole('tab', { name: 'Groepen' }).click();
      await panel.getByText('Groep 3a').waitFor();
      await audit(page, 'staff: panel, Groups', found);
      expect(found).toEqual({});
      await context.close();
    });

    it('should find nothing serious on the students page, its dialog and every tab of its panel', async () => {
      const { student, page, context, found } = await signedIn();
      await page.goto('/students');
      await page.getByRole('cell', { name: 'Noor Visser', exact: true }).waitFor();
      await audit(page, 'students', found);
      await page.getByRole('button', { name: 'Toevoegen' }).click();
      await audit(page, 'students: add', found);
      await page.keyboard.press('Escape');
      await page.goto(`/students/${student.id}`);
      const panel = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await panel.getByLabel(/^Voornaam/).waitFor();
      await audit(page, 'students: panel, General', found);
      for (const tab of ['Groepen', 'Inloggen', 'Privacy']) {
        await panel.getByRole('tab', { name: tab }).click();
        await audit(page, `students: panel, ${tab}`, found);
      }
      expect(found).toEqual({});
      await context.close();
    });

    it('should find nothing serious on the audit log, board settings, my profile and the user menu', async () => {
      const { page, context, found } = await signedIn();
      await page.goto('/audit');
      await page.getByRole('cell', { name: 'Leerling toegevoegd', exact: true }).first().waitFor();
      await audit(page, 'audit log', found);
      await page.goto('/board');
      await page.getByLabel(/^Naam van het bestuur/).waitFor();
      await audit(page, 'board settings', found);
      await page.goto('/profile');
      await page.getByLabel(/^Voornaam/).waitFor();
      await audit(page, 'my profile', found);
      await page.getByRole('button', { name: 'Anna Admin, gebruikersmenu' }).click();
      await page.getByRole('menuitem', { name: 'English' }).waitFor();
      await audit(page, 'user menu', found);
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'My profile' }).waitFor();
      await audit(page, 'my profile, in English', found);
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when a new staff member signs in with a temporary password', () => {
    it('should find nothing serious on the page where they choose their own', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const email = 'nieuw@example.org';
      await board.post('/staff', { firstName: 'Nina', lastName: 'Nieuw', email, password: 'tijdelijk-1234' });
      const { page, context } = await newPage(env);
      const found: Record<string, string[]> = {};
      await page.goto('/signin');
      await page.getByLabel(/^E-mailadres/).fill(email);
      await page.getByLabel(/^Wachtwoord/).fill('tijdelijk-1234');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText('Verplicht').waitFor();
      await audit(page, 'choose your own password, with a validation message', found);
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when a teacher uses the console', () => {
    it('should find nothing serious on their read-only pages', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const student = await board.post('/students', {
        firstName: 'Bo',
        lastName: 'Kramer',
        groupIds: [board.groupNorth.id],
      });
      const teacher = await addStaff(board.admin, {
        firstName: 'Lotte',
        lastName: 'Smit',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await newPage(env);
      const found: Record<string, string[]> = {};
      await openSignedIn(page, teacher.email, `/students/${student.id}`);
      await page
        .getByRole('dialog', { name: 'Gebruiker bewerken' })
        .getByLabel(/^Voornaam/)
        .waitFor();
      await audit(page, 'teacher: student panel (read-only)', found);
      await page.goto(`/groups/${board.groupNorth.id}`);
      await page.getByRole('dialog', { name: 'Groep 3a' }).getByText('Bo Kramer').waitFor();
      await audit(page, 'teacher: group panel (read-only)', found);
      await page.goto(`/locations/${board.north.id}`);
      await page.getByRole('dialog', { name: 'De Regenboog' }).waitFor();
      await audit(page, 'teacher: location panel (read-only)', found);
      expect(found).toEqual({});
      await context.close();
    });
  });
});
