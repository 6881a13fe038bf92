import { useTranslation } from 'react-i18next';
import { LinkPasswordPage } from '../components/LinkPasswordPage.tsx';

/**
 * Activation link (a new staff member's mail, or the setup CLI's): the person chooses their first password under
 * the board's rules and is signed in.
 */
export function ActivatePage() {
  const { t } = useTranslation();
  const texts = { title: t('activate.title'), intro: t('activate.intro'), submit: t('activate.submit') };
  return <LinkPasswordPage endpoint="/auth/activate" texts={texts} />;
}
