import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { updatePersonById } from '../../src/modules/people/index.ts';
import { createMailer, type Mailer } from '../../src/platform/mailer.ts';
import { type Client, expectStatus, newBoard, PASSWORD, signIn, unique } from '../support/api.ts';
import { describeEach, type TestEnv } from '../support/harness.ts';
import { startSmtpServer } from '../support/smtp.ts';

/**
 * Mail for staff (issue 4, item 2): the activation mail a new staff member gets, an administrator sending it
 * again or sending a password-reset mail, and `mailConfigured` in /me. Mail goes through a real SMTP server on
 * loopback, and every link is taken from the message as it arrived.
 */

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

const OWN_PASSWORD = 'een eigen sterk wachtwoord';

/** The message as text: quoted-printable soft breaks undone and "=3D" read as "=". */
function decoded(mail: string): string {
  return mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

/** The token of the `/activate` or `/reset` link in a received mail. */
function tokenIn(mail: string, page: 'activate' | 'reset'): string {
  const token = new RegExp(`/${page}\\?token=([\\w-]+)`).exec(decoded(mail))?.[1];
  if (!token) throw new Error(`no ${page} link in the mail`);
  return token;
}

/** Waits until `count` mails to the address have arrived and returns them, oldest first. */
async function mailsTo(address: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const found = smtp.inbox.filter((m) => m.includes(`To: ${address}`));
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} mails to ${address}`);
}

async function latestMailTo(address: string, count = 1): Promise<string> {
  return (await mailsTo(address, count))[count - 1] as string;
}

/** An app like t().app, but mailing through the loopback SMTP server (or the given mailer). */
async function appWith(env: TestEnv, mailer?: Mailer, logger: boolean | object = false) {
  return buildApp({
    ...env.ctx,
    mailer:
      mailer ?? createMailer({ smtpUrl: smtp.url, from: 'Schoolpas <no-reply@school.nl>', outboxDir: '/x' }),
    logger,
  });
}

async function addStaff(admin: Client, body: Record<string, unknown> = {}) {
  const email = `${unique('kees')}@example.org`;
  const staff = expectStatus(
    await admin.post('/api/v1/staff', { firstName: 'Kees', lastName: 'Berg', email, ...body }),
    201,
  );
  return { id: staff.id as string, email };
}

const activate = (app: FastifyInstance, token: string, password = OWN_PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token, password } });
const reset = (app: FastifyInstance, token: string, password = OWN_PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/reset', payload: { token, password } });
const login = (app: FastifyInstance, email: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describeEach('staff mail', (t) => {
  describe('when an administrator adds a staff member with an e-mail address', () => {
    it('should mail a single-use activation link with which they choose their own password and sign in', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app, 'Stichting De Linde');
        const kees = await addStaff(admin);

        const mail = await latestMailTo(kees.email);
        expect(mail).toContain('Subject: Activeer je Schoolpas-account');
        expect(decoded(mail)).toContain('Beste Kees,');
        expect(decoded(mail)).toContain('Stichting De Linde');
        expect(decoded(mail)).toContain(`${t().ctx.config.publicUrl}/activate?token=`);
        // The temporary password stays readable for administrators until the link is used.
        const { temporaryPassword } = expectStatus(await admin.get(`/api/v1/staff/${kees.id}/password`), 200);

        const token = tokenIn(mail, 'activate');
        expect(expectStatus(await activate(app, token, 'kort'), 400).code).toBe('PASSWORD_TOO_SHORT');
        const session = expectStatus(await activate(app, token), 200);
        expect(session.user.id).toBe(kees.id);
        expect(session.mustChangePassword).toBe(false);
        expect(expectStatus(await activate(app, token, 'nog een ander wachtwoord'), 400).code).toBe(
          'TOKEN_INVALID',
        );

        expect(expectStatus(await admin.get(`/api/v1/staff/${kees.id}/password`), 409).code).toBe(
          'PASSWORD_NOT_READABLE',
        );
        expect((await login(app, kees.email, temporaryPassword)).statusCode).toBe(401);
        const signedIn = expectStatus(await login(app, kees.email, OWN_PASSWORD), 200);
        expect(signedIn.mustChangePassword).toBe(false);
        const staff = expectStatus(await admin.get(`/api/v1/staff/${kees.id}`), 200);
        expect(staff.mustChangePassword).toBe(false);
      } finally {
        await app.close();
      }
    });

    it("should write the mail in the person's language, the board's default when none is given", async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        expectStatus(await admin.patch('/api/v1/board', { settings: { defaultLanguage: 'en' } }), 200);
        const byDefault = await addStaff(admin);
        const dutch = await addStaff(admin, { language: 'nl' });

        const english = await latestMailTo(byDefault.email);
        expect(english).toContain('Subject: Activate your Schoolpas account');
        expect(decoded(english)).toContain('Dear Kees,');
        expect(expectStatus(await admin.get(`/api/v1/staff/${byDefault.id}`), 200).language).toBe('en');
        expect(await latestMailTo(dutch.email)).toContain('Subject: Activeer je Schoolpas-account');
      } finally {
        await app.close();
      }
    });

    it('should refuse the link after seven days', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin);
        const token = tokenIn(await latestMailTo(kees.email), 'activate');
        t().clock.advance(7 * 24 * 3_600_000 + 60_000);
        expect(expectStatus(await activate(app, token), 400).code).toBe('TOKEN_INVALID');
      } finally {
        await app.close();
      }
    });

    it('should refuse the link once they chose a password after signing in with the temporary one', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin, { password: 'tijdelijk wachtwoord' });
        const token = tokenIn(await latestMailTo(kees.email), 'activate');
        const self = await signIn(app, kees.email, 'tijdelijk wachtwoord');
        expectStatus(await self.post('/api/v1/auth/password', { newPassword: OWN_PASSWORD }), 204);
        expect(expectStatus(await activate(app, token, 'een overgenomen wachtwoord'), 400).code).toBe(
          'TOKEN_INVALID',
        );
        expect((await login(app, kees.email, OWN_PASSWORD)).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('should create the staff member even when the mail cannot be sent, and log no address', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const failing: Mailer = {
        configured: true,
        async send(message) {
          throw Object.assign(new Error(`550 mailbox unavailable <${message.to}>`), {
            code: 'EENVELOPE',
            responseCode: 550,
          });
        },
      };
      const app = await appWith(t(), failing, { level: 'warn', stream });
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin);
        expectStatus(await admin.get(`/api/v1/staff/${kees.id}`), 200);
        for (let i = 0; i < 100 && !lines.some((l) => l.includes('mail not sent')); i++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        const logged = lines.find((l) => l.includes('mail not sent'));
        expect(logged).toBeDefined();
        expect(JSON.parse(logged as string)).toMatchObject({
          personId: kees.id,
          mail: 'activation',
          code: 'EENVELOPE',
          responseCode: 550,
        });
        expect(lines.join('\n')).not.toContain(kees.email);
      } finally {
        await app.close();
      }
    });
  });

  describe('when an administrator sends the activation mail again', () => {
    it('should mail a new link, make the earlier one stop working, and refuse once a password is chosen', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin);
        const first = tokenIn(await latestMailTo(kees.email, 1), 'activate');

        expect((await admin.post(`/api/v1/staff/${kees.id}/activation-mail`)).statusCode).toBe(202);
        const second = tokenIn(await latestMailTo(kees.email, 2), 'activate');
        expect(second).not.toBe(first);
        expect(expectStatus(await activate(app, first), 400).code).toBe('TOKEN_INVALID');
        expectStatus(await activate(app, second), 200);

        const again = await admin.post(`/api/v1/staff/${kees.id}/activation-mail`);
        expect(expectStatus(again, 409).code).toBe('ALREADY_ACTIVATED');

        const audit = expectStatus(await admin.get(`/api/v1/audit?action=staff.mail.activation`), 200);
        expect(audit.items.map((e: { targetId: string }) => e.targetId)).toEqual([kees.id]);
      } finally {
        await app.close();
      }
    });
  });

  describe('when an administrator sends a password-reset mail', () => {
    it('should mail a one-hour link; the account stays as it is until the link is used, which unlocks it', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin);
        expectStatus(await activate(app, tokenIn(await latestMailTo(kees.email), 'activate')), 200);
        for (let i = 0; i < 5; i++)
          expect((await login(app, kees.email, 'fout wachtwoord')).statusCode).toBe(401);
        expect((await login(app, kees.email, OWN_PASSWORD)).statusCode).toBe(423);

        expect((await admin.post(`/api/v1/staff/${kees.id}/password-reset-mail`)).statusCode).toBe(202);
        const mail = await latestMailTo(kees.email, 2);
        expect(mail).toContain('Subject: Je wachtwoord voor Schoolpas herstellen');
        expect(decoded(mail)).toContain('Je beheerder');
        // Sending the mail changes nothing yet: still locked, and the password still the same.
        expect((await login(app, kees.email, OWN_PASSWORD)).statusCode).toBe(423);
        expect(expectStatus(await admin.get(`/api/v1/staff/${kees.id}`), 200).lockedUntil).not.toBeNull();

        const token = tokenIn(mail, 'reset');
        expectStatus(await reset(app, token, 'een nieuw sterk wachtwoord'), 200);
        expect(expectStatus(await reset(app, token, 'nog een wachtwoord erbij'), 400).code).toBe(
          'TOKEN_INVALID',
        );
        expect((await login(app, kees.email, OWN_PASSWORD)).statusCode).toBe(401);
        expect((await login(app, kees.email, 'een nieuw sterk wachtwoord')).statusCode).toBe(200);

        const audit = expectStatus(await admin.get(`/api/v1/audit?action=staff.mail.reset`), 200);
        expect(audit.items.map((e: { targetId: string }) => e.targetId)).toEqual([kees.id]);
      } finally {
        await app.close();
      }
    });

    it('should refuse the link after an hour', async () => {
      const app = await appWith(t());
      try {
        const { admin } = await newBoard(t().ctx, app);
        const kees = await addStaff(admin);
        await latestMailTo(kees.email);
        expectStatus(await admin.post(`/api/v1/staff/${kees.id}/password-reset-mail`), 202);
        const token = tokenIn(await latestMailTo(kees.email, 2), 'reset');
        t().clock.advance(61 * 60_000);
        expect(expectStatus(await reset(app, token), 400).code).toBe('TOKEN_INVALID');
      } finally {
        await app.close();
      }
    });
  });

  describe('when the staff member has no e-mail address', () => {
    it('should answer 409 NO_EMAIL_ADDRESS to both mails', async () => {
      const { app, ctx } = t();
      const { admin, boardId } = await newBoard(ctx, app);
      const kees = await addStaff(admin);
      // The API always asks for an address; people from an import or sync may come without one.
      await updatePersonById(ctx.db, boardId, kees.id, { email: null, email_key: null });
      for (const mail of ['activation-mail', 'password-reset-mail']) {
        expect(expectStatus(await admin.post(`/api/v1/staff/${kees.id}/${mail}`), 409).code).toBe(
          'NO_EMAIL_ADDRESS',
        );
      }
    });
  });

  describe('when someone without the rights asks', () => {
    it('should answer 403 to a teacher and 404 to another board', async () => {
      const { app, ctx } = t();
      const { admin } = await newBoard(ctx, app);
      const other = await newBoard(ctx, app);
      const location = expectStatus(await admin.post('/api/v1/locations', { name: unique('Locatie ') }), 201);
      const group = expectStatus(
        await admin.post('/api/v1/groups', { name: 'Groep 5', locationId: location.id }),
        201,
      );
      const teacher = await addStaff(admin, { password: PASSWORD, groupIds: [group.id] });
      const colleague = await addStaff(admin, { locations: [{ locationId: location.id, level: 'read' }] });
      const asTeacher = await signIn(app, teacher.email, PASSWORD);
      for (const mail of ['activation-mail', 'password-reset-mail']) {
        const url = `/api/v1/staff/${colleague.id}/${mail}`;
        expect(expectStatus(await asTeacher.post(url), 403).code).toBe('FORBIDDEN');
        expect(expectStatus(await other.admin.post(url), 404).code).toBe('STAFF_NOT_FOUND');
      }
    });
  });

  describe('when the console asks whether mail is configured', () => {
    it('should say true with SMTP settings and false when mail goes to the outbox, where the mail lands', async () => {
      const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-outbox-'));
      const withSmtp = await appWith(t());
      const withoutSmtp = await appWith(t(), createMailer({ from: 'x@school.nl', outboxDir: outbox }));
      try {
        const one = await newBoard(t().ctx, withSmtp);
        expect(expectStatus(await one.admin.get('/api/v1/me'), 200).mailConfigured).toBe(true);
        const two = await newBoard(t().ctx, withoutSmtp);
        expect(expectStatus(await two.admin.get('/api/v1/me'), 200).mailConfigured).toBe(false);

        const kees = await addStaff(two.admin);
        let files: string[] = [];
        for (let i = 0; i < 100 && files.length === 0; i++) {
          files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
          if (files.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(files).toHaveLength(1);
        const eml = fs.readFileSync(path.join(outbox, files[0] as string), 'utf8');
        expect(eml).toContain(`To: ${kees.email}`);
        expect(tokenIn(eml, 'activate')).toBeTruthy();
      } finally {
        await withSmtp.close();
        await withoutSmtp.close();
        fs.rmSync(outbox, { recursive: true, force: true });
      }
    });
  });
});
