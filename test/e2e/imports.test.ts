import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
// The job's own handler, to hold it back in one test; the console only ever sees the import's row.
import { APPLY_IMPORT_JOB, runApplyImportJob } from '../../src/modules/imports/imports.job.ts';
import { registerImportJobs } from '../../src/modules/imports/index.ts';
import { DIALECTS } from '../support/harness.ts';
import {
  addStaff,
  boardWithSchools,
  type ConsoleEnv,
  choose,
  expectStatus,
  openSignedIn,
  seriousViolations,
  useConsole,
} from './support/console.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const EDEXML = path.join(DATA, 'edexml/2.1/samples/EDEXML.Voorbeeld.2.1.xml');
const ONEROSTER = path.join(DATA, 'oneroster/v1p2_full_dataset');

/** A Chromebook's screen, as most teachers and many administrators have. */
async function chromebook(env: ConsoleEnv, email: string, where: string) {
  const context = await env.browser.newContext({
    baseURL: env.baseUrl,
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  });
  // Imports read and compare a whole school's file: more time than a form's save, still well within the test's.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await openSignedIn(page, email, where);
  return { page, context };
}

/** Runs axe on the page as it is now and collects what it finds under `name`. */
async function audit(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  // No hover colours (the pointer rests where it last clicked) and Mantine's transitions ended: axe judges
  // contrast on the colours it sees.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  const violations = await seriousViolations(page);
  if (violations.length > 0) found[name] = violations;
}

/** Opens the wizard from the Imports menu and uploads one file; waits for the step after the upload. */
async function uploadInWizard(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  next: 'Kolommen' | 'Controleren',
): Promise<void> {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Importeren' }).click();
  await page.getByRole('link', { name: 'Nieuwe import' }).click();
  await page.getByRole('heading', { name: 'Bestand', level: 3, exact: true }).waitFor();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Uploaden en bekijken' }).click();
  await page.getByRole('heading', { name: next, level: 3, exact: true }).waitFor();
}

/** The row of the preview's (or result's) counts table for one kind, e.g. "Leerlingen 25 0 0 2". */
function countsRow(page: Page, table: string, kind: string) {
  return page.getByRole('table', { name: table }).getByRole('row', { name: new RegExp(`^${kind} `) });
}

async function cellsOf(page: Page, table: string, kind: string): Promise<number[]> {
  const text = await countsRow(page, table, kind).locator('td').allInnerTexts();
  return text.map((cell) => Number.parseInt(cell, 10));
}

/** The import's id from the page's address (/imports/:id). */
function importIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id || id === 'new') throw new Error(`not on an import's page: ${page.url()}`);
  return id;
}

/** Does `act` (which uploads a file in the wizard) and answers the id of the preview the upload made. */
async function uploadedId(page: Page, act: () => Promise<void>): Promise<string> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/imports',
    ),
    act(),
  ]);
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

function oneRosterZip(folder = ONEROSTER): Buffer {
  const files = Object.fromEntries(
    fs
      .readdirSync(folder)
      .filter((name) => name.endsWith('.csv'))
      .map((name) => [name, new Uint8Array(fs.readFileSync(path.join(folder, name)))]),
  );
  return Buffer.from(zipSync(files));
}

function csv(text: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'leerlingen.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${text}`) };
}

