import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { newId } from './ids.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail: over SMTP when configured, otherwise into the data folder's outbox as .eml files. */
export interface Mailer {
  /** False when mail only lands in the outbox (the console says so). */
  readonly configured: boolean;
  /** Resolves when the message is handed over; throws when the SMTP server refuses it. */
  send(message: MailMessage): Promise<void>;
}

export interface MailerSettings {
  /** smtp://user:password@host:587 or smtps://…; absent: write to the outbox. */
  smtpUrl?: string;
  from: string;
  outboxDir: string;
}

export function createMailer(settings: MailerSettings): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    return {
      configured: true,
      async send(message) {
        await transport.sendMail({ from: settings.from, ...message });
      },
    };
  }
  const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    configured: false,
    async send(message) {
      const info = await writer.sendMail({ from: settings.from, ...message });
      fs.mkdirSync(settings.outboxDir, { recursive: true });
      const file = path.join(
        settings.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId()}.eml`,
      );
      fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 });
    },
  };
}
