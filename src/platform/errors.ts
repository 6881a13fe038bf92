/**
 * Every error Schoolpas answers with, in one table: a stable `code` (clients and the console key their
 * translations on it), its HTTP status and an English title. Answers are RFC 9457 problem+json.
 */
export const ERROR_CODES = {
  // General
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  INVALID_CURSOR: { status: 400, title: 'The paging cursor is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Sign in first' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'The CSRF token is missing or does not match the session' },
  FORBIDDEN: { status: 403, title: 'You do not have the rights for this action' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send JSON' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database does not answer' },
  // Auth
  INVALID_CREDENTIALS: { status: 401, title: 'E-mail address or password is not correct' },
  ACCOUNT_LOCKED: { status: 423, title: 'This account is locked; ask your teacher or administrator' },
  SETUP_NOT_AVAILABLE: { status: 409, title: 'Schoolpas has already been set up' },
  SETUP_TOKEN_INVALID: { status: 401, title: 'The setup token is not valid or has been used' },
  TOKEN_INVALID: { status: 400, title: 'The link is not valid, has expired or has already been used' },
  NO_EMAIL_ADDRESS: { status: 409, title: 'This person has no e-mail address to send mail to' },
  ALREADY_ACTIVATED: {
    status: 409,
    title: 'This person has already chosen a password; send a password-reset mail instead',
  },
  PASSWORD_TOO_SHORT: { status: 400, title: 'The password is too short' },
  PASSWORD_INCORRECT: { status: 400, title: 'The current password is not correct' },
  PASSWORD_NOT_READABLE: {
    status: 409,
    title: 'The person chose their own password; it can be reset, not read',
  },
  PASSWORD_TOO_COMMON: { status: 400, title: 'This password is one of the most common ones; choose another' },
  INVALID_PICTURE_SEQUENCE: { status: 400, title: 'The picture password does not fit the picture set' },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    title: 'Too many wrong sign-ins from this network; wait a few minutes and try again',
  },
  MFA_REQUIRED: { status: 401, title: 'Give the code from your authenticator app as well' },
  MFA_ENROLMENT_REQUIRED: {
    status: 403,
    title: 'Your board requires two-step verification: set it up under My profile first',
  },
  MFA_REQUIRED_BY_BOARD: { status: 409, title: 'Your board requires two-step verification for you' },
  MFA_ALREADY_ENABLED: { status: 409, title: 'Two-step verification is already on' },
  MFA_NOT_ENABLED: { status: 409, title: 'Two-step verification is not on' },
  MFA_ENROLMENT_NOT_STARTED: { status: 409, title: 'Start setting up two-step verification first' },
  MFA_CODE_INVALID: { status: 400, title: 'The code is not correct' },
  NETWORK_NOT_ALLOWED: {
    status: 403,
    title: "This school's sign-in page shows names only on the school's own network",
  },
  // Imports
  IMPORT_FORMAT_UNKNOWN: {
    status: 415,
    title: 'This file is not one Schoolpas imports (CSV, Excel, EDEXML, OneRoster)',
  },
  IMPORT_FILE_TOO_LARGE: { status: 413, title: 'The file is larger than an import may be' },
  IMPORT_FILE_INVALID: { status: 400, title: 'The file cannot be read as the format it claims to be' },
  IMPORT_NOT_PENDING: { status: 409, title: 'This import has already been applied, started or discarded' },
  IMPORT_NOT_APPLIED: { status: 409, title: 'This import has not been applied (yet)' },
  IMPORT_FILE_UNSAFE: {
    status: 400,
    title: 'The file contains constructs Schoolpas refuses (DOCTYPE, entities)',
  },
  // Organisation tree
  BOARD_NOT_FOUND: { status: 404, title: 'Board not found' },
  LOCATION_NOT_FOUND: { status: 404, title: 'Location not found' },
  LOCATION_CODE_TAKEN: { status: 409, title: 'Another location of this board has this code' },
  GROUP_NOT_FOUND: { status: 404, title: 'Group not found' },
  TOO_MANY_CARDS: {
    status: 400,
    title: 'At most 1,000 sign-in cards are printed at once; print the rest per group',
  },
  GROUP_TOO_LARGE_FOR_CARDS: {
    status: 400,
    title: 'Sign-in cards are printed for groups of at most 500 students',
  },
  PERSON_NOT_FOUND: { status: 404, title: 'Person not found' },
  STAFF_NOT_FOUND: { status: 404, title: 'Staff member not found' },
  STUDENT_NOT_FOUND: { status: 404, title: 'Student not found' },
  EMAIL_TAKEN: { status: 409, title: 'Another person of this board has this e-mail address' },
  USERNAME_TAKEN: { status: 409, title: 'Another person of this board has this username' },
  ALREADY_MEMBER: { status: 409, title: 'This person is already linked to the group' },
  NOT_A_MEMBER: { status: 404, title: 'This person is not linked to the group' },
  CANNOT_DELETE_SELF: { status: 409, title: 'You cannot delete your own account' },
  LAST_BOARD_ADMIN: { status: 409, title: 'A board needs at least one pakketbeheerder' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  field: string;
  message: string;
}

/** An expected failure with a stable code; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail?: string, errors?: FieldError[]) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = errors;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
}

export function problemOf(error: AppError): Problem {
  const { title, status } = ERROR_CODES[error.code];
  const problem: Problem = { type: 'about:blank', title, status, code: error.code };
  if (error.message !== title) problem.detail = error.message;
  if (error.errors) problem.errors = error.errors;
  return problem;
}
