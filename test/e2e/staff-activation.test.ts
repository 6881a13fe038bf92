import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { ServiceContext } from '../../src/platform/context.ts';
import type { DialectName } from '../../src/platform/db/index.ts';
import { createJobQueue } from '../../src/platform/jobs/index.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { WEB_DIST } from '../../src/platform/web-build.ts';
import { newBoard } from '../support/api.ts';
import { DIALECTS, freshDatabase, TestClock, testHasher, testSecrets } from '../support/harness.ts';
import { startSmtpServer } from '../support/smtp.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  type ConsoleEnv,
  expectStatus,
  labelled,
  newPage,
  notice,
  openSignedIn,
  PASSWORD,
  signInWithForm,
  unique,
} from './support/console.ts';

/**
 * Mail for staff in a real browser (issue 4: "a staff member activates their account from the real mail"). The
 * server mails through a real SMTP server on loopback; every link is taken from the message as it arrived and
 * opened as the person would.
 */

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let env: ConsoleEnv;
let drop: () => Promise<void>;

const listen = async (app: FastifyInstance) => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
};

async function start(dialect: DialectName): Promise<void> {
  smtp = await startSmtpServer();
  const database = await freshDatabase(dialect);
  drop = database.drop;
  const config = loadConfig({ SCHOOLPAS_DATA_DIR: '/tmp/schoolpas-test-unused', LOG_LEVEL: 'silent' });
  const clock = new TestClock();
  const ctx: ServiceContext = {
    db: database.handle.db,
    dialect,
    clock,
    passwords: testHasher,
    secrets: testSecrets(),
    mailer: createMailer({ smtpUrl: smtp.url, from: 'Schoolpas <no-reply@school.nl>', outboxDir: '/x' }),
    jobs: createJobQueue(database.handle, database.url, { clock }),
    config: { ...config, databaseUrl: `${dialect}:test` },
  };
  const app = await buildApp({ ...ctx, logger: false, webRoot: WEB_DIST });
  const baseUrl = await listen(app);
  // Links in mails start with the public URL; only now is the port known. The app shares this config object.
  ctx.config.publicUrl = baseUrl;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  env = { app, ctx, baseUrl, browser };
}

async function stop(): Promise<void> {
  await env?.browser.close();
  await env?.app.close();
  await drop?.();
  await smtp?.close();
}