// The import story on both databases: the job runs in-process on SQLite and through pg-boss on PostgreSQL.
describe.each(DIALECTS)('imports in the console [%s]', (dialect) => {
  const t = useConsole(dialect);

  describe('when a pakketbeheerder imports the public EDEXML sample', () => {
    it('should preview it with counts and rejected rows, apply it, and find no changes the second time', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/profile');
      const found: Record<string, string[]> = {};
      const sample = { name: 'school.xml', mimeType: 'text/xml', buffer: fs.readFileSync(EDEXML) };

      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Importeren' })
        .click();
      await page.getByText('Er is nog niets geïmporteerd.').waitFor();
      await audit(page, 'history, empty', found);
      await page.getByRole('link', { name: 'Nieuwe import' }).click();
      await page.getByRole('heading', { name: 'Bestand', level: 3, exact: true }).waitFor();
      await audit(page, 'wizard: upload', found);
      await page.locator('input[type="file"]').setInputFiles(sample);
      await page.getByRole('button', { name: 'Uploaden en bekijken' }).click();

      // EDEXML has no columns to map: straight to the preview.
      await page.getByRole('heading', { name: 'Controleren', level: 3, exact: true }).waitFor();
      const [newStudents, , , rejectedStudents] = await cellsOf(page, 'Wat de import doet', 'Leerlingen');
      expect(newStudents).toBeGreaterThan(0);
      // The sample's student rows without a last name and the student who left; the teacher without one.
      expect(rejectedStudents).toBe(2);
      expect((await cellsOf(page, 'Wat de import doet', 'Medewerkers'))[3]).toBe(1);
      const rejected = page.getByRole('table', { name: /afgekeurde regels$/ });
      expect(await rejected.getByRole('row').count()).toBeGreaterThanOrEqual(1 + 3);
      await rejected.getByRole('row').filter({ hasText: 'Leerlingen' }).first().waitFor();
      // The reasons in the console's language, not the server's English (issue 5).
      await rejected
        .getByRole('cell', {
          name: 'De leerling heeft geen achternaam (achternaam); die is nodig.',
          exact: true,
        })
        .first()
        .waitFor();
      await rejected
        .getByRole('cell', {
          name: 'De medewerker heeft geen achternaam (achternaam); die is nodig.',
          exact: true,
        })
        .waitFor();
      expect(await rejected.getByText(/Schoolpas needs|before the date the file describes/).count()).toBe(0);
      await audit(page, 'wizard: preview', found);

      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
      await page.getByText('Import voltooid').waitFor();
      expect((await cellsOf(page, 'Wat de import heeft gedaan', 'Leerlingen'))[0]).toBe(newStudents);
      await page
        .getByRole('heading', { name: new RegExp(`^${newStudents} nieuwe leerling(en)?$`) })
        .waitFor();
      await audit(page, 'import: result', found);
      expect(expectStatus(await board.admin.get('/api/v1/students?limit=1'), 200).total).toBe(newStudents);

      // The history lists it, applied, and opens it on a click.
      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Importeren' })
        .click();
      const row = page.getByRole('row').filter({ hasText: 'school.xml' });
      await row.filter({ hasText: 'Geïmporteerd' }).waitFor();
      await row.filter({ hasText: 'EDEXML' }).filter({ hasText: 'Anna Admin' }).waitFor();
      await audit(page, 'history', found);

      // The same file again: nothing to change, said plainly, and nothing to apply.
      await uploadInWizard(page, sample, 'Controleren');
      await page.getByText('Geen wijzigingen: alles is al up-to-date.').waitFor();
      expect(await page.getByRole('button', { name: 'Importeren', exact: true }).isDisabled()).toBe(true);
      await audit(page, 'wizard: preview without changes', found);
      await page.getByRole('button', { name: 'Annuleren' }).click();
      await page.waitForURL(/\/imports$/);
      await page.getByRole('row').filter({ hasText: 'Geannuleerd' }).waitFor();

      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when a pakketbeheerder imports a OneRoster 1.2 set as a zip', () => {
    it('should show the rejected rows with their file, apply the rest, and change nothing the second time', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/imports');
      const zip = { name: 'oneroster.zip', mimeType: 'application/zip', buffer: oneRosterZip() };

      await uploadInWizard(page, zip, 'Controleren');
      expect((await cellsOf(page, 'Wat de import doet', 'Leerlingen'))[0]).toBeGreaterThan(0);
      const rejected = page.getByRole('table', { name: /afgekeurde regels?$/ });
      await rejected.getByRole('columnheader', { name: 'Bestand' }).waitFor();
      await rejected
        .getByRole('cell', { name: /\.csv$/ })
        .first()
        .waitFor();

      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.getByText('Import voltooid').waitFor();

      await uploadInWizard(page, zip, 'Controleren');
      await page.getByText('Geen wijzigingen: alles is al up-to-date.').waitFor();
      expect(await page.getByRole('button', { name: 'Importeren', exact: true }).isDisabled()).toBe(true);
      await context.close();
    });
  });
});

