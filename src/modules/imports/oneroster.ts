import { type CsvRecord, readCsvLines } from './csv-lines.ts';
import { jaargroepFromOneRosterGrades } from './oneroster-grades.ts';
import { type RejectionReason, reasonOf, shortened } from './rejections.ts';
import {
  DEFAULT_LIMITS,
  ImportFileError,
  isStorableEmail,
  isStorableUsername,
  type ParseLimits,
  type Roster,
  type RosterGroup,
  type RosterLocation,
  type RosterPerson,
  type RosterRejection,
  STORABLE,
} from './roster.ts';
import { formatSize, isZip, unzipSafely } from './zip.ts';

/**
 * The OneRoster CSV reader (1.2, and 1.1 with its `role` and `orgSourcedIds` columns on users.csv): orgs.csv,
 * classes.csv, users.csv, enrollments.csv and — in 1.2 — roles.csv are read into a Roster; every other file
 * (demographics, userProfiles, courses, academic sessions, results …) is never read, and of the files that are, only
 * the columns Schoolpas stores are kept. Columns are found by name in any case and order, files by name in any case
 * and in any folder of the zip. Every file is `,`-separated CSV as the standard says, in UTF-8 (with or without a
 * byte order mark), UTF-16 with a byte order mark, or Windows-1252 (see readCsvLines).
 *
 * What becomes what:
 * - orgs of type school, and every org a class belongs to → locations (code = identifier when it can be one);
 * - classes → groups, with a jaargroep from `grades` (see oneroster-grades.ts);
 * - users whose role is student → students; teacher, aide, administrator (1.1) and the 1.2 school roles
 *   (siteAdministrator, districtAdministrator, systemAdministrator, principal, counselor, proctor) → staff. In 1.2
 *   the user's roles in roles.csv decide (the primary one first), in 1.1 the role column. givenName is the first
 *   name, familyName the last name; middleName is not a Dutch infix and is ignored; the user's orgs that are
 *   locations become its locationKeys;
 * - enrollments → the groupKeys of students (role student) and of staff (the other roles).
 *
 * Left out without a rejection, because they are not mistakes: records whose status is `tobedeleted` (and what
 * refers to them: the enrollments of a class to be deleted, the roles of a user to be deleted), parents, guardians
 * and relatives (people Schoolpas does not hold), and orgs that are neither a school nor used by a class.
 * Rejected row by row, with the file, line, column and a reason: a row without a value it needs or with more values
 * than the header has columns, a second row with the same sourcedId, a reference to a record the files do not have
 * (or that was itself rejected), a user without a name or without a role Schoolpas knows, and an enrollment whose role
 * does not match the user. An invalid e-mail address, username or location code is rejected on its own: the record
 * is imported without it.
 * Refused as a whole (ImportFileError): not a zip, an unsafe or too large zip (see zip.ts), a CSV beyond the limits
 * (see csv-lines.ts), orgs.csv or users.csv missing, classes.csv or enrollments.csv missing without the manifest
 * declaring them absent, a file without a column it needs, or more people than `maxPeople`.
 */

const FILE_NAMES = [
  'manifest.csv',
  'orgs.csv',
  'classes.csv',
  'users.csv',
  'enrollments.csv',
  'roles.csv',
] as const;
type FileName = (typeof FILE_NAMES)[number];

const STUDENT_ROLES = new Set(['student']);
const STAFF_ROLES = new Set([
  'teacher',
  'aide',
  'administrator',
  'siteadministrator',
  'districtadministrator',
  'systemadministrator',
  'principal',
  'counselor',
  'proctor',
]);
/** Roles OneRoster knows for people who are not staff or students of the school; they are not imported. */
const OTHER_ROLES = new Set(['parent', 'guardian', 'relative']);

type RoleClass = 'student' | 'staff' | 'other' | 'unknown';

/** The largest name Schoolpas stores (locations, groups, first and last names). */
const MAX_NAME_LENGTH = STORABLE.nameLength;
/** A location code as the locations API accepts it. */
const LOCATION_CODE = /^[A-Za-z0-9 _-]{1,20}$/;

