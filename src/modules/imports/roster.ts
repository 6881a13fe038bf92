import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { RejectionCode } from './rejections.ts';

/**
 * The one shape every import format is read into, before anything is compared or written: the locations, groups,
 * staff and students a file describes, each with the source's own stable key, plus the rows that could not be
 * read and why. Parsers (EDEXML, OneRoster, CSV/Excel) produce it; the preview compares it with the board; the
 * job applies it. It carries only what Schoolpas stores: never a BSN, birth date, address or gender, even when the
 * file has them (parsers drop them on reading).
 */

export type RosterFormat = 'edexml' | 'oneroster' | 'csv' | 'xlsx';

/** Where in the file something came from: a line (CSV, OneRoster, Excel row) or the n-th element (EDEXML). */
export interface RosterOrigin {
  /** File name inside a zip or a set (OneRoster: "users.csv"); omitted for single files. */
  file?: string;
  /** 1-based line or row number (the header is line 1), or the 1-based position of an XML element. */
  row: number;
}

export interface RosterLocation {
  origin: RosterOrigin;
  /** The source's stable key (EDEXML vestiging key or BRIN+vestiging, OneRoster org sourcedId). */
  sourceKey: string;
  name: string;
  /** Location code, e.g. BRIN + vestiging "12AB00"; null when the source has none. */
  code: string | null;
}

export interface RosterGroup {
  origin: RosterOrigin;
  /** EDEXML groep/samengestelde_groep key, OneRoster class sourcedId. */
  sourceKey: string;
  name: string;
  /** sourceKey of the group's location. */
  locationKey: string;
  /** EDEXML jaargroep code ("1"…"8", "S", "C", "N", …) or null. */
  grade: string | null;
}

export interface RosterPerson {
  origin: RosterOrigin;
  kind: 'staff' | 'student';
  /** EDEXML leerling/leerkracht key, OneRoster user sourcedId, or the CSV's key column; null when none. */
  sourceKey: string | null;
  /** ECK iD (EDEXML `eckid`), kept as a second source key; null when none. */
  eckId: string | null;
  firstName: string;
  infix: string | null;
  lastName: string;
  email: string | null;
  username: string | null;
  /** sourceKeys of the groups the person is in (students) or teaches (staff). */
  groupKeys: string[];
  /** sourceKeys of locations the person belongs to without a group (OneRoster orgs of a user). */
  locationKeys: string[];
}

/**
 * A row (or field) that was not imported, and why: a stable code with the values of its text (see rejections.ts,
 * where every code is listed), and the English text an administrator understands.
 */
export interface RosterRejection {
  origin: RosterOrigin;
  /** What the row would have been; when absent the preview guesses from the file name. */
  kind?: 'locations' | 'groups' | 'staff' | 'students' | 'memberships';
  /** The field (column, element or attribute) at fault; "" for the row as a whole. */
  field: string;
  code: RejectionCode;
  /** The values of the code's text; omitted when it has none. */
  params?: Record<string, string | number>;
  /** The code's English text with its params filled in, for the API's users and the CLI. */
  reason: string;
}

export interface Roster {
  format: RosterFormat;
  locations: RosterLocation[];
  groups: RosterGroup[];
  staff: RosterPerson[];
  students: RosterPerson[];
  rejected: RosterRejection[];
}

/**
 * What a roster field may hold so that every row kept can also be stored: the people and locations APIs' own rules
 * (the Name, infix, Email and Username schemas). Every reader checks its rows against these.
 */
export const STORABLE = {
  nameLength: 100,
  infixLength: 20,
  emailLength: 254,
} as const;

/** A username as the people API accepts it. */
export function isStorableUsername(value: string): boolean {
  return USERNAME.test(value);
}

/** An e-mail address the API's `email` format accepts (ajv-formats in its default, full mode), within its length. */
export function isStorableEmail(value: string): boolean {
  return value.length <= STORABLE.emailLength && EMAIL.test(value);
}

const USERNAME = /^[A-Za-z0-9._-]{2,64}$/;
const EMAIL = fullFormats.email as RegExp;

/** Limits every parser keeps, so a hostile file is refused within a second or two and memory stays bounded. */
export interface ParseLimits {
  /** Largest file (or, for a zip, sum of its entries uncompressed) in bytes. */
  maxBytes: number;
  /** Most people (staff + students) in one file. */
  maxPeople: number;
  /** Most columns in a CSV or Excel sheet. */
  maxColumns: number;
  /** Longest line or cell in characters. */
  maxLineLength: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxPeople: 250_000,
  maxColumns: 200,
  maxLineLength: 64 * 1024,
};

/**
 * Why a whole file is refused (nothing of it is imported): a stable code the console translates, and a short
 * English message for the API's `detail`.
 */
export type ImportFileProblem =
  | 'IMPORT_FORMAT_UNKNOWN'
  | 'IMPORT_FILE_TOO_LARGE'
  | 'IMPORT_FILE_INVALID'
  | 'IMPORT_FILE_UNSAFE';

export class ImportFileError extends Error {
  constructor(
    readonly problem: ImportFileProblem,
    message: string,
  ) {
    super(message);
  }
}