describe('imports in the console', () => {
  const t = useConsole();

  describe('when a pakketbeheerder imports each of the other public OneRoster sets', () => {
    it.each([
      'oneroster_test_data',
      'Test_full_data_set',
      'Test_minimal_data_set',
      'oat-sa-messy/OneRosterv1p1BaseCSV',
    ])('should apply %s and find no changes the second time', async (set) => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/imports');
      const zip = {
        name: 'oneroster.zip',
        mimeType: 'application/zip',
        buffer: oneRosterZip(path.join(DATA, 'oneroster', set)),
      };
      await uploadInWizard(page, zip, 'Controleren');
      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.getByText('Import voltooid').waitFor();
      await uploadInWizard(page, zip, 'Controleren');
      await page.getByText('Geen wijzigingen: alles is al up-to-date.').waitFor();
      expect(await page.getByRole('button', { name: 'Importeren', exact: true }).isDisabled()).toBe(true);
      await context.close();
    });
  });

  describe('when a CSV has a header Schoolpas does not know', () => {
    it('should let the administrator map the column by hand and preview again with it', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/imports');
      const found: Record<string, string[]> = {};
      const file = csv(
        'Voornaam;Achternaam;Lokaal;Geboortedatum\nDaan;Vries;Groep 3a;2018-01-01\nSem;Kok;Groep 3a;2018-02-02\n',
      );

      await page.getByRole('link', { name: 'Nieuwe import' }).click();
      await choose(page, page, 'Locatie voor regels zonder locatie', 'De Regenboog');
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: 'Uploaden en bekijken' }).click();
      await page.getByRole('heading', { name: 'Kolommen', level: 3, exact: true }).waitFor();

      // Matched by name, the unknown column left over, the birth date never imported.
      expect(
        await page
          .getByLabel(/^Voornaam/)
          .and(page.locator('input'))
          .inputValue(),
      ).toBe('Voornaam');
      expect(
        await page
          .getByLabel(/^Achternaam/)
          .and(page.locator('input'))
          .inputValue(),
      ).toBe('Achternaam');
      const leftOver = page.getByRole('heading', { name: 'Kolommen die nergens aan gekoppeld zijn' });
      await leftOver.waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: /^Lokaal$/ })
        .waitFor();
      await page.getByText('Niet geïmporteerd (gegevens die Schoolpas niet bewaart)').waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: /^Geboortedatum$/ })
        .waitFor();
      await audit(page, 'wizard: mapping', found);

      // As matched: two new students, in no group.
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByRole('heading', { name: 'Controleren', level: 3, exact: true }).waitFor();
      expect((await cellsOf(page, 'Wat de import doet', 'Leerlingen'))[0]).toBe(2);
      expect((await cellsOf(page, 'Wat de import doet', 'Lidmaatschappen'))[0]).toBe(0);

      // "Lokaal" holds the group: map it by hand and look again.
      await page.getByRole('button', { name: 'Vorige' }).click();
      await page.getByRole('heading', { name: 'Kolommen', level: 3, exact: true }).waitFor();
      const groups = page.getByLabel(/^Groep\(en\)/).and(page.locator('input'));
      await groups.click();
      await page.getByRole('option', { name: 'Lokaal', exact: true }).click();
      await page.keyboard.press('Escape');
      await leftOver.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Opnieuw bekijken' }).click();
      await page.getByRole('heading', { name: 'Controleren', level: 3, exact: true }).waitFor();
      expect((await cellsOf(page, 'Wat de import doet', 'Leerlingen'))[0]).toBe(2);
      expect((await cellsOf(page, 'Wat de import doet', 'Lidmaatschappen'))[0]).toBe(2);
      // The file's "Groep 3a" at De Regenboog is the group the board already has, not a new one.
      expect((await cellsOf(page, 'Wat de import doet', 'Groepen'))[0]).toBe(0);

      // The first preview was discarded when the second was made: one preview waits in the history.
      const list = expectStatus(await board.admin.get('/api/v1/imports'), 200);
      expect(list.items.map((i: { status: string }) => i.status).sort()).toEqual(['discarded', 'preview']);

      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.getByText('Import voltooid').waitFor();
      const members = expectStatus(
        await board.admin.get(`/api/v1/groups/${board.groupNorth.id}/members`),
        200,
      );
      expect(members.students.map((s: { displayName: string }) => s.displayName).sort()).toEqual([
        'Daan Vries',
        'Sem Kok',
      ]);
      expect(found).toEqual({});
      await context.close();
    });
  });

  describe('when the administrator abandons a preview', () => {
    it('should discard it on Annuleren, for another file and when another page is opened', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/imports');
      const file = csv('Voornaam;Achternaam;Groep\nDaan;Vries;Groep 3a\n');
      const statusOf = async (id: string) =>
        expectStatus(await board.admin.get(`/api/v1/imports/${id}`), 200).status as string;
      // The wizard does not wait for the answer when it is left: the discard lands a moment later.
      const discarded = (id: string) =>
        vi.waitFor(async () => expect(await statusOf(id)).toBe('discarded'), {
          timeout: 5_000,
          interval: 100,
        });

      // Annuleren on the mapping step: the history shows it discarded at once.
      let id = await uploadedId(page, () => uploadInWizard(page, file, 'Kolommen'));
      expect(await statusOf(id)).toBe('preview');
      await page.getByRole('button', { name: 'Annuleren' }).click();
      await page.waitForURL(/\/imports$/);
      expect(await statusOf(id)).toBe('discarded');
      await page.getByRole('row').filter({ hasText: 'Geannuleerd' }).waitFor();

      // Back to the upload and another file chosen: the first file's preview is of no use any more.
      id = await uploadedId(page, () => uploadInWizard(page, file, 'Kolommen'));
      await page.getByRole('button', { name: 'Vorige' }).click();
      await page.getByRole('heading', { name: 'Bestand', level: 3, exact: true }).waitFor();
      await page.locator('input[type="file"]').setInputFiles(csv('Voornaam;Achternaam\nSem;Kok\n'));
      await discarded(id);
      // Annuleren on the upload step, with the new file's preview made, discards that one too.
      id = await uploadedId(page, () => page.getByRole('button', { name: 'Uploaden en bekijken' }).click());
      await page.getByRole('heading', { name: 'Kolommen', level: 3, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Vorige' }).click();
      await page.getByRole('button', { name: 'Annuleren' }).click();
      await page.waitForURL(/\/imports$/);
      expect(await statusOf(id)).toBe('discarded');

      // Another menu item opened while the wizard shows the preview.
      id = await uploadedId(page, () => uploadInWizard(page, file, 'Kolommen'));
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByRole('heading', { name: 'Controleren', level: 3, exact: true }).waitFor();
      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Medewerkers' })
        .click();
      await page.waitForURL(/\/staff/);
      await discarded(id);

      // The page itself left (as when the tab is closed or reloaded): the request outlives it.
      id = await uploadedId(page, () => uploadInWizard(page, file, 'Kolommen'));
      await page.goto('/profile');
      await discarded(id);

      // Only previews were discarded: nothing was imported.
      const list = expectStatus(await board.admin.get('/api/v1/imports'), 200);
      expect(list.items.map((i: { status: string }) => i.status)).toEqual(Array(5).fill('discarded'));
      expect(expectStatus(await board.admin.get('/api/v1/students?limit=1'), 200).total).toBe(0);
      await context.close();
    });
  });

  describe('when an import has created students', () => {
    it('should list their temporary passwords and answer their sign-in cards as a PDF', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const { page, context } = await chromebook(env, board.adminEmail, '/imports');
      const file = csv('Voornaam;Achternaam;Groep\nFenna;Dijkstra;Groep 3a\nLiam;Hendriks;Groep 3a\n');

      await page.getByRole('link', { name: 'Nieuwe import' }).click();
      await choose(page, page, 'Locatie voor regels zonder locatie', 'De Regenboog');
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: 'Uploaden en bekijken' }).click();
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.getByText('Import voltooid').waitFor();

      await page.getByRole('button', { name: 'Wachtwoordlijst' }).click();
      const table = page
        .getByRole('main')
        .getByRole('table', { name: 'Wachtwoorden van de nieuwe leerlingen' });
      for (const [name, username] of [
        ['Fenna Dijkstra', 'fenna.dijkstra'],
        ['Liam Hendriks', 'liam.hendriks'],
      ]) {
        const row = table.getByRole('row').filter({ hasText: name });
        await row.filter({ hasText: username }).filter({ hasText: 'Groep 3a' }).waitFor();
        expect(((await row.locator('code').textContent()) ?? '').length).toBeGreaterThanOrEqual(4);
      }
      await page.getByRole('button', { name: 'Afdrukken' }).waitFor();
      // Printed, the page is the list alone: no menu, no buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Afdrukken' }).isVisible()).toBe(false);
      expect(await table.isVisible()).toBe(false);
      const printed = page
        .locator('.print-only')
        .getByRole('table', { name: 'Wachtwoorden van de nieuwe leerlingen' });
      expect(await printed.getByRole('row').count()).toBe(3);
      await page.emulateMedia({ media: 'screen' });

      const cards = page.getByRole('link', { name: /^Inlogkaarten \(PDF\)/ });
      const href = await cards.getAttribute('href');
      expect(href).toBe(`/api/v1/imports/${importIdOf(page)}/cards.pdf`);
      const pdf = await page.request.get(href ?? '');
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await context.close();
    });
  });

  describe('when the tab is closed while an import waits and runs', () => {
    it('should show where the job is when the import is opened again, and follow it to the end', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      // The job is held until the test lets it go, so the tab is closed while it has certainly not finished. (The
      // in-process runner of SQLite looks its handler up per job, so registering again holds the next one.)
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      env.ctx.jobs.register(APPLY_IMPORT_JOB, async (job) => {
        await held;
        await runApplyImportJob(env.ctx, job);
      });
      try {
        const rows = Array.from({ length: 300 }, (_, n) => `Leerling${n};Achternaam${n};Groep 3a`);
        const file = csv(`Voornaam;Achternaam;Groep\n${rows.join('\n')}\n`);
        let { page, context } = await chromebook(env, board.adminEmail, '/imports');
        await page.getByRole('link', { name: 'Nieuwe import' }).click();
        await choose(page, page, 'Locatie voor regels zonder locatie', 'De Regenboog');
        await page.locator('input[type="file"]').setInputFiles(file);
        await page.getByRole('button', { name: 'Uploaden en bekijken' }).click();
        await page.getByRole('button', { name: 'Volgende' }).click();
        expect((await cellsOf(page, 'Wat de import doet', 'Leerlingen'))[0]).toBe(300);
        await page.getByRole('button', { name: 'Importeren', exact: true }).click();
        await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
        await page.getByText('Nog niet begonnen').waitFor();
        const id = importIdOf(page);
        await context.close();

        // A new tab (a new session, even): the state is the server's.
        ({ page, context } = await chromebook(env, board.adminEmail, '/imports'));
        const row = page.getByRole('row').filter({ hasText: 'leerlingen.csv' });
        await row.filter({ hasText: 'In de wachtrij' }).filter({ hasText: 'Nog niet begonnen' }).waitFor();
        expect(await row.getByRole('progressbar').count()).toBe(1);
        const found: Record<string, string[]> = {};
        await audit(page, 'history, with an import in progress', found);
        expect(found).toEqual({});
        await row.getByRole('link', { name: 'leerlingen.csv' }).click();
        await page.waitForURL(`**/imports/${id}`);
        await page.getByText('In de wachtrij').waitFor();
        await page.getByRole('progressbar', { name: 'Nog niet begonnen' }).waitFor({ state: 'attached' });

        // Let the job run: the open page follows it to the end without a reload.
        release();
        await page.getByText('Import voltooid').waitFor({ timeout: 30_000 });
        expect((await cellsOf(page, 'Wat de import heeft gedaan', 'Leerlingen'))[0]).toBe(300);
        await page
          .getByRole('navigation', { name: 'Hoofdmenu' })
          .getByRole('link', { name: 'Importeren' })
          .click();
        await row.filter({ hasText: 'Geïmporteerd' }).waitFor();
        await context.close();
      } finally {
        release();
        registerImportJobs(env.ctx);
      }
    }, 60_000);
  });

  describe('when the menu is shown', () => {
    it('should offer Imports to a locatiebeheerder and not to a teacher', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      const manager = await addStaff(board.admin, {
        firstName: 'Loes',
        lastName: 'Beheer',
        locations: [{ locationId: board.north.id, level: 'admin' }],
      });
      const teacher = await addStaff(board.admin, {
        firstName: 'Lotte',
        lastName: 'Smit',
        groupIds: [board.groupNorth.id],
      });

      let { page, context } = await chromebook(env, manager.email, '/profile');
      const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
      await menu.getByRole('link', { name: 'Importeren' }).click();
      await page.getByRole('link', { name: 'Nieuwe import' }).click();
      // A locatiebeheerder puts rows without a location only into their own location.
      const location = page.getByLabel(/^Locatie voor regels zonder locatie/).and(page.locator('input'));
      await location.click();
      await page.getByRole('option', { name: 'De Regenboog' }).waitFor();
      expect(await page.getByRole('option', { name: 'Het Kompas' }).count()).toBe(0);
      await context.close();

      ({ page, context } = await chromebook(env, teacher.email, '/profile'));
      await page
        .getByRole('navigation', { name: 'Hoofdmenu' })
        .getByRole('link', { name: 'Mijn profiel' })
        .waitFor();
      expect(
        await page
          .getByRole('navigation', { name: 'Hoofdmenu' })
          .getByRole('link', { name: 'Importeren' })
          .count(),
      ).toBe(0);
      await page.goto('/imports/new');
      await page.waitForURL((url) => !url.pathname.startsWith('/imports'));
      await context.close();
    });
  });
});

