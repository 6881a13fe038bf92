import { fold } from '../../platform/text.ts';
import { isGrade } from '../groups/index.ts';
import { type RejectionCode, type RejectionReason, reasonOf, shortened } from './rejections.ts';
import {
  ImportFileError,
  isStorableEmail,
  isStorableUsername,
  type Roster,
  type RosterGroup,
  type RosterLocation,
  type RosterPerson,
  type RosterRejection,
  STORABLE,
} from './roster.ts';
import { type ColumnMapping, isNeverStoredHeader, type PersonKind } from './tabular-columns.ts';
import type { Table } from './tabular-table.ts';

/**
 * Turning a table's rows into a Roster: one person per row, and the groups and locations the rows name.
 *
 * Keys: a location named in a row is keyed `code:<CODE>` when it looks like a BRIN (+ vestiging) code ("12AB",
 * "12AB00"), else `name:<folded name>`; a group is keyed `name:<folded group name>@<location key>`, so "Groep 3"
 * in two rows of one location is one group, and "Groep 3" of two locations are two.
 *
 * Rejected rows (with the row's line, the column's header text and a reason): no first or last name, a value the
 * console would refuse (too long, an e-mail address that is not one, a username with other characters than
 * letters, digits, `.`, `_`, `-`), or the same key, ECK iD, e-mail address or username as an earlier row; one
 * rejection per faulty column of the row, each with its own reason (so each has its own code and column). A grade
 * that is not a jaargroep code is rejected on its own, once per group: the rows are imported, the group without a
 * grade.
 *
 * Columns that do not say enough to read any row (no first or last name column, groups without a location) throw
 * ColumnsMissingError, with the code the preview shows.
 *
 * The table's cells come trimmed and without the formula-injection quote of a spreadsheet export (see
 * withoutNeutralisingQuote), so an exported list reads back as it was.
 */

/** The mapping names no first or last name column, or groups without any location: no row can be read. */
export class ColumnsMissingError extends ImportFileError {
  readonly reason: RejectionReason;

  constructor(readonly code: Extract<RejectionCode, 'NAME_COLUMNS_MISSING' | 'LOCATION_COLUMN_MISSING'>) {
    const reason = reasonOf(code);
    super('IMPORT_FILE_INVALID', reason.reason);
    this.reason = reason;
  }
}

export interface TableToRosterOptions {
  /**
   * The location for rows that name none (or all rows, when the file has no location column): an existing
   * location of the board, with its source key when it has one. Added to the roster's locations when used.
   */
  defaultLocation?: { name: string; code?: string | null; sourceKey?: string | null };
}

const MAX_NAME = STORABLE.nameLength;
const MAX_INFIX = STORABLE.infixLength;
const MAX_KEY = 255;
const LOCATION_CODE = /^\d{2}[A-Z]{2}(\d{2})?$/i;

