import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import type { ServiceContext } from '../../../src/platform/context.ts';
import type { DialectName } from '../../../src/platform/db/index.ts';
import { createJobQueue } from '../../../src/platform/jobs/index.ts';
import { WEB_DIST } from '../../../src/platform/web-build.ts';
import { type Client, expectStatus, newBoard, PASSWORD, signIn, unique } from '../../support/api.ts';
import { freshDatabase, TestClock, testHasher, testMailer, testSecrets } from '../../support/harness.ts';

/**
 * Browser tests run on SQLite only: the console talks to the same HTTP API whatever the database, and the API
 * tests already run every route on both SQLite and PostgreSQL. One server and one Chromium per test file; every
 * test opens its own browser context (own cookies and localStorage) and makes its own board.
 */

/** The system Chromium; a browser is never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleEnv {
  app: FastifyInstance;
  ctx: ServiceContext;
  baseUrl: string;
  browser: Browser;
}

/** The console on a fresh database: SQLite unless a test asks for PostgreSQL too. */
export async function startConsole(
  dialect: DialectName = 'sqlite',
): Promise<{ env: ConsoleEnv; close(): Promise<void> }> {
  const { handle, url, drop } = await freshDatabase(dialect);
  const config = loadConfig({ SCHOOLPAS_DATA_DIR: '/tmp/schoolpas-test-unused', LOG_LEVEL: 'silent' });
  const clock = new TestClock();
  const ctx: ServiceContext = {
    db: handle.db,
    dialect,
    clock,
    passwords: testHasher,
    secrets: testSecrets(),
    mailer: testMailer,
    jobs: createJobQueue(handle, url, { clock }),
    config: { ...config, databaseUrl: `${dialect}:test` },
  };
  const app = await buildApp({ ...ctx, logger: false, webRoot: WEB_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  // chromium.launch starts from a fresh, temporary user-data-dir and removes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    env: { app, ctx, baseUrl: `http://127.0.0.1:${address.port}`, browser },
    async close() {
      await browser.close();
      await app.close();
      await drop();
    },
  };
}

/** Starts the console for the file's tests: `const t = useConsole(); … t().browser`. */
export function useConsole(dialect: DialectName = 'sqlite'): () => ConsoleEnv {
  let current: Awaited<ReturnType<typeof startConsole>> | undefined;
  beforeAll(async () => {
    current = await startConsole(dialect);
  }, 60_000);
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error('console not started');
    return current.env;
  };
}

/** A new tab in a fresh browser context: no cookies, no stored language. */
export async function newPage(env: ConsoleEnv): Promise<{ page: Page; context: BrowserContext }> {
  const context = await env.browser.newContext({
    baseURL: env.baseUrl,
    viewport: { width: 1280, height: 860 },
  });
  // Fail a step well within the test's own time limit, so the report names the step that waited.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  return { page, context };
}

/** Signs in through the sign-in page, as a person would, and waits for the console. */
export async function signInWithForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel(labelled('E-mailadres')).fill(email);
  await page.getByLabel(labelled('Wachtwoord')).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('navigation', { name: /^(Hoofdmenu|Main menu)$/ }).waitFor();
}

/** Signs in through the API inside the browser context (shares its cookies) and opens `path`. */
export async function openSignedIn(page: Page, email: string, path: string): Promise<void> {
  const response = await page.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  await page.goto(path);
  await page.getByRole('navigation', { name: /^(Hoofdmenu|Main menu)$/ }).waitFor();
}

/** Marks the document; the marker vanishes on any full page load, so a test can prove there was none. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as { __schoolpasNoReload?: boolean }).__schoolpasNoReload = true;
  });
}

export async function documentStillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as { __schoolpasNoReload?: boolean }).__schoolpasNoReload === true);
}

/** axe-core on the page as it is now; returns the serious and critical violations, readable. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A board with two locations, a group in each, and people in them; the pakketbeheerder is signed in (API). */
export async function boardWithSchools(env: ConsoleEnv) {
  const board = await newBoard(env.ctx, env.app);
  const { admin } = board;
  const post = async (url: string, body: object) =>
    expectStatus(await admin.post(`/api/v1${url}`, body), 201);
  const north = await post('/locations', { name: 'De Regenboog', code: '12AB00' });
  const south = await post('/locations', { name: 'Het Kompas', code: '12AB01' });
  const groupNorth = await post('/groups', { name: 'Groep 3a', locationId: north.id, grade: '3' });
  const groupSouth = await post('/groups', { name: 'Groep 7b', locationId: south.id, grade: '7' });
  return { ...board, north, south, groupNorth, groupSouth, post };
}

/** A staff member with the given rights, who has chosen PASSWORD as their own password. */
export async function addStaff(
  admin: Client,
  person: {
    firstName: string;
    lastName: string;
    locations?: { locationId: string; level: string }[];
    groupIds?: string[];
  },
): Promise<{ id: string; email: string }> {
  const email = `${unique(person.firstName.toLowerCase())}@example.org`;
  const staff = expectStatus(
    await admin.post('/api/v1/staff', {
      ...person,
      email,
      password: PASSWORD,
      locations: person.locations ?? [],
      groupIds: person.groupIds ?? [],
    }),
    201,
  );
  // New staff sign in with a temporary password and must choose their own first (the console asks for it);
  // tests that are about something else start after that step.
  const session = await signIn(admin.app, email, PASSWORD);
  expectStatus(await session.post('/api/v1/auth/password', { newPassword: PASSWORD }), 204);
  return { id: staff.id, email };
}

export { expectStatus, PASSWORD, unique };

/** Matches a field's accessible name: exactly `label`, with Mantine's " *" when the field is required. */
export function labelled(label: string): RegExp {
  return new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

/** Picks `option` in the Mantine Select labelled `label` inside `scope` (a dialog, or the page). */
export async function choose(
  scope: Page | Locator,
  page: Page,
  label: string,
  option: string,
  search?: string,
): Promise<void> {
  // The open list is labelled like its field too: take the text field.
  const input = scope.getByLabel(labelled(label)).and(page.locator('input'));
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Resolves when the element is gone from the screen (hidden or removed). */
export async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'hidden' });
}

/** A notification (Mantine renders them with role alert) with this text. */
export function notice(page: Page, text: string): Locator {
  return page.getByRole('alert').filter({ hasText: text });
}

/** Counts full page loads from now on; in-app navigation (history.pushState) does not count. */
export function countPageLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return () => loads;
}

/** True when the element has keyboard focus. */
export async function focused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.matches(':focus'));
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus; fails when it is not reached within `max` presses, i.e.
 * when it is not in the keyboard order. Returns the number of presses.
 */
export async function tabUntil(
  page: Page,
  target: Locator,
  options: { backwards?: boolean; max?: number } = {},
): Promise<number> {
  const max = options.max ?? 40;
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    if (await focused(target)) return presses;
  }
  throw new Error(`not reached with ${max} presses of Tab: ${target}`);
}