describe('exports in the console', () => {
  const t = useConsole();

  describe('when an administrator exports the students list with a group filter', () => {
    it('should download a CSV with a header and only the filtered students', async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', {
        firstName: 'Noor',
        lastName: 'Visser',
        groupIds: [board.groupNorth.id],
      });
      await board.post('/students', {
        firstName: 'Bram',
        lastName: 'Bakker',
        groupIds: [board.groupSouth.id],
      });
      const { page, context } = await chromebook(env, board.adminEmail, '/students');
      await page.getByRole('row').filter({ hasText: 'Bram Bakker' }).waitFor();
      await choose(page, page, 'Groep', 'Groep 3a', 'Groep 3a');
      await page.getByRole('row').filter({ hasText: 'Bram Bakker' }).waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'Exporteren' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'CSV' }).click(),
      ]);
      const text = fs.readFileSync((await download.path()) ?? '', 'utf8').replace(/^\ufeff/, '');
      const [header, ...lines] = text.trim().split(/\r?\n/);
      expect(header).toMatch(/Voornaam/);
      expect(header).toMatch(/Achternaam/);
      expect(lines.join('\n')).toContain('Visser');
      expect(lines.join('\n')).not.toContain('Bakker');
      await context.close();
    });
  });

  describe('when an administrator exports staff, a group and the board', () => {
    it("should offer each as a download link, and read the board's own export back without a change", async () => {
      const env = t();
      const board = await boardWithSchools(env);
      await board.post('/students', {
        firstName: 'Noor',
        lastName: 'Visser',
        groupIds: [board.groupNorth.id],
      });
      const { page, context } = await chromebook(env, board.adminEmail, '/staff');

      await page.getByRole('button', { name: 'Exporteren' }).click();
      let [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'CSV' }).click(),
      ]);
      let text = fs.readFileSync((await download.path()) ?? '', 'utf8');
      expect(text).toMatch(/Voornaam/);
      expect(text).toContain('Admin');

      await page.goto(`/groups/${board.groupNorth.id}`);
      const panel = page.getByRole('dialog', { name: 'Groep 3a' });
      await panel.getByRole('button', { name: 'Exporteren' }).click();
      [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'CSV' }).click(),
      ]);
      text = fs.readFileSync((await download.path()) ?? '', 'utf8');
      expect(text).toContain('Visser');

      await page.goto('/board');
      [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Bestuur exporteren (OneRoster 1.2)' }).click(),
      ]);
      const zip = fs.readFileSync((await download.path()) ?? '');
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');

      // The board's own export reads back into it without a single change.
      await uploadInWizard(
        page,
        { name: 'bestuur.zip', mimeType: 'application/zip', buffer: zip },
        'Controleren',
      );
      await page.getByText('Geen wijzigingen: alles is al up-to-date.').waitFor();
      expect(await page.getByRole('button', { name: 'Importeren', exact: true }).isDisabled()).toBe(true);
      await context.close();
    });
  });
});
