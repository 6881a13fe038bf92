import type { Writable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';
import type { GroupRow, MembershipRow } from '../groups/index.ts';
import { oneRosterGradeFromJaargroep } from '../imports/index.ts';
import type { LocationRow } from '../locations/index.ts';
import { type ExportPerson, keyOf } from './list-columns.ts';
import { csvLine, drained } from './spreadsheet.ts';

/**
 * A whole board as OneRoster 1.2 CSV files in a zip, written as a stream: every file is deflated while its rows are
 * read page by page, so memory stays small for 100,000 people.
 *
 * - orgs.csv: the board as the district, its locations as schools (identifier = location code);
 * - academicSessions.csv: the current school year (1 August – 31 July), the term of every class;
 * - courses.csv: one course per location with groups (1.2 requires a course for every class);
 * - classes.csv: the groups (homeroom), grades from the jaargroep (see imports/oneroster-grades.ts);
 * - users.csv: staff and students; familyName is the Dutch last name with its infix ("van Dijk"), as Dutch OneRoster
 *   sources write it; the infix alone is in the extension column `metadata.infix`. No password is ever written;
 * - roles.csv: students as student at the locations of their groups; staff as districtAdministrator (pakketbeheerder),
 *   siteAdministrator (locatiebeheerder) or teacher (any other level, or a group) per location;
 * - enrollments.csv: the group memberships (teacher or student);
 * - manifest.csv: version 1.2 and which files are there (a file without rows is left out and declared absent).
 *
 * Every sourcedId is the row's source key when it came from a source, else our id, so importing the zip into the same
 * board matches every row to itself. Every value passes neutraliseCell (formula injection).
 */

export interface OneRosterSource {
  board: { id: string; name: string; updatedAt: string };
  locations: readonly LocationRow[];
  /** The board's groups, a page at a time. */
  groupPages(): AsyncIterable<GroupRow[]>;
  /** The board's staff or students with their links, a page at a time. */
  peoplePages(kind: 'staff' | 'student'): AsyncIterable<ExportPerson[]>;
  /** Memberships of these groups with each member's source key. */
  membershipsOf(groupIds: readonly string[]): Promise<(MembershipRow & { source_key: string | null })[]>;
  now: Date;
}

const HEADERS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
  courses: [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  classes: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  users: [
    'sourcedId',
    'status',
    'dateLastModified',
    'enabledUser',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    'userMasterIdentifier',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
    'pronouns',
    'metadata.infix',
  ],
  roles: [
    'sourcedId',
    'status',
    'dateLastModified',
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
  enrollments: [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
} as const;
type FileKey = keyof typeof HEADERS;

/** Every file the 1.2 manifest names, in its order; those not written are declared absent. */
const MANIFEST_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItemLearningObjectiveIds',
  'lineItems',
  'lineItemScoreScales',
  'orgs',
  'resources',
  'resultLearningObjectiveIds',
  'results',
  'resultScoreScales',
  'roles',
  'scoreScales',
  'userProfiles',
  'userResources',
  'users',
] as const;

/** Text is deflated in pieces of about this many characters. */
const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

/** One CSV file of the zip, started at its first row (OneRoster allows no files without rows). */
class CsvEntry {
  rows = 0;
  private entry: ZipDeflate | null = null;
  private buffer = '';

  constructor(
    private readonly zip: Zip,
    private readonly name: string,
    private readonly header: readonly string[],
  ) {}

  row(cells: readonly string[]): void {
    if (this.entry === null) {
      this.entry = new ZipDeflate(this.name, { level: 6 });
      this.zip.add(this.entry);
      this.buffer = csvLine(this.header, ',');
    }
    this.buffer += csvLine(cells, ',');
    this.rows += 1;
    if (this.buffer.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.entry !== null && this.buffer !== '') this.entry.push(encoder.encode(this.buffer));
    this.buffer = '';
  }

  end(): void {
    if (this.entry === null) return;
    this.entry.push(encoder.encode(this.buffer), true);
    this.buffer = '';
  }
}

/** The Dutch school year that holds `now`: from 1 August to 31 July. */
function schoolYearOf(now: Date) {
  const start = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return {
    sourcedId: `schoolpas-schoolyear-${start}-${start + 1}`,
    title: `${start}-${start + 1}`,
    startDate: `${start}-08-01`,
    endDate: `${start + 1}-07-31`,
    schoolYear: String(start + 1),
  };
}

type Role = 'districtAdministrator' | 'siteAdministrator' | 'teacher' | 'student';

/** The roles of a person: one per organisation, the first of them primary. */
function rolesOf(person: ExportPerson, boardId: string): { orgId: string; role: Role }[] {
  const roles = new Map<string, Role>();
  if (person.row.kind === 'student') {
    for (const link of person.groups) if (!roles.has(link.locationId)) roles.set(link.locationId, 'student');
    if (roles.size === 0) roles.set(boardId, 'student');
  } else {
    if (person.row.is_board_admin === 1) roles.set(boardId, 'districtAdministrator');
    for (const link of person.levels) {
      roles.set(link.locationId, link.level === 'admin' ? 'siteAdministrator' : 'teacher');
    }
    for (const link of person.groups) if (!roles.has(link.locationId)) roles.set(link.locationId, 'teacher');
    // Staff without any link are still staff of the board.
    if (roles.size === 0) roles.set(boardId, 'teacher');
  }
  return [...roles].map(([orgId, role]) => ({ orgId, role }));
}

/** Writes the board's OneRoster zip into `out` and ends it; throws (leaving `out` to the caller) on failure. */
export async function writeOneRoster(source: OneRosterSource, out: Writable): Promise<void> {
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(Buffer.from(chunk));
    if (final) out.end();
  });
  const written = new Map<FileKey, number>();
  const file = (key: FileKey) => new CsvEntry(zip, `${key}.csv`, HEADERS[key]);
  const finish = async (key: FileKey, entry: CsvEntry) => {
    entry.end();
    written.set(key, entry.rows);
    await drained(out);
  };

  const { board } = source;
  const locationKeys = new Map(source.locations.map((l) => [l.id, keyOf(l)]));
  const orgKey = (id: string) => (id === board.id ? board.id : (locationKeys.get(id) ?? id));
  const year = schoolYearOf(source.now);
  const courseOf = (locationKey: string) => `schoolpas-course-${locationKey}`;

  // orgs.csv
  const orgs = file('orgs');
  orgs.row([board.id, 'active', board.updatedAt, board.name, 'district', '', '']);
  for (const location of source.locations) {
    orgs.row([
      keyOf(location),
      'active',
      location.updated_at,
      location.name,
      'school',
      location.code ?? '',
      board.id,
    ]);
  }
  await finish('orgs', orgs);

  // classes.csv, noting the locations that have classes for courses.csv.
  const classes = file('classes');
  const locationsWithClasses = new Set<string>();
  for await (const groups of source.groupPages()) {
    for (const group of groups) {
      const locationKey = orgKey(group.location_id);
      locationsWithClasses.add(group.location_id);
      classes.row([
        keyOf(group),
        'active',
        group.updated_at,
        group.name,
        group.grade === null ? '' : oneRosterGradeFromJaargroep(group.grade),
        courseOf(locationKey),
        '',
        'homeroom',
        '',
        locationKey,
        year.sourcedId,
        '',
        '',
        '',
      ]);
    }
    classes.flush();
    await drained(out);
  }
  await finish('classes', classes);

  if (classes.rows > 0) {
    const courses = file('courses');
    for (const location of source.locations) {
      if (!locationsWithClasses.has(location.id)) continue;
      const locationKey = keyOf(location);
      courses.row([
        courseOf(locationKey),
        'active',
        location.updated_at,
        year.sourcedId,
        location.name,
        '',
        '',
        locationKey,
        '',
        '',
      ]);
    }
    await finish('courses', courses);
    const sessions = file('academicSessions');
    const updatedAt = source.now.toISOString();
    sessions.row([
      year.sourcedId,
      'active',
      updatedAt,
      year.title,
      'schoolYear',
      year.startDate,
      year.endDate,
      '',
      year.schoolYear,
    ]);
    await finish('academicSessions', sessions);
  }

  // users.csv and roles.csv in one pass over the people: fflate keeps the deflated roles (a few MB for 100,000
  // people) until users.csv is complete, then writes them.
  const users = file('users');
  const roles = file('roles');
  for (const kind of ['staff', 'student'] as const) {
    for await (const people of source.peoplePages(kind)) {
      for (const person of people) {
        const { row } = person;
        const personRoles = rolesOf(person, board.id);
        users.row([
          keyOf(row),
          'active',
          row.updated_at,
          'true',
          row.username ?? '',
          '',
          row.first_name,
          row.infix ? `${row.infix} ${row.last_name}` : row.last_name,
          '',
          '',
          row.email ?? '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          personRoles[0] ? orgKey(personRoles[0].orgId) : '',
          '',
          row.infix ?? '',
        ]);
        personRoles.forEach(({ orgId, role }, index) => {
          roles.row([
            `${row.id}.${orgId}`,
            'active',
            row.updated_at,
            keyOf(row),
            index === 0 ? 'primary' : 'secondary',
            role,
            '',
            '',
            orgKey(orgId),
            '',
          ]);
        });
      }
      users.flush();
      roles.flush();
      await drained(out);
    }
  }
  await finish('users', users);
  await finish('roles', roles);

  const enrollments = file('enrollments');
  for await (const groups of source.groupPages()) {
    const byId = new Map(groups.map((g) => [g.id, g]));
    for (const membership of await source.membershipsOf([...byId.keys()])) {
      const group = byId.get(membership.group_id);
      if (!group) continue;
      enrollments.row([
        `${membership.group_id}.${membership.person_id}`,
        'active',
        membership.created_at,
        keyOf(group),
        orgKey(group.location_id),
        membership.source_key ?? membership.person_id,
        membership.kind === 'staff' ? 'teacher' : 'student',
        'false',
        '',
        '',
      ]);
    }
    enrollments.flush();
    await drained(out);
  }
  await finish('enrollments', enrollments);

  const manifest = new CsvEntry(zip, 'manifest.csv', ['propertyName', 'value']);
  manifest.row(['manifest.version', '1.0']);
  manifest.row(['oneroster.version', '1.2']);
  for (const name of MANIFEST_FILES) {
    const rows = written.get(name as FileKey) ?? 0;
    manifest.row([`file.${name}`, rows > 0 ? 'bulk' : 'absent']);
  }
  manifest.row(['source.systemName', 'Schoolpas']);
  manifest.row(['source.systemCode', 'schoolpas']);
  manifest.end();
  zip.end();
}
