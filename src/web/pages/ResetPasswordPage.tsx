import { useTranslation } from 'react-i18next';
import { LinkPasswordPage } from '../components/LinkPasswordPage.tsx';

/**
 * The link of a password-reset mail ("forgot password", or sent by an administrator): the person chooses a new
 * password under the board's rules and is signed in. A used or expired link says so and leads back to sign-in,
 * where a new one can be asked for.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const texts = { title: t('reset.title'), intro: t('reset.intro'), submit: t('reset.submit') };
  return <LinkPasswordPage endpoint="/auth/reset" texts={texts} backToSignIn />;
}
