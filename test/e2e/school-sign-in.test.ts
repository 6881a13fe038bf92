import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { newBoard } from '../support/api.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  type ConsoleEnv,
  expectStatus,
  focused,
  gone,
  labelled,
  seriousViolations,
  unique,
  useConsole,
} from './support/console.ts';

/** The school network of the tests: the browser reaches the server over loopback. */
const LOOPBACK = ['127.0.0.1/32', '::1/128'];
const CHROMEBOOK = { width: 1366, height: 768 };

/**
 * A board with one school whose sign-in page shows names to loopback: "Groep 3a" (passwords, lion icon) with
 * Emma Jansen, and "Groep 1b" (pictures, owl icon) with Sam Bakker, whose picture password is lion, banana.
 */
async function school(env: ConsoleEnv, options: { networks?: string[] } = {}) {
  const board = await newBoard(env.ctx, env.app);
  const { admin } = board;
  // Location codes are unique per board only: every test's school gets its own.
  const code = unique('S').toUpperCase();
  const location = expectStatus(await admin.post('/api/v1/locations', { name: 'De Regenboog', code }), 201);
  expectStatus(
    await admin.patch(`/api/v1/locations/${location.id}`, { allowedNetworks: options.networks ?? LOOPBACK }),
    200,
  );
  const group = async (name: string, grade: string, icon: string, signInMethod: 'password' | 'pictures') => {
    const created = expectStatus(
      await admin.post('/api/v1/groups', { name, grade, locationId: location.id }),
      201,
    );
    expectStatus(await admin.patch(`/api/v1/groups/${created.id}`, { icon, signInMethod }), 200);
    return created as { id: string };
  };
  const passwordGroup = await group('Groep 3a', '3', 'lion', 'password');
  const pictureGroup = await group('Groep 1b', '1', 'owl', 'pictures');
  const emma = expectStatus(
    await admin.post('/api/v1/students', {
      firstName: 'Emma',
      lastName: 'Jansen',
      groupIds: [passwordGroup.id],
    }),
    201,
  ) as { id: string };
  const sam = expectStatus(
    await admin.post('/api/v1/students', {
      firstName: 'Sam',
      lastName: 'Bakker',
      groupIds: [pictureGroup.id],
    }),
    201,
  ) as { id: string };
  expectStatus(
    await admin.request('PUT', `/api/v1/students/${sam.id}/pictures`, {
      pictureSequence: ['lion', 'banana'],
    }),
    200,
  );
  return { ...board, code, location, passwordGroup, pictureGroup, emma, sam };
}

/** A Chromebook-sized tab with touch, in a fresh context (no cookies, no stored language). */
async function chromebook(env: ConsoleEnv): Promise<{ page: Page; context: BrowserContext }> {
  const context = await env.browser.newContext({
    baseURL: env.baseUrl,
    viewport: CHROMEBOOK,
    hasTouch: true,
  });
  context.setDefaultTimeout(8_000);
  return { page: await context.newPage(), context };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** Taps pictures by their names and waits for the sign-in they complete. */
async function tapPictures(page: Page, labels: string[]): Promise<number> {
  const last = labels.at(-1) as string;
  for (const label of labels.slice(0, -1)) await page.getByRole('button', { name: label, exact: true }).tap();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    page.getByRole('button', { name: last, exact: true }).tap(),
  ]);
  return response.status();
}

const signedIn = (page: Page) => page.getByRole('navigation', { name: /^(Hoofdmenu|Main menu)$/ }).waitFor();