/** The `page` link (activate or reset) of the `count`-th mail to the address, as it arrived. */
async function linkFromMail(address: string, page: 'activate' | 'reset', count = 1): Promise<string> {
  for (let i = 0; i < 250; i++) {
    const mails = smtp.inbox.filter((m) => m.includes(`To: ${address}`));
    const mail = mails[count - 1];
    if (mail) {
      // Quoted-printable: soft line breaks undone, "=3D" read as "=".
      const text = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = new RegExp(`https?://\\S+/${page}\\?token=[\\w-]+`).exec(text)?.[0];
      if (!link) throw new Error(`no ${page} link in the mail`);
      return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail number ${count} to ${address}`);
}

async function choosePassword(page: Page, password: string, submit: string) {
  await page.getByLabel(labelled('Nieuw wachtwoord')).fill(password);
  await page.getByLabel(labelled('Herhaal het wachtwoord')).fill(password);
  await page.getByRole('button', { name: submit }).click();
}

// The issue asks for activation from the real mail on both databases.
describe.each(DIALECTS)('mail for staff [%s]', (dialect) => {
  beforeAll(() => start(dialect), 60_000);
  afterAll(stop);

  describe('when a pakketbeheerder adds a staff member in the console', () => {
    it('should let the new colleague activate their account from the mail, then sign in', async () => {
      const board = await newBoard(env.ctx, env.app);
      const email = `${unique('kees')}@example.org`;
      const { page, context } = await newPage(env);
      await openSignedIn(page, board.adminEmail, '/staff');
      await page.getByRole('button', { name: 'Toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Medewerker toevoegen' });
      await dialog.getByLabel(labelled('Voornaam')).fill('Kees');
      await dialog.getByLabel(labelled('Achternaam')).fill('Berg');
      await dialog.getByLabel(labelled('E-mailadres')).fill(email);
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('row', { name: /Kees Berg/ }).waitFor();

      const first = await linkFromMail(email, 'activate');
      expect(first.startsWith(`${env.baseUrl}/activate?token=`)).toBe(true);

      // Mail is configured: no outbox notice. Sending the activation mail again makes a new link.
      await page.getByRole('button', { name: 'Wijzigen Kees Berg' }).click();
      const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
      await drawer.getByRole('button', { name: 'Activatiemail opnieuw sturen' }).click();
      await notice(page, 'De activatiemail is verstuurd.').waitFor();
      expect(await drawer.getByText('E-mail is niet ingesteld', { exact: false }).count()).toBe(0);
      const link = await linkFromMail(email, 'activate', 2);
      expect(link).not.toBe(first);

      // The colleague opens the link from the mail in their own browser.
      const colleague = await newPage(env);
      await colleague.page.goto(first);
      await choosePassword(colleague.page, 'een eigen wachtwoord', 'Account activeren');
      await colleague.page.getByRole('alert').filter({ hasText: 'Deze link is ongeldig' }).waitFor();
      await colleague.page.goto(link);
      await choosePassword(colleague.page, 'te kort', 'Account activeren');
      await colleague.page.getByText('Het wachtwoord is te kort. Minstens 10 tekens').waitFor();
      await choosePassword(colleague.page, 'een eigen wachtwoord', 'Account activeren');
      await colleague.page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await colleague.context.close();

      const later = await newPage(env);
      await signInWithForm(later.page, email, 'een eigen wachtwoord');
      await later.context.close();

      // Now that they chose a password, the activation mail is refused with the reason, translated.
      await drawer.getByRole('button', { name: 'Activatiemail opnieuw sturen' }).click();
      await notice(page, 'Deze persoon heeft al een eigen wachtwoord gekozen').waitFor();
      await context.close();
    });
  });

  describe('when someone forgot their password', () => {
    it('should mail a reset link from the sign-in page that sets a new password once', async () => {
      const board = await newBoard(env.ctx, env.app);
      const { page, context } = await newPage(env);
      await page.goto('/signin');
      await page.getByRole('button', { name: 'Wachtwoord vergeten?' }).click();
      await page.getByLabel(labelled('E-mailadres')).fill(board.adminEmail);
      await page.getByRole('button', { name: 'Link versturen' }).click();
      await page.getByText('Als dit e-mailadres bij ons bekend is', { exact: false }).waitFor();
      await context.close();

      const link = await linkFromMail(board.adminEmail, 'reset');
      expect(link.startsWith(`${env.baseUrl}/reset?token=`)).toBe(true);
      const reader = await newPage(env);
      await reader.page.goto(link);
      await reader.page.getByRole('heading', { name: 'Nieuw wachtwoord kiezen' }).waitFor();
      await choosePassword(reader.page, 'wachtwoord', 'Wachtwoord opslaan');
      await reader.page.getByText('Dit wachtwoord is te bekend', { exact: false }).waitFor();
      await choosePassword(reader.page, 'een nieuw sterk wachtwoord', 'Wachtwoord opslaan');
      await reader.page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
      await reader.context.close();

      // The link works once; the old password no longer does, the new one does.
      const again = await newPage(env);
      await again.page.goto(link);
      await choosePassword(again.page, 'nog een ander wachtwoord', 'Wachtwoord opslaan');
      await again.page.getByRole('alert').filter({ hasText: 'Deze link is ongeldig' }).waitFor();
      await again.page.getByRole('link', { name: 'Terug naar inloggen' }).click();
      await again.page.getByLabel(labelled('E-mailadres')).fill(board.adminEmail);
      await again.page.getByLabel(labelled('Wachtwoord')).fill(PASSWORD);
      await again.page.getByRole('button', { name: 'Inloggen' }).click();
      await again.page
        .getByRole('alert')
        .filter({ hasText: 'E-mailadres of wachtwoord klopt niet' })
        .waitFor();
      await again.context.close();
      const signedIn = await newPage(env);
      await signInWithForm(signedIn.page, board.adminEmail, 'een nieuw sterk wachtwoord');
      await signedIn.context.close();
    });
  });

  describe('when the server has no SMTP settings', () => {
    it('should say in the staff dialog that mail goes to the outbox folder', async () => {
      const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-outbox-'));
      const app = await buildApp({
        ...env.ctx,
        mailer: createMailer({ from: 'x@school.nl', outboxDir: outbox }),
        logger: false,
        webRoot: WEB_DIST,
      });
      try {
        const baseUrl = await listen(app);
        const board = await newBoard(env.ctx, app);
        const staff = expectStatus(
          await board.admin.post('/api/v1/staff', {
            firstName: 'Noor',
            lastName: 'Jansen',
            email: `${unique('noor')}@example.org`,
          }),
          201,
        );
        const context = await env.browser.newContext({ baseURL: baseUrl });
        context.setDefaultTimeout(8_000);
        const page = await context.newPage();
        await openSignedIn(page, board.adminEmail, `/staff/${staff.id}`);
        const drawer = page.getByRole('dialog', { name: 'Gebruiker bewerken' });
        await drawer
          .getByText('berichten worden niet verstuurd, maar in de map outbox van de server gezet', {
            exact: false,
          })
          .waitFor();
        await drawer.getByRole('button', { name: 'Wachtwoordherstelmail sturen' }).click();
        await notice(page, 'De wachtwoordherstelmail is verstuurd.').waitFor();
        await context.close();
      } finally {
        await app.close();
        fs.rmSync(outbox, { recursive: true, force: true });
      }
    });
  });
});
