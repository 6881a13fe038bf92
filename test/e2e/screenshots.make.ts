import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_NETWORKS } from '../../src/demo/demo.ts';
import { DEMO_SHAPE, seedBoard } from '../../src/demo/seed.ts';
import { type Client, expectStatus, signIn } from '../support/api.ts';
import { PASSWORD, useConsole } from './support/console.ts';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * The README's screenshots of the console, in Dutch, on the demo board (`schoolpas demo`). Writing files into
 * docs/ on every test run would change them each time (dates in the audit log), so this is not part of the test
 * suite; it runs on request with `npm run screenshots` (vitest.screenshots.config.ts).
 */
describe('screenshots for the README', () => {
  const t = useConsole();

  it('should take the main pages of the demo board', async () => {
    const env = t();
    const demo = await seedBoard(env.ctx, {
      ...DEMO_SHAPE,
      password: PASSWORD,
      emailDomain: 'demo.example.org',
      signInNetworks: DEMO_NETWORKS,
    });
    const admin: Client = await signIn(env.app, demo.adminEmail, PASSWORD);
    const groups = expectStatus(await admin.get(`/api/v1/groups?location=${demo.locationIds[0]}`), 200).items;
    const group = groups[2];
    const manager = demo.highlights.find((h) => h.role === 'locatiebeheerder');
    const staff = expectStatus(await admin.get('/api/v1/staff?limit=100'), 200).items.find(
      (s: { email: string }) => s.email === manager?.email,
    );
    if (!group || !staff) throw new Error('the demo board lacks a group or a locatiebeheerder');
    // A little history for the audit log.
    expectStatus(
      await admin.patch(`/api/v1/groups/${group.id}`, { icon: 'rocket', showOnSignInPage: true }),
      200,
    );
    expectStatus(
      await admin.post('/api/v1/students', {
        firstName: 'Yasmina',
        lastName: 'Bakkali',
        groupIds: [group.id],
      }),
      201,
    );

    fs.mkdirSync(OUT, { recursive: true });
    const context = await env.browser.newContext({
      baseURL: env.baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    const shoot = async (name: string) => {
      await page.waitForTimeout(400); // transitions end
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    };

    await page.goto('/signin');
    await page.getByLabel(/^E-mailadres/).fill(demo.adminEmail);
    await shoot('sign-in');
    await page.getByLabel(/^Wachtwoord/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { name: 'Locaties' }).waitFor();
    await page.getByRole('table', { name: 'Locaties' }).getByRole('row').nth(1).waitFor();
    await shoot('locations');

    // Opened from the list, as a person would: the panel shows at once with the cursor in its first field.
    const location = expectStatus(await admin.get(`/api/v1/locations/${group.locationId}`), 200);
    await page.getByRole('link', { name: 'Groepen' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: group.name })
      .filter({ hasText: location.name })
      .getByRole('button', { name: `Wijzigen ${group.name}` })
      .click();
    await page.getByRole('dialog', { name: group.name }).getByLabel(/^Naam/).waitFor();
    await shoot('groups-drawer');

    await page.goto(`/staff/${staff.id}`);
    const panel = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
    await panel.getByRole('tab', { name: 'Rechten' }).click();
    await panel.getByRole('tabpanel', { name: 'Rechten' }).getByRole('row').nth(1).waitFor();
    await shoot('staff-rights');

    await page.goto('/students');
    await page.getByRole('table', { name: 'Leerlingen' }).getByRole('row').nth(1).waitFor();
    await page.getByText('…').first().waitFor({ state: 'hidden' }); // group names loaded
    await shoot('students');

    await page.goto('/audit');
    await page.getByRole('cell', { name: 'Leerling toegevoegd', exact: true }).waitFor();
    await shoot('audit-log');

    await page.goto(`/groups/${group.id}`);
    await page.getByRole('button', { name: 'Wachtwoorden tonen' }).click();
    await page
      .getByRole('dialog', { name: `Wachtwoorden van ${group.name}` })
      .getByRole('row')
      .nth(1)
      .waitFor();
    await shoot('group-passwords');
    await context.close();

    // The school sign-in page on a Chromebook-sized screen: the groups, then a picture child's grid.
    const chromebook = await env.browser.newContext({
      baseURL: env.baseUrl,
      viewport: { width: 1366, height: 768 },
      hasTouch: true,
    });
    const child = await chromebook.newPage();
    await child.goto(`/s/${demo.locationCodes[0]}`);
    await child.getByRole('heading', { name: 'Kies je groep' }).waitFor();
    await child.waitForTimeout(400);
    await child.screenshot({ path: path.join(OUT, 'school-sign-in.png') });
    await child.getByRole('button', { name: 'Groep 1/2' }).first().tap();
    await child.getByRole('heading', { name: 'Wie ben jij?' }).waitFor();
    await child.locator('main').getByRole('button').nth(1).tap();
    await child.getByRole('heading', { name: 'Kies je plaatjes' }).waitFor();
    await child.waitForTimeout(400);
    await child.screenshot({ path: path.join(OUT, 'school-sign-in-pictures.png') });
    await chromebook.close();

    for (const name of [
      'sign-in',
      'locations',
      'groups-drawer',
      'staff-rights',
      'students',
      'audit-log',
      'group-passwords',
      'school-sign-in',
      'school-sign-in-pictures',
    ]) {
      expect(fs.statSync(path.join(OUT, `${name}.png`)).size).toBeGreaterThan(10_000);
    }
  }, 60_000);
});
