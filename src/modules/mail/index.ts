export { type MailFailure, type MailFailureLog, sendInBackground } from './delivery.ts';
export { activationMail, passwordResetMail } from './mail-texts.ts';