export function tableToRoster(
  table: Table,
  kind: PersonKind,
  mapping: ColumnMapping,
  options: TableToRosterOptions = {},
): Roster {
  const usable = (index: number | null | undefined): number | null =>
    index === null || index === undefined || index < 0 || index >= table.headers.length
      ? null
      : isNeverStoredHeader(table.headers[index] ?? '')
        ? null
        : index;
  const column = {
    sourceKey: usable(mapping.sourceKey),
    firstName: usable(mapping.firstName),
    infix: usable(mapping.infix),
    lastName: usable(mapping.lastName),
    email: usable(mapping.email),
    username: usable(mapping.username),
    location: usable(mapping.location),
    grade: usable(mapping.grade),
    eckId: usable(mapping.eckId),
  };
  const groupColumns = mapping.group.map(usable).filter((index): index is number => index !== null);
  if (column.firstName === null || column.lastName === null)
    throw new ColumnsMissingError('NAME_COLUMNS_MISSING');
  if (groupColumns.length > 0 && column.location === null && !options.defaultLocation)
    throw new ColumnsMissingError('LOCATION_COLUMN_MISSING');
  const header = (index: number | null) => (index === null ? '' : (table.headers[index] ?? ''));

  const roster: Roster = {
    format: table.format,
    locations: [],
    groups: [],
    staff: [],
    students: [],
    rejected: [],
  };
  const locations = new Map<string, RosterLocation>();
  const groups = new Map<string, RosterGroup>();
  const seen = {
    sourceKey: new Map<string, number>(),
    eckId: new Map<string, number>(),
    email: new Map<string, number>(),
    username: new Map<string, number>(),
  };
  const defaultLocation = options.defaultLocation ? locationOf(options.defaultLocation) : null;
  const locationsByName = new Map<string, RosterLocation>();
  const rejectedKind = kind === 'staff' ? 'staff' : 'students';
  const groupKeysByName = new Map<string, string>();

  table.rows.forEach((cells, index) => {
    const row = table.rowNumbers[index] ?? index + 2;
    const cell = (at: number | null) => (at === null ? '' : (cells[at] ?? ''));
    const rejections: RosterRejection[] = [];
    const reject = (at: number | null, reason: RejectionReason) =>
      rejections.push({ origin: { row }, kind: rejectedKind, field: header(at), ...reason });
    const tooLong = (at: number | null, max: number) =>
      reject(at, reasonOf('VALUE_TOO_LONG', { field: header(at), max }));

    const firstName = cell(column.firstName);
    const infix = cell(column.infix);
    const lastName = cell(column.lastName);
    const sourceKey = cell(column.sourceKey);
    const eckId = cell(column.eckId);
    const email = cell(column.email);
    const username = cell(column.username);
    const locationName = cell(column.location);
    const groupNames = groupColumns.flatMap((at) =>
      cell(at)
        .split(/[,;]/)
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => ({ name, at })),
    );

    if (firstName === '')
      reject(column.firstName, reasonOf('FIRST_NAME_MISSING', { kind, field: header(column.firstName) }));
    else if (firstName.length > MAX_NAME) tooLong(column.firstName, MAX_NAME);
    if (lastName === '')
      reject(column.lastName, reasonOf('LAST_NAME_MISSING', { kind, field: header(column.lastName) }));
    else if (lastName.length > MAX_NAME) tooLong(column.lastName, MAX_NAME);
    if (infix.length > MAX_INFIX) tooLong(column.infix, MAX_INFIX);
    if (sourceKey.length > MAX_KEY) tooLong(column.sourceKey, MAX_KEY);
    if (eckId.length > MAX_KEY) tooLong(column.eckId, MAX_KEY);
    if (email !== '' && !isStorableEmail(email)) {
      reject(column.email, reasonOf('EMAIL_INVALID', { value: shortened(email) }));
    }
    if (username !== '' && !isStorableUsername(username)) {
      reject(column.username, reasonOf('USERNAME_INVALID', { value: shortened(username) }));
    }
    if (locationName.length > MAX_NAME) tooLong(column.location, MAX_NAME);
    for (const { name, at } of groupNames) if (name.length > MAX_NAME) tooLong(at, MAX_NAME);
    let location = defaultLocation;
    if (locationName !== '') {
      location = locationsByName.get(locationName) ?? locationOf({ name: locationName });
      locationsByName.set(locationName, location);
    }
    if (groupNames.length > 0 && location === null) {
      reject(column.location, reasonOf('GROUP_WITHOUT_LOCATION'));
    }

    // One person per key: a later row with an earlier row's key, ECK iD, e-mail or username is not imported.
    const duplicates: [keyof typeof seen, string, number | null, string][] = [
      ['sourceKey', sourceKey, column.sourceKey, sourceKey],
      ['eckId', eckId, column.eckId, eckId],
      ['email', foldKey(email), column.email, email],
      ['username', foldKey(username), column.username, username],
    ];
    if (rejections.length === 0) {
      for (const [key, value, at, shown] of duplicates) {
        const earlier = value === '' ? undefined : seen[key].get(value);
        if (earlier !== undefined)
          reject(
            at,
            reasonOf('DUPLICATE_IN_FILE', { value: shortened(shown), field: header(at), row: earlier }),
          );
      }
    }

    if (rejections.length > 0) {
      // One rejection per faulty column, each with its own code: a row's problems are all shown at once.
      roster.rejected.push(...rejections);
      return;
    }
    const grade = cell(column.grade);
    const gradeCode = gradeOf(grade);
    for (const [key, value] of duplicates) if (value !== '') seen[key].set(value, row);

    let locationKey: string | null = null;
    if (location) {
      locationKey = location.sourceKey;
      if (!locations.has(locationKey)) {
        const entry = { ...location, origin: { row } };
        locations.set(locationKey, entry);
        roster.locations.push(entry);
      }
    }
    const groupKeys: string[] = [];
    for (const { name } of groupNames) {
      const nameAt = `${name}@${locationKey}`;
      let key = groupKeysByName.get(nameAt);
      if (key === undefined) {
        key = `name:${fold(name)}@${locationKey}`;
        groupKeysByName.set(nameAt, key);
      }
      let group = groups.get(key);
      if (!group) {
        group = {
          origin: { row },
          sourceKey: key,
          name,
          locationKey: locationKey as string,
          grade: gradeCode,
        };
        groups.set(key, group);
        roster.groups.push(group);
        if (grade !== '' && gradeCode === null) {
          roster.rejected.push({
            origin: { row },
            kind: 'groups',
            field: header(column.grade),
            ...reasonOf('GRADE_UNKNOWN', { value: shortened(grade, 20), group: shortened(name) }),
          });
        }
      } else if (group.grade === null) {
        group.grade = gradeCode;
      }
      if (!groupKeys.includes(key)) groupKeys.push(key);
    }

    const person: RosterPerson = {
      origin: { row },
      kind,
      sourceKey: sourceKey || null,
      eckId: eckId || null,
      firstName,
      infix: infix || null,
      lastName,
      email: email || null,
      username: username || null,
      groupKeys,
      locationKeys: groupKeys.length === 0 && locationKey !== null ? [locationKey] : [],
    };
    (kind === 'staff' ? roster.staff : roster.students).push(person);
  });
  return roster;
}

/** fold(), without its Unicode work for the plain ASCII most e-mail addresses and usernames are. */
function foldKey(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value.toLowerCase().replace(/\s+/g, ' ').trim() : fold(value);
}

/** A location from its name or code (see the module comment for its key); row 0 until a row uses it. */
function locationOf(input: {
  name: string;
  code?: string | null;
  sourceKey?: string | null;
}): RosterLocation {
  const name = input.name.trim();
  const code = input.code?.trim() || (LOCATION_CODE.test(name) ? name.toUpperCase() : null);
  const sourceKey = input.sourceKey || (code ? `code:${code.toUpperCase()}` : `name:${fold(name)}`);
  return { origin: { row: 0 }, sourceKey, name, code };
}

/** "5", "groep 5", "Jaargroep 5" and "s" are jaargroep codes; "" and anything else are not. */
function gradeOf(value: string): string | null {
  const code = value
    .replace(/^(jaar)?groep\s*/i, '')
    .trim()
    .toUpperCase();
  return isGrade(code) ? code : null;
}
