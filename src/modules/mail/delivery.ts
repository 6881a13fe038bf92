import type { Mailer, MailMessage } from '../../platform/mailer.ts';

/** What is logged when a mail could not be handed over: ids and the transport's codes, never an address. */
export interface MailFailure {
  personId: string;
  mail: 'activation' | 'password_reset';
  /** nodemailer's error code (ECONNECTION, EAUTH, EENVELOPE, …), when it gave one. */
  code?: string;
  /** The SMTP server's reply code, when it answered. */
  responseCode?: number;
}

export type MailFailureLog = (failure: MailFailure) => void;

/**
 * Hands a mail to the mailer without waiting for it: the caller's answer (and its transaction) never depends
 * on the SMTP server. A failure goes to `log` with only ids and codes (error messages can quote the address).
 * Never throws.
 */
export function sendInBackground(
  mailer: Mailer,
  message: MailMessage,
  about: Pick<MailFailure, 'personId' | 'mail'>,
  log: MailFailureLog,
): void {
  mailer.send(message).catch((error: unknown) => {
    const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
    const failure: MailFailure = { ...about };
    if (typeof code === 'string') failure.code = code;
    if (typeof responseCode === 'number') failure.responseCode = responseCode;
    try {
      log(failure);
    } catch {
      // A broken logger must not become an unhandled rejection that ends the process.
    }
  });
}