describe('school sign-in page', () => {
  const t = useConsole();

  describe('when a child with a temporary password taps group and name', () => {
    it('should sign them in, make them choose a password, and make the old one unreadable', async () => {
      const env = t();
      const s = await school(env);
      const { temporaryPassword } = expectStatus(
        await s.admin.get(`/api/v1/students/${s.emma.id}/password`),
        200,
      );
      const { page, context } = await chromebook(env);

      await page.goto(`/s/${s.code}`);
      await page.getByRole('heading', { name: 'De Regenboog', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Kies je groep' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Groep 3a' }).tap();

      await page.getByRole('heading', { name: 'Wie ben jij?' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Emma J.' }).tap();

      const field = page.getByLabel(labelled('Wachtwoord'));
      await field.fill('not-the-password');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).tap();
      await page.getByRole('alert').filter({ hasText: 'Dat klopt niet. Probeer het nog eens.' }).waitFor();
      expect(await field.inputValue()).toBe('');
      await expectAccessible(page);

      await field.fill(temporaryPassword);
      await page.getByRole('button', { name: 'Inloggen', exact: true }).tap();
      await page.getByRole('heading', { name: 'Kies je eigen wachtwoord' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByLabel(labelled('Nieuw wachtwoord')).fill('zonnebloem42');
      await page.getByLabel(labelled('Herhaal het wachtwoord')).fill('zonnebloem42');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await signedIn(page);

      expectStatus(await s.admin.get(`/api/v1/students/${s.emma.id}/password`), 409);
      await context.close();
    });
  });

  describe('when a child with a picture password taps group, name and pictures', () => {
    it('should sign them in as soon as the last picture is chosen, after an undo', async () => {
      const env = t();
      const s = await school(env);
      const { page, context } = await chromebook(env);

      await page.goto(`/s/${s.code}`);
      await page.getByRole('button', { name: 'Groep 1b' }).tap();
      await page.getByRole('button', { name: 'Sam B.' }).tap();
      await page.getByRole('heading', { name: 'Kies je plaatjes' }).waitFor();
      await page.getByRole('button', { name: 'leeuw', exact: true }).waitFor();
      await expectAccessible(page);

      // The whole set, at least six columns of tiles of at least 88 px.
      const tiles = page.getByRole('list', { name: 'Plaatjes' }).getByRole('button');
      expect(await tiles.count()).toBeGreaterThanOrEqual(24);
      const boxes = await tiles.evaluateAll((buttons) =>
        buttons.map((b) => {
          const r = b.getBoundingClientRect();
          return { top: Math.round(r.top), width: r.width, height: r.height };
        }),
      );
      expect(boxes.filter((b) => b.top === boxes[0]?.top).length).toBeGreaterThanOrEqual(6);
      expect(Math.min(...boxes.map((b) => Math.min(b.width, b.height)))).toBeGreaterThanOrEqual(88);

      await page.getByRole('button', { name: 'kat', exact: true }).tap();
      await page.getByRole('list', { name: 'Gekozen plaatjes' }).getByRole('img', { name: 'kat' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Ongedaan maken' }).tap();
      expect(await page.getByRole('list', { name: 'Gekozen plaatjes' }).getByRole('img').count()).toBe(0);

      expect(await tapPictures(page, ['leeuw', 'banaan'])).toBe(200);
      await signedIn(page);
      await context.close();
    });

    it('should lock them after five wrong tries, and let them in after the teacher unlocks', async () => {
      const env = t();
      const s = await school(env);
      const { page, context } = await chromebook(env);
      await page.goto(`/s/${s.code}`);
      await page.getByRole('button', { name: 'Groep 1b' }).tap();
      await page.getByRole('button', { name: 'Sam B.' }).tap();

      for (let attempt = 1; attempt <= 4; attempt++) {
        expect(await tapPictures(page, ['kat', 'hond'])).toBe(401);
        await page.getByRole('alert').filter({ hasText: 'Dat klopt niet. Probeer het nog eens.' }).waitFor();
      }
      // The fifth wrong try locks the account and says so at once.
      expect(await tapPictures(page, ['kat', 'hond'])).toBe(423);
      await page
        .getByRole('alert')
        .filter({ hasText: 'Je account is op slot. Vraag je juf of meester om hulp.' })
        .waitFor();
      await expectAccessible(page);

      expectStatus(await s.admin.post(`/api/v1/students/${s.sam.id}/unlock`), 204);
      expect(await tapPictures(page, ['leeuw', 'banaan'])).toBe(200);
      await signedIn(page);
      await context.close();
    });
  });

  describe('when names may not be shown', () => {
    it('should offer only the e-mail form, saying why', async () => {
      const env = t();
      const s = await school(env, { networks: [] });
      const { page, context } = await chromebook(env);

      await page.goto(`/s/${s.code}`);
      await page
        .getByText(
          'Deze inlogpagina is nog niet ingesteld voor het netwerk van de school. Log in met je e-mailadres.',
        )
        .waitFor();
      await page.getByRole('heading', { name: 'De Regenboog', level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: 'Groep 3a' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Kaart scannen' }).count()).toBe(0);
      await expectAccessible(page);

      // Staff and e-mail users sign in here all the same.
      await page.getByLabel(labelled('E-mailadres')).fill(s.adminEmail);
      await page.getByLabel(labelled('Wachtwoord')).fill('correct horse battery');
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await signedIn(page);
      await context.close();
    });

    it('should say the same without a school name for an unknown location', async () => {
      const env = t();
      const { page, context } = await chromebook(env);
      await page.goto(`/s/${unique('NOPE').toUpperCase()}`);
      await page.getByText('Je bent niet op het netwerk van de school. Log in met je e-mailadres.').waitFor();
      await page.getByRole('heading', { name: 'Inloggen', level: 1 }).waitFor();
      await page.getByLabel(labelled('E-mailadres')).waitFor();
      await context.close();
    });
  });

  describe('when a child uses their sign-in card', () => {
    async function cardCode(env: ConsoleEnv, s: Awaited<ReturnType<typeof school>>): Promise<string> {
      // Printing the group's cards gives every child a card code.
      expect((await s.admin.get(`/api/v1/groups/${s.passwordGroup.id}/cards.pdf`)).statusCode).toBe(200);
      const row = await env.ctx.db
        .selectFrom('people')
        .select('card_code')
        .where('id', '=', s.emma.id)
        .executeTakeFirstOrThrow();
      if (!row.card_code) throw new Error('no card code assigned');
      return row.card_code;
    }

    it('should select the child from the ?card= of the QR code, or from a typed code', async () => {
      const env = t();
      const s = await school(env);
      const code = await cardCode(env, s);
      const { page, context } = await chromebook(env);

      await page.goto(`/s/${s.code}?card=${code}`);
      await page.getByText('Hoi Emma J.!').waitFor();
      await page.getByLabel(labelled('Wachtwoord')).waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Terug' }).tap();
      await page.getByRole('heading', { name: 'Wie ben jij?' }).waitFor();
      await page.getByRole('button', { name: 'Terug' }).tap();
      await page.getByRole('heading', { name: 'Kies je groep' }).waitFor();

      // This browser has no camera: the code on the card can be typed instead, as printed (with a dash).
      await page.getByRole('button', { name: 'Kaart scannen' }).tap();
      const dialog = page.getByRole('dialog', { name: 'Scan je inlogkaart' });
      await dialog.getByText('De camera doet het niet. Typ de code van je kaart.').waitFor();
      await expectAccessible(page);
      await dialog.getByLabel(labelled('of typ de code')).fill('XXXXX-XXXXX');
      await dialog.getByRole('button', { name: 'Verder' }).tap();
      await dialog.getByText('Deze kaart kennen we niet. Vraag je juf of meester om hulp.').waitFor();
      await dialog.getByLabel(labelled('of typ de code')).fill(`${code.slice(0, 5)}-${code.slice(5)}`);
      await dialog.getByRole('button', { name: 'Verder' }).tap();
      await page.getByText('Hoi Emma J.!').waitFor();
      await gone(dialog);
      // The child types their password next; the field has the focus.
      await expect.poll(() => focused(page.getByLabel(labelled('Wachtwoord')))).toBe(true);
      await context.close();
    });

    it('should read the QR code through the camera', async () => {
      const env = t();
      const s = await school(env);
      const code = await cardCode(env, s);
      // A camera that films the printed card: Chromium's fake capture device playing a still of its QR code.
      const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-qr-')), 'card.y4m');
      fs.writeFileSync(video, qrVideo(`${env.baseUrl}/s/${s.code}?card=${code}`));
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [
          ...CHROMIUM_ARGS,
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--use-file-for-fake-video-capture=${video}`,
        ],
      });
      try {
        const context = await browser.newContext({ baseURL: env.baseUrl, viewport: CHROMEBOOK });
        context.setDefaultTimeout(8_000);
        await context.grantPermissions(['camera']);
        const page = await context.newPage();
        // Keeps every camera stream the page opens, to see that closing the dialog stopped them.
        await page.addInitScript({
          content: `
            window.__cameraStreams = [];
            const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            navigator.mediaDevices.getUserMedia = async (constraints) => {
              const stream = await open(constraints);
              window.__cameraStreams.push(stream);
              return stream;
            };`,
        });
        await page.goto(`/s/${s.code}`);
        await page.getByRole('button', { name: 'Kaart scannen' }).click();
        await page.getByText('Hoi Emma J.!').waitFor();
        await page.getByLabel(labelled('Wachtwoord')).waitFor();
        expect(await page.evaluate('window.__cameraStreams.length')).toBeGreaterThan(0);
        await expect
          .poll(() =>
            page.evaluate(
              "window.__cameraStreams.every((s) => s.getTracks().every((t) => t.readyState === 'ended'))",
            ),
          )
          .toBe(true);
      } finally {
        await browser.close();
        fs.rmSync(path.dirname(video), { recursive: true, force: true });
      }
    });
  });

  describe('when the page is opened on a Chromebook', () => {
    it('should show large group tiles without scrolling sideways, in the school language or English', async () => {
      const env = t();
      const s = await school(env);
      for (const [index, icon] of [
        'sun',
        'star',
        'rocket',
        'duck',
        'frog',
        'bus',
        'house',
        'owl',
      ].entries()) {
        const created = expectStatus(
          await s.admin.post('/api/v1/groups', {
            name: `Groep ${index + 4}c`,
            grade: String(index + 1),
            locationId: s.location.id,
          }),
          201,
        );
        expectStatus(await s.admin.patch(`/api/v1/groups/${created.id}`, { icon }), 200);
      }
      const { page, context } = await chromebook(env);
      await page.goto(`/s/${s.code}`);
      const tiles = page.getByRole('list').first().getByRole('button');
      await page.getByRole('button', { name: 'Groep 11c' }).waitFor();
      expect(await tiles.count()).toBe(10);
      const sizes = await tiles.evaluateAll((buttons) =>
        buttons.map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height)),
      );
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(120);
      expect(await page.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth)).toBe(true);
      // The group's picture is shown on its tile.
      const icon = page.getByRole('button', { name: 'Groep 3a' }).locator('img');
      expect(await icon.getAttribute('src')).toBe('/api/v1/pictures/lion.svg');
      expect(
        await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0),
      ).toBe(true);

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Choose your group' }).waitFor();
      await page.getByRole('button', { name: 'Sign in with e-mail' }).waitFor();
      await page.getByRole('button', { name: 'Groep 3a' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Who are you?' }).waitFor();
      await context.close();
    });
  });
});

/**
 * One still frame (Y4M, 4:2:0) of a black-on-white QR code, which Chromium's fake camera shows in a loop.
 * Y4M is raw video: a header, then per frame "FRAME" and the luma and two chroma planes.
 */
function qrVideo(text: string): Buffer {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = Math.floor(Math.min(width, height) / (size + 8));
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++) {
      if (!qr.modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++)
        luma.fill(
          16,
          (top + row * scale + y) * width + left + column * scale,
          (top + row * scale + y) * width + left + (column + 1) * scale,
        );
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`),
    luma,
    chroma,
  ]);
}