const SPELLINGS = new Map(
  [
    'sourcedId',
    'status',
    'name',
    'type',
    'identifier',
    'title',
    'grades',
    'schoolSourcedId',
    'givenName',
    'familyName',
    'email',
    'username',
    'role',
    'roleType',
    'orgSourcedIds',
    'orgSourcedId',
    'primaryOrgSourcedId',
    'classSourcedId',
    'userSourcedId',
  ].map((name) => [name.toLowerCase(), name]),
);

/**
 * Reads a OneRoster CSV zip: unzipped safely (zip.ts) — only the files this reader needs are inflated — then read as
 * `parseOneRosterFiles` does. Throws ImportFileError as described at the top of this file.
 */
export function parseOneRosterZip(zip: Buffer, limits: ParseLimits = DEFAULT_LIMITS): Roster {
  if (!isZip(zip)) {
    throw new ImportFileError('IMPORT_FILE_INVALID', 'The file is not a zip file with OneRoster CSV files.');
  }
  const wanted = new Set<string>(FILE_NAMES);
  const entries = unzipSafely(zip, { maxBytes: limits.maxBytes }, (path) => {
    if (path.startsWith('__MACOSX/')) return false;
    return wanted.has(baseName(path).toLowerCase());
  });
  const files = new Map<string, Buffer>();
  for (const [path, bytes] of entries)
    files.set(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return parseOneRosterFiles(files, limits);
}

/**
 * Reads OneRoster CSV files given by name (a path is fine: only the last part counts, in any case); files this reader
 * does not use are ignored. Throws ImportFileError as described at the top of this file; everything else that is
 * wrong ends up in `rejected`.
 */
export function parseOneRosterFiles(
  files: Map<string, Buffer>,
  limits: ParseLimits = DEFAULT_LIMITS,
): Roster {
  let total = 0;
  for (const bytes of files.values()) total += bytes.byteLength;
  if (total > limits.maxBytes) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `The OneRoster files add up to more than ${formatSize(limits.maxBytes)}; an import may be at most that large.`,
    );
  }
  const found = new Map<FileName, { name: string; bytes: Buffer }>();
  for (const [path, bytes] of files) {
    const name = baseName(path);
    const key = FILE_NAMES.find((fileName) => fileName === name.toLowerCase());
    if (!key) continue;
    if (found.has(key)) {
      throw new ImportFileError('IMPORT_FILE_INVALID', `There are two files named ${key}; keep one of them.`);
    }
    found.set(key, { name, bytes });
  }
  const sheet = (key: FileName): Sheet | null => {
    const file = found.get(key);
    return file
      ? new Sheet(file.name, readCsvLines(file.bytes, { limits, file: file.name, separator: ',' }))
      : null;
  };

  const manifest = readManifest(sheet('manifest.csv'));
  const declaredAbsent = (key: FileName) =>
    manifest.get(`file.${key.replace(/\.csv$/, '').toLowerCase()}`) === 'absent';
  const required = (key: FileName): Sheet => {
    const read = sheet(key);
    if (!read) {
      throw new ImportFileError('IMPORT_FILE_INVALID', `${key} is missing from the OneRoster files.`);
    }
    return read;
  };
  const optional = (key: FileName): Sheet | null => (declaredAbsent(key) ? sheet(key) : required(key));

  // An empty file (not even a header) counts as a file without rows, except for orgs.csv and users.csv.
  const withRows = (read: Sheet | null) => (read && read.width > 0 ? read : null);
  const reader = new OneRosterReader(limits);
  const orgs = required('orgs.csv');
  const classes = withRows(optional('classes.csv'));
  const users = required('users.csv');
  const roles = withRows(sheet('roles.csv'));
  const enrollments = withRows(optional('enrollments.csv'));
  if (!users.has('role') && !roles) {
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      'roles.csv is missing from the OneRoster files, and users.csv has no role column: nothing says who is a student.',
    );
  }
  reader.readOrgs(orgs);
  if (classes) reader.readClasses(classes);
  reader.chooseLocations();
  reader.readUsers(users, roles);
  if (enrollments) reader.readEnrollments(enrollments);
  return reader.roster();
}

/** One CSV file with its columns found by name (case-insensitive; the first of two equal names counts). */
class Sheet {
  private readonly columns = new Map<string, { index: number; name: string }>();

