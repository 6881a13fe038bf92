import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addStaff,
  boardWithSchools,
  choose,
  expectStatus,
  gone,
  labelled,
  newPage,
  notice,
  openSignedIn,
  seriousViolations,
  useConsole,
} from './support/console.ts';

/** axe on the screen as it is now; the findings are kept under `name` so one failure lists them all. */
async function audit(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  // Not over a button or link: axe judges the colours it sees, a hover colour included. Mantine's transitions end.
  await page.mouse.move(1, 1);
  await page.waitForTimeout(250);
  const violations = await seriousViolations(page);
  if (violations.length > 0) found[name] = violations;
}

// Passwords, picture passwords and locks in the console (issue 4): what teachers and administrators see and do.
describe('credentials in the console', () => {
  const t = useConsole();

  describe('when a teacher opens their group and a student', () => {
    it("should show a new student's temporary password, print only the table, and show pictures chosen in the picker", async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const teacher = await addStaff(board.admin, {
        firstName: 'Joris',
        lastName: 'Mulder',
        groupIds: [board.groupNorth.id],
      });
      const student = await board.post('/students', {
        firstName: 'Fenna',
        lastName: 'Dijkstra',
        groupIds: [board.groupNorth.id],
      });
      const { temporaryPassword } = expectStatus(
        await board.admin.get(`/api/v1/students/${student.id}/password`),
        200,
      );
      const found: Record<string, string[]> = {};
      const { page, context } = await newPage(env);
      await openSignedIn(page, teacher.email, `/groups/${board.groupNorth.id}`);

      // Show passwords: the teacher reads the temporary password in the group overview.
      await page.getByRole('button', { name: 'Wachtwoorden tonen' }).click();
      let overview = page.getByRole('dialog', { name: 'Wachtwoorden van Groep 3a' });
      await overview
        .getByRole('row', { name: `Fenna Dijkstra fenna.dijkstra Wachtwoord ${temporaryPassword}` })
        .waitFor();
      await expect(
        overview.getByRole('link', { name: /^Inlogkaarten \(PDF\)/ }).getAttribute('href'),
      ).resolves.toBe(`/api/v1/groups/${board.groupNorth.id}/cards.pdf`);
      await audit(page, 'group passwords', found);

      // Printing shows the table alone: no menu, no drawer, no buttons.
      await overview.getByRole('button', { name: 'Afdrukken' }).waitFor();
      await page.emulateMedia({ media: 'print' });
      await gone(page.getByRole('navigation', { name: 'Hoofdmenu' }));
      await gone(overview.getByRole('button', { name: 'Afdrukken' }));
      await page.locator('.print-only').getByRole('cell', { name: temporaryPassword }).waitFor();
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      expect(await page.locator('.print-only').isVisible()).toBe(false);
      await page.keyboard.press('Escape');
      await gone(overview);
      // Escape closes the overview only; the group stays open under it.
      await page.getByRole('dialog', { name: 'Groep 3a', exact: true }).waitFor();

      // The student's sign-in tab: read the password, then compose a picture password in the picker.
      await page.goto(`/students/${student.id}`);
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await drawer.getByRole('tab', { name: 'Inloggen' }).click();
      await drawer.getByRole('button', { name: 'Wachtwoord tonen' }).click();
      await drawer.getByRole('status').filter({ hasText: temporaryPassword }).waitFor();
      await drawer.getByRole('button', { name: 'Plaatjes kiezen' }).click();
      const picker = drawer.getByRole('region', { name: 'Plaatjes kiezen voor Fenna Dijkstra' });
      await picker.getByRole('button', { name: 'raket', exact: true }).click();
      await picker.getByRole('button', { name: 'hond', exact: true }).click();
      await picker.getByText('Gekozen: 2 van 2').waitFor();
      await audit(page, 'picture picker', found);
      await picker.getByRole('button', { name: 'Opslaan' }).click();
      await gone(picker);
      await notice(page, 'Plaatjeswachtwoord opgeslagen').waitFor();
      await drawer.getByRole('status', { name: 'Plaatjeswachtwoord' }).getByText('raket').waitFor();
      await audit(page, 'student sign-in tab', found);
      expect(
        expectStatus(await board.admin.get(`/api/v1/students/${student.id}/pictures`), 200).pictureSequence,
      ).toEqual(['rocket', 'dog-face']);

      // The group overview shows the pictures, in order.
      await page.goto(`/groups/${board.groupNorth.id}`);
      await page.getByRole('button', { name: 'Wachtwoorden tonen' }).click();
      overview = page.getByRole('dialog', { name: 'Wachtwoorden van Groep 3a' });
      await overview.getByRole('row', { name: /Fenna Dijkstra .* raket hond/ }).waitFor();
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when an administrator opens the locked accounts', () => {
    it('should list a student locked by wrong pictures and unlock them', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const student = await board.post('/students', {
        firstName: 'Sem',
        lastName: 'Bakker',
        groupIds: [board.groupNorth.id],
        signInMethod: 'pictures',
      });
      expectStatus(
        await board.admin.put(`/api/v1/students/${student.id}/pictures`, {
          pictureSequence: ['cat-face', 'sun'],
        }),
        200,
      );
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { personId: student.id, pictureSequence: ['lion', 'lion'] },
        });
        // The locking try says so at once: the child fetches the teacher instead of trying again.
        expect(wrong.statusCode).toBe(attempt < 5 ? 401 : 423);
      }
      const found: Record<string, string[]> = {};
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/profile');

      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Vergrendelde accounts' })
        .click();
      await page
        .getByRole('row', {
          name: /Sem Bakker Leerling Groep 3a Te vaak verkeerde plaatjes tot iemand ontgrendelt/,
        })
        .waitFor();
      await audit(page, 'locked accounts', found);
      await page.getByRole('button', { name: 'Ontgrendelen Sem Bakker' }).click();
      await notice(page, 'Sem Bakker is ontgrendeld').waitFor();
      await page.getByText('Er is niemand vergrendeld.').waitFor();
      expect(expectStatus(await board.admin.get(`/api/v1/students/${student.id}`), 200)).toMatchObject({
        lockedUntil: null,
        lockReason: null,
      });
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe("when an administrator opens a staff member's password tab", () => {
    it('should say a chosen password cannot be read, give a new temporary one, and unlock', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const member = await addStaff(board.admin, {
        firstName: 'Joris',
        lastName: 'Mulder',
        locations: [{ locationId: board.north.id, level: 'read' }],
      });
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await env.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: member.email, password: 'not the password' },
        });
        expect(wrong.statusCode).toBe(401);
      }
      const found: Record<string, string[]> = {};
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/staff/${member.id}`);
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await drawer.getByRole('tab', { name: 'Wachtwoord' }).click();

      await drawer.getByRole('button', { name: 'Tijdelijk wachtwoord tonen' }).click();
      await drawer.getByRole('status').filter({ hasText: 'zelf een wachtwoord gekozen' }).waitFor();
      await drawer.getByText('Te vaak een verkeerd wachtwoord').waitFor();
      await audit(page, 'staff password tab', found);

      await drawer.getByRole('button', { name: 'Ontgrendelen Joris Mulder' }).click();
      await drawer.getByText('Niet vergrendeld').waitFor();

      await drawer.getByRole('button', { name: 'Nieuw tijdelijk wachtwoord' }).click();
      await page
        .getByRole('dialog', { name: 'Weet je het zeker?' })
        .getByRole('button', { name: 'Nieuw tijdelijk wachtwoord' })
        .click();
      const shown = drawer.getByRole('status').filter({ hasText: 'Nieuw tijdelijk wachtwoord:' });
      const { temporaryPassword } = expectStatus(
        await board.admin.get(`/api/v1/staff/${member.id}/password`),
        200,
      );
      await shown.getByText(temporaryPassword, { exact: true }).waitFor();
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when a board administrator edits a location', () => {
    it("should save its allowed networks, refuse a wrong one, and show the school's sign-in page link", async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const found: Record<string, string[]> = {};
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/locations/${board.north.id}`);
      const drawer = page.getByRole('dialog', { name: 'De Regenboog' });
      await drawer.getByRole('link', { name: new RegExp(`^${env.baseUrl}/s/12AB00`) }).waitFor();
      const networks = drawer.getByLabel('Toegestane netwerken (IP-reeksen)');

      await networks.fill('10.1.0.0/16\nschool');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await drawer.getByText('"school" is geen IP-adres of IP-reeks').waitFor();
      await audit(page, 'location with a wrong network', found);

      await networks.fill('10.1.0.0/16\n\n192.168.5.0/24\n');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await drawer
        .getByText(/Toont namen van leerlingen alleen vanaf: 10\.1\.0\.0\/16, 192\.168\.5\.0\/24/)
        .waitFor();
      expect(
        expectStatus(await board.admin.get(`/api/v1/locations/${board.north.id}`), 200).allowedNetworks,
      ).toEqual(['10.1.0.0/16', '192.168.5.0/24']);
      expect(found).toEqual({});
      await context.close();
    });

    it('should not offer the networks to a locatiebeheerder', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const manager = await addStaff(board.admin, {
        firstName: 'Lotte',
        lastName: 'de Wit',
        locations: [{ locationId: board.north.id, level: 'admin' }],
      });
      const { page, context } = await newPage(env);
      await openSignedIn(page, manager.email, `/locations/${board.north.id}`);
      const drawer = page.getByRole('dialog', { name: 'De Regenboog' });
      await drawer.getByLabel(labelled('Naam')).waitFor();
      await drawer.getByText('Inlogpagina van de school').waitFor();
      expect(await drawer.getByLabel('Toegestane netwerken (IP-reeksen)').count()).toBe(0);
      await context.close();
    });
  });

  describe('when an administrator chooses a group icon', () => {
    it('should save the picture id of the picture set', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, `/groups/${board.groupNorth.id}`);
      const drawer = page.getByRole('dialog', { name: 'Groep 3a' });
      await choose(drawer, page, 'Pictogram', 'raket', 'rak');
      await drawer.getByRole('button', { name: 'Opslaan' }).click();
      await notice(page, 'Opgeslagen').waitFor();
      expect(expectStatus(await board.admin.get(`/api/v1/groups/${board.groupNorth.id}`), 200).icon).toBe(
        'rocket',
      );
      await context.close();
    });
  });
});
