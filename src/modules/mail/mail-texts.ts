import type { MailMessage } from '../../platform/mailer.ts';

/**
 * The texts of every mail Schoolpas sends, in Dutch and English. The person's language picks one; anything
 * other than English reads Dutch, the default.
 */

type Language = 'nl' | 'en';

function pick(language: string, texts: Record<Language, MailMessage>): MailMessage {
  return texts[language === 'en' ? 'en' : 'nl'];
}

/**
 * The password-reset mail. The link works once, for one hour. `requestedBy` says who asked: the person
 * ("forgot password") or an administrator.
 */
export function passwordResetMail(
  to: string,
  language: string,
  firstName: string,
  link: string,
  requestedBy: 'self' | 'administrator' = 'self',
): MailMessage {
  const byAdministrator = requestedBy === 'administrator';
  return pick(language, {
    nl: {
      to,
      subject: 'Je wachtwoord voor Schoolpas herstellen',
      text: [
        `Beste ${firstName},`,
        '',
        byAdministrator
          ? 'Je beheerder stuurt je deze link om een nieuw wachtwoord te kiezen voor je Schoolpas-account.'
          : 'Iemand (hopelijk jij) vroeg om een nieuw wachtwoord voor je Schoolpas-account.',
        'Kies een nieuw wachtwoord via deze link. De link werkt één keer en blijft een uur geldig:',
        '',
        link,
        '',
        byAdministrator
          ? 'Tot je de link gebruikt, blijft je huidige wachtwoord gewoon werken.'
          : 'Heb je dit niet gevraagd? Dan hoef je niets te doen; je wachtwoord blijft hetzelfde.',
      ].join('\n'),
    },
    en: {
      to,
      subject: 'Reset your Schoolpas password',
      text: [
        `Dear ${firstName},`,
        '',
        byAdministrator
          ? 'Your administrator sends you this link to choose a new password for your Schoolpas account.'
          : 'Someone (hopefully you) asked for a new password for your Schoolpas account.',
        'Choose a new password with this link. It works once and for one hour:',
        '',
        link,
        '',
        byAdministrator
          ? 'Until you use the link, your current password keeps working.'
          : 'Did not ask for this? Then there is nothing to do; your password stays the same.',
      ].join('\n'),
    },
  });
}

/** The activation mail for a new staff member. The link works once, for seven days. */
export function activationMail(
  to: string,
  language: string,
  firstName: string,
  boardName: string,
  link: string,
): MailMessage {
  return pick(language, {
    nl: {
      to,
      subject: 'Activeer je Schoolpas-account',
      text: [
        `Beste ${firstName},`,
        '',
        `Er is een Schoolpas-account voor je aangemaakt bij ${boardName}.`,
        'Kies je eigen wachtwoord via deze link. De link werkt één keer en blijft zeven dagen geldig:',
        '',
        link,
        '',
        'Werkt de link niet meer? Vraag je beheerder dan om een nieuwe activatiemail.',
      ].join('\n'),
    },
    en: {
      to,
      subject: 'Activate your Schoolpas account',
      text: [
        `Dear ${firstName},`,
        '',
        `A Schoolpas account has been made for you at ${boardName}.`,
        'Choose your own password with this link. It works once and for seven days:',
        '',
        link,
        '',
        'Does the link no longer work? Then ask your administrator for a new activation mail.',
      ].join('\n'),
    },
  });
}