  constructor(
    readonly file: string,
    private readonly table: { header: string[]; headerLine: number; records: CsvRecord[] },
  ) {
    table.header.forEach((name, index) => {
      const key = name.toLowerCase();
      if (key !== '' && !this.columns.has(key)) this.columns.set(key, { index, name });
    });
  }

  get records(): CsvRecord[] {
    return this.table.records;
  }

  get width(): number {
    return this.table.header.length;
  }

  has(column: string): boolean {
    return this.columns.has(column);
  }

  /** The column's name as the file spells it (for `field`), or as the standard does when the file lacks it. */
  name(column: string): string {
    return this.columns.get(column)?.name ?? spelled(column);
  }

  index(column: string): number | undefined {
    return this.columns.get(column)?.index;
  }

  value(record: CsvRecord, column: string): string {
    const index = this.index(column);
    return index === undefined ? '' : (record.fields[index] ?? '');
  }

  requireColumns(columns: string[]): void {
    if (this.width === 0) {
      throw new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${this.file} is empty: it has not even a header line.`,
      );
    }
    for (const column of columns) {
      if (!this.has(column)) {
        throw new ImportFileError('IMPORT_FILE_INVALID', `${this.file} has no ${spelled(column)} column.`);
      }
    }
  }
}

/** What became of each sourcedId of one file, so references to it can be judged. */
class Catalog<T> {
  readonly imported = new Map<string, T>();
  private readonly firstLines = new Map<string, number>();
  private readonly left = new Map<string, 'skipped' | 'rejected'>();

  /** The file's name as given (for reasons); set when the file is read. */
  constructor(public file: string) {}

  /** True when a row of the file had this sourcedId, whatever became of it. */
  has(id: string): boolean {
    return this.firstLines.has(id);
  }

  /** The line the id first appeared on, or undefined; records it when it is new. */
  claim(id: string, line: number): number | undefined {
    const first = this.firstLines.get(id);
    if (first === undefined) this.firstLines.set(id, line);
    return first;
  }

  skip(id: string): void {
    this.imported.delete(id);
    this.left.set(id, 'skipped');
  }

  reject(id: string): void {
    this.imported.delete(id);
    if (!this.left.has(id)) this.left.set(id, 'rejected');
  }

  /**
   * Whether a reference to `id` can be followed: null when it was imported, 'skip' when it was left out on purpose
   * (so what refers to it goes quietly too), or why not: the line of its own rejected row, or not in the file.
   */
  follow(id: string): { key: string; file: string; line?: number } | 'skip' | null {
    if (this.imported.has(id)) return null;
    const state = this.left.get(id);
    if (state === 'skipped') return 'skip';
    const line = this.firstLines.get(id);
    const key = shortened(id);
    if (state === 'rejected' && line !== undefined) return { key, file: this.file, line };
    return { key, file: this.file };
  }
}

interface OrgEntry {
  line: number;
  name: string;
  type: string;
  identifier: string;
  identifierField: string;
  file: string;
}

interface UserEntry {
  record: CsvRecord;
  id: string;
  roles: { kind: 'student' | 'staff'; primary: boolean; orgId: string }[];
  /** True when every role roles.csv gives the user is one Schoolpas leaves out (a parent …). */
  otherRolesOnly: boolean;
}

/** Order of the files in `rejected`. */
const FILE_ORDER = ['orgs.csv', 'classes.csv', 'users.csv', 'roles.csv', 'enrollments.csv'];

class OneRosterReader {
  private readonly rejected: RosterRejection[] = [];
  private readonly orgs = new Catalog<OrgEntry>('orgs.csv');
  private readonly classes = new Catalog<RosterGroup>('classes.csv');
  private readonly users = new Catalog<RosterPerson>('users.csv');
  private readonly orgsOfClasses = new Set<string>();
  private readonly locations = new Map<string, RosterLocation>();
  private rolesFile: string | null = null;

  constructor(private readonly limits: ParseLimits) {}

  readOrgs(sheet: Sheet): void {
    this.orgs.file = sheet.file;
    sheet.requireColumns(['sourcedid', 'name']);
    for (const record of this.rows(sheet, this.orgs, ['sourcedid', 'name'])) {
      const id = sheet.value(record, 'sourcedid');
      const name = sheet.value(record, 'name');
      if (!this.checkLength(sheet, record, 'name', name)) {
        this.orgs.reject(id);
        continue;
      }
      this.orgs.imported.set(id, {
        line: record.line,
        name,
        type: sheet.value(record, 'type').toLowerCase(),
        identifier: sheet.value(record, 'identifier'),
        identifierField: sheet.name('identifier'),
        file: sheet.file,
      });
    }
  }

  readClasses(sheet: Sheet): void {
    this.classes.file = sheet.file;
    sheet.requireColumns(['sourcedid', 'title', 'schoolsourcedid']);
    const gradesColumn = sheet.has('grades') ? 'grades' : 'grade';
    for (const record of this.rows(sheet, this.classes, ['sourcedid', 'title', 'schoolsourcedid'])) {
      const id = sheet.value(record, 'sourcedid');
      const title = sheet.value(record, 'title');
      const schoolId = sheet.value(record, 'schoolsourcedid');
      if (!this.checkLength(sheet, record, 'title', title)) {
        this.classes.reject(id);
        continue;
      }
      const problem = this.orgs.follow(schoolId);
      if (problem === 'skip') {
        this.classes.skip(id);
        continue;
      }
      if (problem) {
        this.reject(sheet, record, 'schoolsourcedid', referenceReason('school', problem));
        this.classes.reject(id);
        continue;
      }
      this.orgsOfClasses.add(schoolId);
      this.classes.imported.set(id, {
        origin: { file: sheet.file, row: record.line },
        sourceKey: id,
        name: title,
        locationKey: schoolId,
        grade: jaargroepFromOneRosterGrades(sheet.value(record, gradesColumn).split(',')),
      });
    }
  }

  /** Schools and the orgs classes belong to become locations; other orgs (districts, departments) do not. */
  chooseLocations(): void {
    for (const [id, org] of this.orgs.imported) {
      if (org.type !== 'school' && !this.orgsOfClasses.has(id)) continue;
      let code: string | null = null;
      if (org.identifier !== '') {
        if (LOCATION_CODE.test(org.identifier)) code = org.identifier;
        else {
          this.rejected.push({
            origin: { file: org.file, row: org.line },
            field: org.identifierField,
            ...reasonOf('LOCATION_CODE_INVALID', { value: shortened(org.identifier) }),
          });
        }
      }
      this.locations.set(id, {
        origin: { file: org.file, row: org.line },
        sourceKey: id,
        name: org.name,
        code,
      });
    }
  }

  readUsers(sheet: Sheet, roles: Sheet | null): void {
    this.users.file = sheet.file;
    sheet.requireColumns(['sourcedid', 'givenname', 'familyname']);
    const entries = new Map<string, UserEntry>();
    for (const record of this.rows(sheet, this.users, ['sourcedid', 'givenname', 'familyname'])) {
      const id = sheet.value(record, 'sourcedid');
      const named =
        this.checkLength(sheet, record, 'givenname', sheet.value(record, 'givenname')) &&
        this.checkLength(sheet, record, 'familyname', sheet.value(record, 'familyname'));
      if (!named) {
        this.users.reject(id);
        continue;
      }
      entries.set(id, { record, id, roles: [], otherRolesOnly: false });
    }
    if (roles) this.readRoles(roles, entries);

    let people = 0;
    for (const entry of entries.values()) {
      const person = this.userToPerson(sheet, entry);
      if (person === 'skip') {
        this.users.skip(entry.id);
        continue;
      }
      if (!person) {
        this.users.reject(entry.id);
        continue;
      }
      this.users.imported.set(entry.id, person);
      people++;
      if (people > this.limits.maxPeople) {
        throw new ImportFileError(
          'IMPORT_FILE_TOO_LARGE',
          `The files hold more than ${this.limits.maxPeople} people; an import may hold at most that many.`,
        );
      }
    }
  }

  private readRoles(sheet: Sheet, entries: Map<string, UserEntry>): void {
    sheet.requireColumns(['usersourcedid', 'role']);
    this.rolesFile = sheet.file;
    const catalog = new Catalog<true>(sheet.file);
    const others = new Set<string>();
    for (const record of this.rows(sheet, catalog, ['usersourcedid', 'role'])) {
      const userId = sheet.value(record, 'usersourcedid');
      const role = sheet.value(record, 'role');
      const kind = classifyRole(role);
      if (kind === 'unknown') {
        this.reject(sheet, record, 'role', reasonOf('ROLE_UNKNOWN', { value: shortened(role) }));
        continue;
      }
      const entry = entries.get(userId);
      if (!entry) {
        // A user whose own row was rejected, or who is to be deleted, needs no second word here.
        if (!this.users.has(userId)) {
          this.reject(
            sheet,
            record,
            'usersourcedid',
            reasonOf('REFERENCE_NOT_IN_FILE', {
              kind: 'user',
              key: shortened(userId),
              file: this.users.file,
            }),
          );
        }
        continue;
      }
      if (kind === 'other') {
        others.add(userId);
        continue;
      }
      const orgId = sheet.value(record, 'orgsourcedid');
      if (orgId !== '' && !this.locations.has(orgId)) {
        const orgProblem = this.orgs.follow(orgId);
        if (orgProblem && orgProblem !== 'skip') {
          this.reject(sheet, record, 'orgsourcedid', organisationReason('role', orgProblem));
        }
      }
      entry.roles.push({ kind, primary: sheet.value(record, 'roletype').toLowerCase() === 'primary', orgId });
    }
    for (const userId of others) {
      const entry = entries.get(userId);
      if (entry && entry.roles.length === 0) entry.otherRolesOnly = true;
    }
  }

  /** The person a user row becomes, 'skip' for a parent or the like, or null when the row is rejected. */
  private userToPerson(sheet: Sheet, entry: UserEntry): RosterPerson | 'skip' | null {
    const { record } = entry;
    let kind: 'student' | 'staff';
    const chosen = entry.roles.find((role) => role.primary) ?? entry.roles[0];
    if (chosen) kind = chosen.kind;
    else if (entry.otherRolesOnly) return 'skip';
    else {
      const role = sheet.value(record, 'role');
      const roleClass = classifyRole(role);
      if (role === '') {
        const reason = this.rolesFile
          ? reasonOf('ROLE_NOT_USABLE', { file: this.rolesFile })
          : reasonOf('ROLE_MISSING');
        this.reject(sheet, record, sheet.has('role') ? 'role' : '', reason);
        return null;
      }
      if (roleClass === 'other') return 'skip';
      if (roleClass === 'unknown') {
        this.reject(sheet, record, 'role', reasonOf('ROLE_UNKNOWN', { value: shortened(role) }));
        return null;
      }
      kind = roleClass;
    }

    const locationKeys: string[] = [];
    const addOrg = (orgId: string, column: string | null) => {
      if (orgId === '' || locationKeys.includes(orgId)) return;
      if (this.locations.has(orgId)) {
        locationKeys.push(orgId);
        return;
      }
      const problem = this.orgs.follow(orgId);
      if (column && problem && problem !== 'skip') {
        this.reject(sheet, record, column, organisationReason('user', problem));
      }
    };
    for (const orgId of sheet.value(record, 'orgsourcedids').split(','))
      addOrg(orgId.trim(), 'orgsourcedids');
    addOrg(sheet.value(record, 'primaryorgsourcedid'), 'primaryorgsourcedid');
    for (const role of entry.roles) if (role.kind === kind) addOrg(role.orgId, null);

    let email: string | null = sheet.value(record, 'email');
    if (email === '') email = null;
    else if (!isStorableEmail(email)) {
      this.reject(sheet, record, 'email', reasonOf('EMAIL_DROPPED', { value: shortened(email) }));
      email = null;
    }
    let username: string | null = sheet.value(record, 'username');
    if (username === '') username = null;
    else if (!isStorableUsername(username)) {
      this.reject(sheet, record, 'username', reasonOf('USERNAME_DROPPED', { value: shortened(username) }));
      username = null;
    }

    const { infix, lastName } = dutchName(
      sheet.value(record, 'familyname'),
      sheet.value(record, 'metadata.infix'),
    );
    return {
      origin: { file: sheet.file, row: record.line },
      kind,
      sourceKey: entry.id,
      eckId: null,
      firstName: sheet.value(record, 'givenname'),
      infix,
      lastName,
      email,
      username,
      groupKeys: [],
      locationKeys,
    };
  }

  readEnrollments(sheet: Sheet): void {
    sheet.requireColumns(['classsourcedid', 'usersourcedid', 'role']);
    const catalog = new Catalog<true>(sheet.file);
    for (const record of this.rows(sheet, catalog, ['classsourcedid', 'usersourcedid', 'role'])) {
      const role = sheet.value(record, 'role');
      const kind = classifyRole(role);
      if (kind === 'other') continue;
      if (kind === 'unknown') {
        this.reject(sheet, record, 'role', reasonOf('ROLE_UNKNOWN', { value: shortened(role) }));
        continue;
      }
      const classId = sheet.value(record, 'classsourcedid');
      const classProblem = this.classes.follow(classId);
      if (classProblem === 'skip') continue;
      if (classProblem) {
        this.reject(sheet, record, 'classsourcedid', referenceReason('class', classProblem));
        continue;
      }
      const userId = sheet.value(record, 'usersourcedid');
      const userProblem = this.users.follow(userId);
      if (userProblem === 'skip') continue;
      const person = this.users.imported.get(userId);
      if (userProblem || !person) {
        this.reject(
          sheet,
          record,
          'usersourcedid',
          referenceReason('user', userProblem ?? { key: shortened(userId), file: this.users.file }),
        );
        continue;
      }
      if (person.kind !== kind) {
        this.reject(
          sheet,
          record,
          'role',
          reasonOf('ENROLLMENT_ROLE_MISMATCH', { kind: person.kind, role: shortened(role) }),
        );
        continue;
      }
      if (!person.groupKeys.includes(classId)) person.groupKeys.push(classId);
    }
  }

  roster(): Roster {
    const people = [...this.users.imported.values()];
    const rank = (file: string | undefined) => {
      const index = FILE_ORDER.indexOf((file ?? '').toLowerCase());
      return index === -1 ? FILE_ORDER.length : index;
    };
    return {
      format: 'oneroster',
      locations: [...this.locations.values()],
      groups: [...this.classes.imported.values()],
      staff: people.filter((person) => person.kind === 'staff'),
      students: people.filter((person) => person.kind === 'student'),
      rejected: this.rejected
        .map((rejection, index) => ({ rejection, index }))
        .sort(
          (a, b) =>
            rank(a.rejection.origin.file) - rank(b.rejection.origin.file) ||
            a.rejection.origin.row - b.rejection.origin.row ||
            a.index - b.index,
        )
        .map(({ rejection }) => rejection),
    };
  }

  /**
   * The rows of a file worth looking at: rows that are well-formed, not to be deleted, have their required values,
   * and (when the file has a sourcedId column) a sourcedId not seen before; the others are rejected or skipped here.
   */
  private *rows<T>(sheet: Sheet, catalog: Catalog<T>, required: string[]): Generator<CsvRecord> {
    const hasId = sheet.has('sourcedid');
    for (const record of sheet.records) {
      const id = hasId ? sheet.value(record, 'sourcedid') : '';
      const shape = this.checkShape(sheet, record, required);
      if (shape) {
        this.rejected.push(shape);
        // Marked as rejected only when no earlier row has the id (that one stands).
        if (id !== '' && catalog.claim(id, record.line) === undefined) catalog.reject(id);
        continue;
      }
      if (hasId && id !== '') {
        const first = catalog.claim(id, record.line);
        if (first !== undefined) {
          this.reject(
            sheet,
            record,
            'sourcedid',
            reasonOf('DUPLICATE_IN_FILE', {
              value: shortened(id),
              field: sheet.name('sourcedid'),
              row: first,
            }),
          );
          continue;
        }
      }
      if (sheet.value(record, 'status').toLowerCase() === 'tobedeleted') {
        if (id !== '') catalog.skip(id);
        continue;
      }
      const empty = required.find((column) => sheet.value(record, column) === '');
      if (empty) {
        this.reject(sheet, record, empty, reasonOf('VALUE_EMPTY', { field: sheet.name(empty) }));
        if (id !== '') catalog.reject(id);
        continue;
      }
      yield record;
    }
  }

  /** A row that ends before a column it needs, or has values beyond the header's columns. */
  private checkShape(sheet: Sheet, record: CsvRecord, required: string[]): RosterRejection | null {
    const count = record.fields.length;
    if (count < sheet.width) {
      const cut = required.find((column) => (sheet.index(column) ?? 0) >= count);
      if (cut) {
        return {
          origin: { file: sheet.file, row: record.line },
          field: sheet.name(cut),
          ...reasonOf('ROW_TOO_SHORT', { field: sheet.name(cut), values: count, columns: sheet.width }),
        };
      }
    }
    if (count > sheet.width && record.fields.slice(sheet.width).some((field) => field !== '')) {
      return {
        origin: { file: sheet.file, row: record.line },
        field: '',
        ...reasonOf('ROW_TOO_LONG', { values: count, columns: sheet.width }),
      };
    }
    return null;
  }

  private checkLength(sheet: Sheet, record: CsvRecord, column: string, value: string): boolean {
    if (value.length <= MAX_NAME_LENGTH) return true;
    this.reject(
      sheet,
      record,
      column,
      reasonOf('VALUE_TOO_LONG', { field: sheet.name(column), max: MAX_NAME_LENGTH }),
    );
    return false;
  }

  private reject(sheet: Sheet, record: CsvRecord, column: string, reason: RejectionReason): void {
    this.rejected.push({
      origin: { file: sheet.file, row: record.line },
      field: column === '' ? '' : sheet.name(column),
      ...reason,
    });
  }
}

/** A column's name as the OneRoster standard spells it. */
function spelled(column: string): string {
  return SPELLINGS.get(column) ?? column;
}

function classifyRole(role: string): RoleClass {
  const key = role.trim().toLowerCase();
  if (STUDENT_ROLES.has(key)) return 'student';
  if (STAFF_ROLES.has(key)) return 'staff';
  if (OTHER_ROLES.has(key)) return 'other';
  return 'unknown';
}

/** Why a reference to a school, class or user is rejected (see Catalog.follow). */
function referenceReason(
  kind: 'school' | 'class' | 'user',
  problem: { key: string; file: string; line?: number },
): RejectionReason {
  const { key, file, line } = problem;
  return line === undefined
    ? reasonOf('REFERENCE_NOT_IN_FILE', { kind, key, file })
    : reasonOf('REFERENCE_NOT_IMPORTED', { kind, key, file, line });
}

/** Why the organisation of a user or a role is left out, while the user or the role is imported. */
function organisationReason(
  kind: 'role' | 'user',
  problem: { key: string; file: string; line?: number },
): RejectionReason {
  const { key, file, line } = problem;
  return line === undefined
    ? reasonOf('ORGANISATION_NOT_IN_FILE', { kind, key, file })
    : reasonOf('ORGANISATION_NOT_IMPORTED', { kind, key, file, line });
}

function readManifest(sheet: Sheet | null): Map<string, string> {
  const properties = new Map<string, string>();
  if (!sheet) return properties;
  for (const record of sheet.records) {
    const [name, value] = record.fields;
    if (name) properties.set(name.toLowerCase(), (value ?? '').toLowerCase());
  }
  return properties;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/**
 * The Dutch last name and infix of a OneRoster familyName. Dutch sources write the infix in familyName ("van Dijk");
 * the extension column `metadata.infix` (Schoolpas's own export writes it) says which part it is. Without it, or
 * when familyName does not start with it, familyName is the last name as it is.
 */
function dutchName(familyName: string, infix: string): { infix: string | null; lastName: string } {
  const prefix = infix.trim();
  const name = familyName.trim();
  if (prefix === '' || !name.toLowerCase().startsWith(`${prefix.toLowerCase()} `))
    return { infix: null, lastName: name };
  const lastName = name.slice(prefix.length).trim();
  return lastName === ''
    ? { infix: null, lastName: name }
    : { infix: name.slice(0, prefix.length), lastName };
}
