import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { isoNow } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hashSecret } from '../../platform/tokens.ts';
import { type Actor, authorise } from '../access/index.ts';
import { type Caller, recordAudit } from '../audit/index.ts';
import { type BoardSettings, getBoardSettings, getBoardSummary } from '../boards/index.ts';
import { checkWithLockout } from './lockout.service.ts';
import {
  claimTotpStep,
  findMfaSubjectById,
  findRecoveryCodes,
  type MfaSubject,
  NO_MFA,
  releaseAttempt,
  swapRecoveryCodes,
  updateMfaById,
} from './mfa.repository.ts';

/**
 * Two-step verification for staff (PRODUCT.md §3): a TOTP authenticator app (RFC 6238: SHA-1, 6 digits, 30 s),
 * with ten single-use recovery codes for a lost phone. The secret is stored sealed like temporary passwords; of
 * the recovery codes only SHA-256 hashes are kept. A code is accepted once: the last accepted time step is
 * stored, and only later steps are accepted after it.
 */

const ISSUER = 'Schoolpas';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Codes of the step before and after the current one are accepted too (clocks of phones drift). */
const WINDOW = 1;
const RECOVERY_CODE_COUNT = 10;
/** 32 letters and digits without look-alikes (no 0/O, 1/I): 5 bits per character, 60 bits per code. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type MfaRequirement = BoardSettings['mfaRequired'];

/**
 * Whether the board's requirement covers this person: `admins` means pakketbeheerders and anyone with an
 * admin level on a location, `staff` means all staff. Students are never covered.
 */
export function mfaRequiredFor(
  requirement: MfaRequirement,
  actor: Pick<Actor, 'kind' | 'isBoardAdmin' | 'locationLevels'>,
): boolean {
  if (actor.kind !== 'staff') return false;
  if (requirement === 'staff') return true;
  if (requirement === 'admins') {
    return actor.isBoardAdmin || [...actor.locationLevels.values()].includes('admin');
  }
  return false;
}

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  enrolmentRequired: boolean;
  /** Unused recovery codes; 0 when two-step verification is off. */
  recoveryCodesLeft: number;
}

/** The person's two-step verification as GET /me shows it. */
export async function mfaStatus(ctx: ServiceContext, actor: Actor): Promise<MfaStatus> {
  const subject = await findMfaSubjectById(ctx.db, actor.boardId, actor.personId);
  const enabled = subject?.totp_enabled_at != null;
  const settings = await getBoardSettings(ctx.db, actor.boardId);
  const required = mfaRequiredFor(settings.mfaRequired, actor);
  return {
    enabled,
    required,
    enrolmentRequired: required && !enabled,
    recoveryCodesLeft: enabled ? recoveryHashes(subject?.recovery_codes ?? null).length : 0,
  };
}

function totpOf(base32: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(base32),
  });
}

/** The time step a code belongs to, or undefined when it is none of the accepted steps' codes. */
function stepOf(ctx: ServiceContext, sealedSecret: string, code: string): number | undefined {
  const totp = totpOf(ctx.secrets.open(sealedSecret));
  const timestamp = ctx.clock.now().getTime();
  const delta = totp.validate({ token: code, timestamp, window: WINDOW });
  if (delta === null) return undefined;
  return totp.counter({ timestamp }) + delta;
}

function recoveryHashes(json: string | null): string[] {
  return json === null ? [] : (JSON.parse(json) as string[]);
}

/** A recovery code as typed (any case, with or without dashes and spaces) in its one stored form. */
function normaliseRecoveryCode(code: string): string | undefined {
  const plain = code.toUpperCase().replace(/[\s-]/g, '');
  if (plain.length !== 12 || [...plain].some((c) => !RECOVERY_ALPHABET.includes(c))) return undefined;
  return plain;
}

/** Ten new recovery codes like "ABCD-EFGH-JKLM", and the JSON list of their hashes to store. */
function newRecoveryCodes(): { codes: string[]; stored: string } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 32 symbols: the low five bits of a random byte pick one without bias.
    const chars = [...randomBytes(12)].map((byte) => RECOVERY_ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
  const stored = JSON.stringify(codes.map((code) => hashSecret(normaliseRecoveryCode(code) as string)));
  return { codes, stored };
}

/**
 * Spends a recovery code: removes its hash from the stored list with a compare-and-swap, so two requests at
 * once cannot both spend it. False when it is not one of the person's unused codes.
 */
