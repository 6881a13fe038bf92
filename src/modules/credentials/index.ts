export { assertPasswordRules } from './credentials.service.ts';
export { assertAcceptablePassword, isCommonPassword } from './password-rules.ts';
export { generateTemporaryPassword } from './temporary-password.ts';
