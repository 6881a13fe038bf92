export type Level = 'read' | 'files' | 'folders' | 'admin';
export type SignInMethod = 'password' | 'pictures' | 'email';
/** Why an account is locked: wrong text passwords (until a time) or wrong pictures (until someone unlocks). */
export type LockReason = 'password' | 'pictures';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface User {
  id: string;
  boardId: string;
  kind: 'staff' | 'student';
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  language: 'nl' | 'en';
  isBoardAdmin: boolean;
  mustChangePassword: boolean;
}

export interface Me {
  user: User;
  board: { id: string; name: string };
  csrfToken: string;
  locations: { locationId: string; level: Level }[];
  groupIds: string[];
  /** False when the server writes mail to its outbox folder instead of sending it. */
  mailConfigured: boolean;
  /** Two-step verification: on or not, required by the board, and whether it must be set up before anything else. */
  mfa: { enabled: boolean; required: boolean; enrolmentRequired: boolean; recoveryCodesLeft: number };
  permissions: {
    boardSettings: boolean;
    locations: boolean;
    createLocations: boolean;
    groups: boolean;
    staff: boolean;
    students: boolean;
    audit: boolean;
  };
}

export interface BoardSettings {
  defaultLanguage: 'nl' | 'en';
  userType: 'primary' | 'secondary';
  usersMayChangeEmail: boolean;
  teachersMayResetPasswords: boolean;
  passwordMinLengthStaff: number;
  passwordMinLengthStudents: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  pictureSequenceLength: number;
  shufflePictures: boolean;
  mfaRequired: 'none' | 'admins' | 'staff';
}

export interface Board {
  id: string;
  name: string;
  settings: BoardSettings;
}

export interface Location {
  id: string;
  name: string;
  code: string | null;
  /** CIDR ranges from which the school sign-in page shows names; board administrators edit them. */
  allowedNetworks: string[];
}

export interface Group {
  id: string;
  name: string;
  locationId: string;
  grade: string | null;
  icon: string | null;
  showOnSignInPage: boolean;
  signInMethod: SignInMethod;
  staffCount?: number;
  studentCount?: number;
}

export interface Staff {
  id: string;
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  language: string;
  isBoardAdmin: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lockReason: LockReason | null;
  locations: { locationId: string; level: Level }[];
  groupIds: string[];
}

export interface Student {
  id: string;
  firstName: string;
  infix: string | null;
  lastName: string;
  displayName: string;
  email: string | null;
  username: string;
  signInMethod: SignInMethod | null;
  privacyConsent: boolean;
  mustChangePassword: boolean;
  hasPicturePassword: boolean;
  lockedUntil: string | null;
  lockReason: LockReason | null;
  groupIds: string[];
}

/** One picture of the picture set (picture passwords and group icons); `label` in the asked language. */
export interface Picture {
  id: string;
  label: string;
  url: string;
}

/** A student's row in a group's "show passwords" overview. */
export interface GroupPasswordItem {
  personId: string;
  displayName: string;
  username: string;
  /** The effective method: the student's own, else the group's. */
  signInMethod: SignInMethod;
  /** Null once the student chose their own password. */
  temporaryPassword: string | null;
  pictureSequence: string[] | null;
  locked: boolean;
}

export interface Member {
  personId: string;
  kind: 'staff' | 'student';
  displayName: string;
}

export interface AuditEvent {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  sourceIp: string | null;
  createdAt: string;
}

export type ImportKind = 'locations' | 'groups' | 'staff' | 'students' | 'memberships';
export type ImportStatus = 'preview' | 'queued' | 'running' | 'applied' | 'failed' | 'discarded';

/** Rows of one kind in an import's preview; for memberships `changed` counts the memberships that end. */
export interface ImportCounts {
  new: number;
  changed: number;
  unchanged: number;
  rejected: number;
}

/** A field of a CSV/Excel import that a column can be mapped to. */
export type ImportField =
  | 'sourceKey'
  | 'firstName'
  | 'infix'
  | 'lastName'
  | 'email'
  | 'username'
  | 'group'
  | 'location'
  | 'grade'
  | 'eckId';

/** Which column (0-based) holds each field; `group` may take several. */
export type ImportMapping = { [F in Exclude<ImportField, 'group'>]?: number | null } & { group?: number[] };

/** A CSV/Excel file's columns: headers, the matched mapping, headers left over and never-stored data. */
export interface ImportColumns {
  headers: string[];
  mapping: ImportMapping;
  unmatched: string[];
  ignored: string[];
}

export interface ImportPreview extends Record<ImportKind, ImportCounts> {
  /** Capped at 1,000. */
  rejected: {
    row: number;
    file?: string;
    kind: ImportKind;
    field: string;
    /** English; the console shows the code's own text when it has one. */
    reason: string;
    /** Stable code of the reason (`importReasons.<code>`); absent in previews stored before codes existed. */
    code?: string;
    params?: Record<string, string | number>;
  }[];
  /** Capped at 1,000. */
  changes: {
    kind: Exclude<ImportKind, 'memberships'>;
    name: string;
    changes: { field: string; from: string | null; to: string | null }[];
  }[];
}

/** What an applied import did, or the problem code it failed with. */
export interface ImportResult {
  created?: Record<ImportKind, number>;
  updated?: Record<Exclude<ImportKind, 'memberships'>, number>;
  removedMemberships?: number;
  newStudents?: number;
  error?: string;
}

export interface ImportView {
  id: string;
  fileName: string;
  format: 'edexml' | 'oneroster' | 'csv' | 'xlsx';
  kind?: 'staff' | 'student' | null;
  status: ImportStatus;
  progress: { done: number; total: number };
  preview: ImportPreview;
  /** For CSV and Excel only; null for EDEXML and OneRoster. */
  columns?: ImportColumns | null;
  result: ImportResult | null;
  createdAt: string;
  updatedAt: string;
}

/** An import in the history list. */
export interface ImportSummary {
  id: string;
  fileName: string;
  format: ImportView['format'];
  kind?: 'staff' | 'student' | null;
  status: ImportStatus;
  progress: { done: number; total: number };
  counts: Record<ImportKind, ImportCounts>;
  result: ImportResult | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A student an import created, with their temporary password while it is still readable. */
export interface ImportPasswordItem {
  id: string;
  name: string;
  username: string;
  groups: string[];
  signInMethod: SignInMethod;
  temporaryPassword: string | null;
}
