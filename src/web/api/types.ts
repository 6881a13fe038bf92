export type Level = 'read' | 'files' | 'folders' | 'admin';
export type SignInMethod = 'password' | 'pictures' | 'email';

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
  groupIds: string[];
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
