export { assertPasswordRules } from './credentials.service.ts';
export { findLockedPeople, UNTIL_UNLOCKED, unlockPeople } from './lockout.repository.ts';
export {
  type AttemptOutcome,
  checkWithLockout,
  delayAfterFailure,
  settlePictureAttempt,
} from './lockout.service.ts';
export { mfaRoutes } from './mfa.routes.ts';
export {
  checkSignIn,
  type MfaStatus,
  mfaRequiredFor,
  mfaStatus,
  removeMfa,
} from './mfa.service.ts';
export { assertAcceptablePassword, isCommonPassword } from './password-rules.ts';
export {
  assertPictureSequence,
  openPictureSequence,
  pictureSequenceMatches,
  randomPictureSequence,
  sealPictureSequence,
} from './picture-password.ts';
export { pictureRoutes } from './pictures.routes.ts';
export { isPictureId, PICTURES, pictureSvg } from './pictures.ts';
export { generateTemporaryPassword } from './temporary-password.ts';
export {
  addressKey,
  holdAddress,
  refundAddress,
  reserveAddress,
  withAddressLimit,
} from './throttle.service.ts';
