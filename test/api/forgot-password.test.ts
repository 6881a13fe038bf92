import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { expectStatus, newBoard, PASSWORD } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';
import { startSmtpServer } from '../support/smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let smtpUrl = '';
let inbox: string[] = [];
beforeAll(async () => {
  smtp = await startSmtpServer();
  smtpUrl = smtp.url;
  inbox = smtp.inbox;
});
afterAll(async () => {
  await smtp.close();
});

/** The link in a received mail, undoing quoted-printable soft breaks and escaped "=". */
function tokenIn(mail: string): string | undefined {
  const body = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /reset\?token=([\w-]+)/.exec(body)?.[1];
}

async function mailTo(address: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const found = inbox.find((m) => m.includes(`To: ${address}`));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail to ${address}`);
}

describeEach('forgot password', (t) => {
  describe('when someone asks for a reset link', () => {
    it('should answer the same for known and unknown addresses, and mail a link that works once', async () => {
      const { ctx } = t();
      const app = await buildApp({
        ...ctx,
        mailer: createMailer({ smtpUrl, from: 'Schoolpas <no-reply@school.nl>', outboxDir: '/nonexistent' }),
        logger: false,
      });
      try {
        const { adminEmail } = await newBoard(ctx, app);
        const forgot = (email: string) =>
          app.inject({ method: 'POST', url: '/api/v1/auth/forgot', payload: { email } });
        const known = await forgot(adminEmail.toUpperCase());
        const unknown = await forgot('niemand@example.org');
        expect(known.statusCode).toBe(202);
        expect(unknown.statusCode).toBe(202);
        expect(known.body).toBe(unknown.body);

        const mail = await mailTo(adminEmail);
        expect(mail).toContain('Subject: Je wachtwoord voor Schoolpas herstellen');
        const token = tokenIn(mail);
        expect(token).toBeDefined();

        const reset = (password: string) =>
          app.inject({ method: 'POST', url: '/api/v1/auth/reset', payload: { token, password } });
        expect(expectStatus(await reset('welkom'), 400).code).toBe('PASSWORD_TOO_SHORT');
        expect(expectStatus(await reset('een nieuw sterk wachtwoord'), 200).user.email).toBe(adminEmail);
        expect(expectStatus(await reset('nog een ander wachtwoord'), 400).code).toBe('TOKEN_INVALID');

        const login = (password: string) =>
          app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password } });
        expect((await login(PASSWORD)).statusCode).toBe(401);
        expect((await login('een nieuw sterk wachtwoord')).statusCode).toBe(200);
        expect(inbox.some((m) => m.includes('To: niemand@example.org'))).toBe(false);
      } finally {
        await app.close();
      }
    });

    it('should refuse a link after an hour', async () => {
      const { ctx, clock } = t();
      const app = await buildApp({
        ...ctx,
        mailer: createMailer({ smtpUrl, from: 'x@school.nl', outboxDir: '/nonexistent' }),
        logger: false,
      });
      try {
        const { adminEmail } = await newBoard(ctx, app);
        await app.inject({ method: 'POST', url: '/api/v1/auth/forgot', payload: { email: adminEmail } });
        const token = tokenIn(await mailTo(adminEmail));
        clock.advance(61 * 60_000);
        const late = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/reset',
          payload: { token, password: 'een nieuw sterk wachtwoord' },
        });
        expect(expectStatus(late, 400).code).toBe('TOKEN_INVALID');
      } finally {
        await app.close();
      }
    });
  });
});
