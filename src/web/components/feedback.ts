import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** The readable message for a failed request: the translated problem code, else the server's detail. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    return t(`errors.${error.code}`, { defaultValue: error.detail ?? t('errors.INTERNAL') });
  }
  return t('errors.INTERNAL');
}

/** Shows success and failure of writes the same way everywhere. */
export function useFeedback() {
  const { t } = useTranslation();
  return {
    saved(message?: string) {
      notifications.show({ color: 'green', message: message ?? t('common.saved') });
    },
    failed(error: unknown) {
      notifications.show({ color: 'red', title: t('common.failed'), message: errorMessage(t, error) });
    },
  };
}

/** Server field errors (e.g. EMAIL_TAKEN on "email") as a form's errors object. */
export function fieldErrors(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const message = errorMessage(t, error);
  return Object.fromEntries(error.errors.map((e) => [e.field.replace(/\[\d+\].*$/, ''), message]));
}