async function spendRecoveryCode(ctx: ServiceContext, person: MfaSubject, code: string): Promise<boolean> {
  const plain = normaliseRecoveryCode(code);
  if (plain === undefined) return false;
  const hash = hashSecret(plain);
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await findRecoveryCodes(ctx.db, person.board_id, person.id);
    const hashes = recoveryHashes(stored);
    if (stored === null || !hashes.includes(hash)) return false;
    const rest = JSON.stringify(hashes.filter((h) => h !== hash));
    if (await swapRecoveryCodes(ctx.db, person.board_id, person.id, stored, rest)) return true;
  }
  return false;
}

/**
 * Checks the second step of a person with TOTP in force: a current authenticator code (accepted once) or an
 * unused recovery code (spent). Never throws on a wrong code; answers false.
 */
async function acceptSecondStep(ctx: ServiceContext, person: MfaSubject, code: string): Promise<boolean> {
  if (person.totp_enabled_at === null || person.totp_secret === null) return false;
  const typed = code.replace(/\s/g, '');
  if (new RegExp(`^\\d{${DIGITS}}$`).test(typed)) {
    const step = stepOf(ctx, person.totp_secret, typed);
    return step !== undefined && claimTotpStep(ctx.db, person.board_id, person.id, step);
  }
  return spendRecoveryCode(ctx, person, code);
}

/** Thrown inside the lockout's check to leave it before it counts a failure or clears the count. */
const SECOND_STEP_MISSING = Symbol('second step missing');

export type SignInCheck = 'signed-in' | 'wrong' | 'second-step-missing';

/**
 * One sign-in attempt with a password and, for a person with TOTP in force, its second step, under the
 * lockout (checkWithLockout): a wrong password or a wrong or reused code counts as a failed attempt. A right
 * password without a code answers `second-step-missing` and counts as nothing: the reserved attempt is given
 * back, and the count is not cleared either (else knowing the password would buy endless code guesses).
 * Throws ACCOUNT_LOCKED like checkWithLockout.
 */
export async function checkSignIn(
  ctx: ServiceContext,
  settings: Pick<BoardSettings, 'lockoutThreshold' | 'lockoutMinutes'>,
  person: MfaSubject,
  passwordMatches: () => Promise<boolean>,
  totpCode: string | undefined,
): Promise<SignInCheck> {
  const check = async () => {
    if (!(await passwordMatches())) return false;
    if (person.totp_enabled_at === null) return true;
    if (totpCode === undefined || totpCode.trim() === '') throw SECOND_STEP_MISSING;
    return acceptSecondStep(ctx, person, totpCode);
  };
  try {
    const ok = await checkWithLockout(ctx.db, ctx.clock.now(), settings, person, 'password', check, (ms) =>
      ctx.clock.sleep(ms),
    );
    return ok ? 'signed-in' : 'wrong';
  } catch (error) {
    if (error !== SECOND_STEP_MISSING) throw error;
    await releaseAttempt(ctx.db, person.id);
    return 'second-step-missing';
  }
}

// ---- the signed-in staff member's own two-step verification ----

async function ownSubject(ctx: ServiceContext, actor: Actor): Promise<MfaSubject> {
  authorise(actor, 'profile.mfa', { kind: 'person', boardId: actor.boardId, personId: actor.personId });
  const subject = await findMfaSubjectById(ctx.db, actor.boardId, actor.personId);
  if (!subject) throw new AppError('UNAUTHENTICATED');
  return subject;
}

/**
 * A code for an in-force factor (turning it off, new recovery codes), checked under the lockout so that a
 * session cannot guess codes without end. MFA_CODE_INVALID when wrong; ACCOUNT_LOCKED after too many.
 */
async function assertSecondStep(ctx: ServiceContext, subject: MfaSubject, code: string): Promise<void> {
  const settings = await getBoardSettings(ctx.db, subject.board_id);
  const ok = await checkWithLockout(
    ctx.db,
    ctx.clock.now(),
    settings,
    subject,
    'password',
    () => acceptSecondStep(ctx, subject, code),
    (ms) => ctx.clock.sleep(ms),
  );
  if (!ok) throw new AppError('MFA_CODE_INVALID', undefined, [{ field: 'code', message: 'not correct' }]);
}

export interface TotpEnrolment {
  /** The secret in base32, to type into an app that cannot scan. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code: an SVG image as a data URL. */
  qrDataUrl: string;
}

/**
 * Starts setting up an authenticator app: a new secret, stored sealed but not in force until confirmed with a
 * code from the app. Starting again replaces a secret not yet confirmed. MFA_ALREADY_ENABLED while one is on.
 */
