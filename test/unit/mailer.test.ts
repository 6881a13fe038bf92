import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer } from '../../src/platform/mailer.ts';
import { startSmtpServer } from '../support/smtp.ts';

describe('mailer', () => {
  describe('when SMTP is configured', () => {
    it('should hand the message to a real SMTP server', async () => {
      const smtp = await startSmtpServer();
      const received = smtp.inbox;
      try {
        const mailer = createMailer({
          smtpUrl: smtp.url,
          from: 'Schoolpas <no-reply@school.nl>',
          outboxDir: '/nonexistent',
        });
        expect(mailer.configured).toBe(true);
        await mailer.send({
          to: 'juf@school.nl',
          subject: 'Activeer je account',
          text: 'Welkom bij Schoolpas',
        });
        expect(received).toHaveLength(1);
        expect(received[0]).toContain('Subject: Activeer je account');
        expect(received[0]).toContain('To: juf@school.nl');
        expect(received[0]).toContain('Welkom bij Schoolpas');
      } finally {
        await smtp.close();
      }
    });
  });

  describe('when SMTP is not configured', () => {
    it('should write each message to the outbox as an .eml file only its owner can read', async () => {
      const outboxDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schoolpas-outbox-')), 'outbox');
      const mailer = createMailer({ from: 'Schoolpas <no-reply@localhost>', outboxDir });
      expect(mailer.configured).toBe(false);
      await mailer.send({
        to: 'meester@school.nl',
        subject: 'Wachtwoord herstellen',
        text: 'Klik op de link',
      });
      const files = fs.readdirSync(outboxDir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const file = path.join(outboxDir, files[0] as string);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const eml = fs.readFileSync(file, 'utf8');
      expect(eml).toContain('To: meester@school.nl');
      expect(eml).toContain('Klik op de link');
      fs.rmSync(path.dirname(outboxDir), { recursive: true });
    });
  });
});
