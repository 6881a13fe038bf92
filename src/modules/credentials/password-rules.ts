import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../platform/errors.ts';

/** The ~49,000 most common passwords (zxcvbn-ts, MIT), lower-cased, loaded once. */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary.passwords as string[]).map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/**
 * The board's rules for a password someone chooses: a minimum length and not a common password. No composition
 * rules (NIST SP 800-63B). `field` names the form field in the error.
 */
export function assertAcceptablePassword(password: string, minLength: number, field: string): void {
  if ([...password].length < minLength) {
    throw new AppError('PASSWORD_TOO_SHORT', `The password needs at least ${minLength} characters`, [
      { field, message: `at least ${minLength} characters` },
    ]);
  }
  if (isCommonPassword(password)) {
    throw new AppError('PASSWORD_TOO_COMMON', undefined, [
      { field, message: 'is one of the most common passwords' },
    ]);
  }
}
