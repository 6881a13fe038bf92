/**
 * Table types for Kysely. Written for both dialects: ids are UUIDv7 text, times are ISO 8601 UTC text,
 * booleans are integers 0/1 (better-sqlite3 binds no booleans), JSON is text. See docs/decisions/0002.
 */
export interface BoardTable {
  id: string;
  name: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface LocationTable {
  id: string;
  board_id: string;
  name: string;
  code: string | null;
  sort_name: string;
  /** JSON array of CIDR ranges from which the location's sign-in page shows names; empty: nowhere. */
  allowed_networks: string;
  /** The import source's key (EDEXML vestiging, OneRoster org), unique per board; null when made by hand. */
  source_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupTable {
  id: string;
  board_id: string;
  location_id: string;
  name: string;
  grade: string | null;
  icon: string | null;
  show_on_sign_in_page: number;
  sign_in_method: string;
  sort_name: string;
  /** The import source's key (EDEXML groep, OneRoster class), unique per board; null when made by hand. */
  source_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  board_id: string;
  kind: 'staff' | 'student';
  first_name: string;
  infix: string | null;
  last_name: string;
  email: string | null;
  /** Lower-cased e-mail: the key for uniqueness per board and for sign-in. */
  email_key: string | null;
  username: string | null;
  username_key: string | null;
  language: string;
  is_board_admin: number;
  sign_in_method: string | null;
  privacy_consent: number;
  /** Argon2id hash of a password the person chose. */
  password_hash: string | null;
  /** Sealed temporary password, readable by teachers/administrators until the person chooses their own. */
  temporary_password: string | null;
  /** Sealed JSON array of picture ids. */
  picture_password: string | null;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  lock_reason: string | null;
  /** The import source's key (EDEXML leerling/leerkracht, OneRoster user), unique per board; null when none. */
  source_key: string | null;
  eck_id: string | null;
  /** Random code on the student's QR sign-in card; null until a card is printed. */
  card_code: string | null;
  /** Sealed TOTP secret: set at enrolment, in force once `totp_enabled_at` is set. */
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** JSON array of SHA-256 hashes of unused recovery codes. */
  recovery_codes: string | null;
  /** The TOTP time step (seconds / 30) of the last code accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  /** Folded (lower case, no accents) first and last name for prefix search. */
  search_first: string;
  search_last: string;
  /** Folded "last first infix" key: Dutch-style sort on last name without infix. */
  sort_name: string;
  created_at: string;
  updated_at: string;
}

export interface StaffLocationTable {
  board_id: string;
  person_id: string;
  location_id: string;
  level: 'read' | 'files' | 'folders' | 'admin';
}

export interface MembershipTable {
  board_id: string;
  group_id: string;
  person_id: string;
  /** The group's location, kept here so lists filter people by location with one index probe. */
  location_id: string;
  kind: 'staff' | 'student';
  created_at: string;
}

/** Derived from memberships and staff_locations: one row per person per location (see the migration). */
export interface PersonLocationTable {
  board_id: string;
  location_id: string;
  person_id: string;
  kind: 'staff' | 'student';
  sort_name: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  id: string;
  person_id: string;
  board_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface OneTimeTokenTable {
  /** SHA-256 of the token. */
  id: string;
  purpose: 'setup' | 'activation' | 'password_reset';
  board_id: string | null;
  person_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditEventTable {
  id: string;
  board_id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  source_ip: string | null;
  created_at: string;
}

export interface AuditEventLocationTable {
  event_id: string;
  board_id: string;
  location_id: string;
}

/** Failed sign-ins from one source address in one time window (the per-address limit across accounts). */
export interface SignInThrottleTable {
  address: string;
  window_start: string;
  failures: number;
}

export interface ImportTable {
  id: string;
  board_id: string;
  created_by: string | null;
  file_name: string;
  format: string;
  kind: string | null;
  status: 'preview' | 'queued' | 'running' | 'applied' | 'failed' | 'discarded';
  scope: string | null;
  roster: string | null;
  preview: string;
  progress_done: number;
  progress_total: number;
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobTable {
  id: string;
  name: string;
  data: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_after: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  boards: BoardTable;
  locations: LocationTable;
  groups: GroupTable;
  people: PersonTable;
  staff_locations: StaffLocationTable;
  memberships: MembershipTable;
  person_locations: PersonLocationTable;
  sessions: SessionTable;
  one_time_tokens: OneTimeTokenTable;
  audit_events: AuditEventTable;
  audit_event_locations: AuditEventLocationTable;
  sign_in_throttle: SignInThrottleTable;
  imports: ImportTable;
  jobs: JobTable;
}
