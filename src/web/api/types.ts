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
