import type { MailMessage } from '../../platform/mailer.ts';

type Language = 'nl' | 'en';

/** The password-reset mail, in the person's language. The link works once, for one hour. */
export function passwordResetMail(
  to: string,
  language: string,
  firstName: string,
  link: string,
): MailMessage {
  const texts: Record<Language, MailMessage> = {
    nl: {
      to,
      subject: 'Je wachtwoord voor Schoolpas herstellen',
      text: [
        `Beste ${firstName},`,
        '',
        'Iemand (hopelijk jij) vroeg om een nieuw wachtwoord voor je Schoolpas-account.',
        'Kies een nieuw wachtwoord via deze link. De link werkt één keer en blijft een uur geldig:',
        '',
        link,
        '',
        'Heb je dit niet gevraagd? Dan hoef je niets te doen; je wachtwoord blijft hetzelfde.',
      ].join('\n'),
    },
    en: {
      to,
      subject: 'Reset your Schoolpas password',
      text: [
        `Dear ${firstName},`,
        '',
        'Someone (hopefully you) asked for a new password for your Schoolpas account.',
        'Choose a new password with this link. It works once and for one hour:',
        '',
        link,
        '',
        'Did not ask for this? Then there is nothing to do; your password stays the same.',
      ].join('\n'),
    },
  };
  return texts[language === 'en' ? 'en' : 'nl'];
}
