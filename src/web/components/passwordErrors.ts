import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { errorMessage } from './feedback.ts';

/**
 * The translated message for a password the server refused under the board's password rules, to show on the
 * password field; null for any other failure. PASSWORD_TOO_SHORT also names the minimum, which the server's
 * field message carries ("at least 10 characters").
 */
export function passwordRuleMessage(t: TFunction, error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'PASSWORD_TOO_SHORT') {
    const count = Number(/\d+/.exec(error.errors[0]?.message ?? '')?.[0]);
    const message = errorMessage(t, error);
    return count > 0 ? `${message} ${t('validation.passwordLength', { count })}` : message;
  }
  if (error.code === 'PASSWORD_TOO_COMMON') return errorMessage(t, error);
  return null;
}