export async function startTotpEnrolment(ctx: ServiceContext, { actor }: Caller): Promise<TotpEnrolment> {
  const subject = await ownSubject(ctx, actor);
  if (subject.totp_enabled_at !== null) throw new AppError('MFA_ALREADY_ENABLED');
  const board = await getBoardSummary(ctx.db, actor.boardId);
  const secret = new Secret({ size: 20 }).base32;
  const totp = totpOf(secret, `${board.name} (${subject.email ?? subject.id})`);
  const otpauthUrl = totp.toString();
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  await updateMfaById(ctx.db, actor.boardId, actor.personId, {
    ...NO_MFA,
    totp_secret: ctx.secrets.seal(secret),
    updated_at: isoNow(ctx.clock),
  });
  return {
    secret,
    otpauthUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/**
 * Puts the new secret in force once the app shows a right code, and answers ten recovery codes (shown this
 * once; only their hashes are kept). The confirming code cannot be used again to sign in.
 */
export async function confirmTotpEnrolment(
  ctx: ServiceContext,
  caller: Caller,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const { actor } = caller;
  const subject = await ownSubject(ctx, actor);
  if (subject.totp_enabled_at !== null) throw new AppError('MFA_ALREADY_ENABLED');
  if (subject.totp_secret === null) throw new AppError('MFA_ENROLMENT_NOT_STARTED');
  const typed = code.replace(/\s/g, '');
  const step = /^\d+$/.test(typed) ? stepOf(ctx, subject.totp_secret, typed) : undefined;
  if (step === undefined) {
    throw new AppError('MFA_CODE_INVALID', undefined, [{ field: 'code', message: 'not correct' }]);
  }
  const { codes, stored } = newRecoveryCodes();
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await updateMfaById(trx, actor.boardId, actor.personId, {
      totp_enabled_at: now,
      totp_last_step: step,
      recovery_codes: stored,
      updated_at: now,
    });
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'profile.mfa.enable',
      targetType: subject.kind,
      targetId: actor.personId,
      locationIds: [],
    });
  });
  return { recoveryCodes: codes };
}

/**
 * Turns one's own two-step verification off, with a current code or a recovery code. MFA_REQUIRED_BY_BOARD
 * when the board requires it of this person.
 */
export async function disableTotp(ctx: ServiceContext, caller: Caller, code: string): Promise<void> {
  const { actor } = caller;
  const subject = await ownSubject(ctx, actor);
  if (subject.totp_enabled_at === null) throw new AppError('MFA_NOT_ENABLED');
  const settings = await getBoardSettings(ctx.db, actor.boardId);
  if (mfaRequiredFor(settings.mfaRequired, actor)) throw new AppError('MFA_REQUIRED_BY_BOARD');
  await assertSecondStep(ctx, subject, code);
  await ctx.db.transaction().execute(async (trx) => {
    await updateMfaById(trx, actor.boardId, actor.personId, { ...NO_MFA, updated_at: isoNow(ctx.clock) });
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'profile.mfa.disable',
      targetType: subject.kind,
      targetId: actor.personId,
      locationIds: [],
    });
  });
}

/** Replaces one's recovery codes with ten new ones (the old ones stop working), with a current code. */
export async function renewRecoveryCodes(
  ctx: ServiceContext,
  caller: Caller,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const { actor } = caller;
  const subject = await ownSubject(ctx, actor);
  if (subject.totp_enabled_at === null) throw new AppError('MFA_NOT_ENABLED');
  await assertSecondStep(ctx, subject, code);
  const { codes, stored } = newRecoveryCodes();
  await ctx.db.transaction().execute(async (trx) => {
    const now = isoNow(ctx.clock);
    await updateMfaById(trx, actor.boardId, actor.personId, { recovery_codes: stored, updated_at: now });
    await recordAudit(trx, ctx, caller, {
      boardId: actor.boardId,
      action: 'profile.mfa.recovery',
      targetType: subject.kind,
      targetId: actor.personId,
      locationIds: [],
    });
  });
  return { recoveryCodes: codes };
}

/**
 * Turns a person's two-step verification off (an administrator's reset for a lost phone; the caller has
 * authorised it). Runs in the caller's transaction; answers whether anything was on or being set up.
 */
export async function removeMfa(
  db: ServiceContext['db'],
  ctx: Pick<ServiceContext, 'clock'>,
  boardId: string,
  personId: string,
): Promise<boolean> {
  const subject = await findMfaSubjectById(db, boardId, personId);
  if (!subject || (subject.totp_secret === null && subject.totp_enabled_at === null)) return false;
  await updateMfaById(db, boardId, personId, { ...NO_MFA, updated_at: isoNow(ctx.clock) });
  return true;
}
