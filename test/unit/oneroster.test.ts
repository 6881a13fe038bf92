import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseOneRosterFiles, parseOneRosterZip } from '../../src/modules/imports/oneroster.ts';
import {
  jaargroepFromOneRosterGrades,
  oneRosterGradeFromJaargroep,
} from '../../src/modules/imports/oneroster-grades.ts';
import {
  DEFAULT_LIMITS,
  ImportFileError,
  type ImportFileProblem,
  type Roster,
} from '../../src/modules/imports/roster.ts';

/** The shared OneRoster test data: ../shared/data/oneroster from the repository root (never copied into it). */
const DATA = fileURLToPath(new URL('../../../shared/data/oneroster/', import.meta.url));

/** Every CSV file of a data set (its sub-folders too), by path relative to the set. */
function readSet(set: string): Map<string, Buffer> {
  const root = path.join(DATA, set);
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.csv')) files.set(path.relative(root, full), fs.readFileSync(full));
    }
  };
  walk(root);
  return files;
}

function zipFiles(files: Map<string, Buffer | Uint8Array>): Buffer {
  return Buffer.from(
    zipSync(Object.fromEntries([...files].map(([name, bytes]) => [name, new Uint8Array(bytes)]))),
  );
}

/** Reads a set both ways — as separate files and zipped — checks they agree, and returns the roster. */
function readBothWays(files: Map<string, Buffer>): Roster {
  const fromFiles = parseOneRosterFiles(files);
  const fromZip = parseOneRosterZip(zipFiles(files));
  expect(fromZip).toEqual(fromFiles);
  return fromFiles;
}

function problemOf(action: () => unknown): { problem: ImportFileProblem; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof ImportFileError) return { problem: error.problem, message: error.message };
    throw error;
  }
  throw new Error('expected an ImportFileError');
}

function timed<T>(action: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = action();
  return { result, ms: performance.now() - start };
}

const keysOf = (people: { sourceKey: string | null }[]) => people.map((person) => person.sourceKey);
const person = (roster: Roster, key: string) =>
  [...roster.staff, ...roster.students].find((candidate) => candidate.sourceKey === key);

// --- Small OneRoster sets written in the test, with the official headers -------------------------------------------

type Rows = Record<string, string>[];
type SetRows = Partial<Record<'orgs' | 'classes' | 'users' | 'enrollments' | 'roles' | 'demographics', Rows>>;

function csvValue(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function specHeader(version: 'v1.1' | 'v1.2', file: string): string[] {
  return fs
    .readFileSync(path.join(DATA, 'spec-headers', version, file), 'utf8')
    .trim()
    .split(',');
}

function csvFile(header: string[], rows: Rows): Buffer {
  const lines = [
    header.join(','),
    ...rows.map((row) => header.map((column) => csvValue(row[column] ?? '')).join(',')),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const school = {
  sourcedId: 'school-1',
  status: 'active',
  name: 'De Regenboog',
  type: 'school',
  identifier: '12AB00',
};
const class3a = { sourcedId: 'class-3a', title: 'Groep 3A', grades: '01', schoolSourcedId: 'school-1' };
const teacher = {
  sourcedId: 't-1',
  givenName: 'Anna',
  middleName: 'Maria',
  familyName: 'de Vries',
  email: 'anna.devries@regenboog.example',
  username: 'anna.devries',
  sms: '0612345678',
  phone: '0201234567',
  password: 'Welkom123!',
};
const student = {
  sourcedId: 's-1',
  givenName: 'Sem',
  familyName: 'Jansen',
  username: 'sem.jansen',
  grades: '01',
  userIds: '{LDAP:4711}',
  password: 'Geheim-456',
};

/** A OneRoster 1.1 set: a school, class 3A, a teacher and a student in it; `rows` replace or add to that. */
function v11(rows: SetRows = {}): Map<string, Buffer> {
  const users: Rows = rows.users ?? [
    { ...teacher, role: 'teacher', orgSourcedIds: 'school-1' },
    { ...student, role: 'student', orgSourcedIds: 'school-1' },
  ];
  return new Map([
    ['orgs.csv', csvFile(specHeader('v1.1', 'orgs.csv'), rows.orgs ?? [school])],
    ['classes.csv', csvFile(specHeader('v1.1', 'classes.csv'), rows.classes ?? [class3a])],
    ['users.csv', csvFile(specHeader('v1.1', 'users.csv'), users)],
    [
      'enrollments.csv',
      csvFile(
        specHeader('v1.1', 'enrollments.csv'),
        rows.enrollments ?? [
          { sourcedId: 'e-1', classSourcedId: 'class-3a', userSourcedId: 't-1', role: 'teacher' },
          { sourcedId: 'e-2', classSourcedId: 'class-3a', userSourcedId: 's-1', role: 'student' },
        ],
      ),
    ],
  ]);
}

/** The same set in OneRoster 1.2: roles.csv says who is what, plus demographics.csv with a birth date. */
function v12(rows: SetRows = {}): Map<string, Buffer> {
  const files = v11(rows);
  files.set(
    'users.csv',
    csvFile(
      specHeader('v1.2', 'users.csv'),
      rows.users ?? [
        { ...teacher, pronouns: 'she/her', preferredGivenName: 'Ankie' },
        { ...student, primaryOrgSourcedId: 'school-1', userMasterIdentifier: 'eck-1' },
      ],
    ),
  );
  files.set(
    'roles.csv',
    csvFile(
      specHeader('v1.2', 'roles.csv'),
      rows.roles ?? [
        {
          sourcedId: 'r-1',
          userSourcedId: 't-1',
          roleType: 'primary',
          role: 'teacher',
          orgSourcedId: 'school-1',
        },
        {
          sourcedId: 'r-2',
          userSourcedId: 's-1',
          roleType: 'primary',
          role: 'student',
          orgSourcedId: 'school-1',
        },
      ],
    ),
  );
  files.set(
    'demographics.csv',
    csvFile(
      specHeader('v1.2', 'demographics.csv'),
      rows.demographics ?? [
        { sourcedId: 's-1', birthDate: '2017-03-14', sex: 'male', cityOfBirth: 'Utrecht' },
      ],
    ),
  );
  return files;
}

// --- Hand-made zips, for what fflate will not write: lying sizes, unsafe paths ------------------------------------

interface RawEntry {
  name: string;
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size the zip claims. */
  size: number;
}

function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(entry.data));
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * A raw DEFLATE stream of `bytes` zero bytes that is about 1/160 of that: one fixed-Huffman block holding a literal 0
 * and then "copy 258 bytes from 1 back" over and over (13 bits each). Written by hand because compressing hundreds of
 * megabytes in a test takes seconds.
 */
function deflatedZeros(bytes: number): Uint8Array {
  const copies = Math.floor((bytes - 1) / 258);
  const out = new Uint8Array(Math.ceil(((copies + 2) * 13 + 20) / 8));
  let bit = 0;
  const put = (value: number, length: number, huffman: boolean) => {
    for (let i = 0; i < length; i++) {
      const set = huffman ? (value >> (length - 1 - i)) & 1 : (value >> i) & 1;
      if (set) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
      bit++;
    }
  };
  put(1, 1, false); // last block
  put(1, 2, false); // fixed Huffman codes
  put(0x30, 8, true); // literal 0
  for (let i = 0; i < copies; i++) {
    put(0b11000101, 8, true); // length 258 (code 285)
    put(0, 5, true); // distance 1 (code 0)
  }
  put(0, 7, true); // end of block
  return out.subarray(0, (bit + 7) >> 3);
}

describe('OneRoster reader', () => {
  describe('when reading the public data sets, as separate files and as a zip', () => {
    it('should read Test_full_data_set (1.1): the department classes use becomes a location, the class to be deleted and the parent are left out', () => {
      const roster = readBothWays(readSet('Test_full_data_set'));
      expect(roster.format).toBe('oneroster');
      // orgs.csv has one org, of type department, that the classes point to.
      expect(roster.locations).toEqual([
        {
          origin: { file: 'orgs.csv', row: 2 },
          sourceKey: 'org-sch-222-456',
          name: 'History Department',
          code: 'History',
        },
      ]);
      // cls-222-123478 is "tobedeleted"; cls-222-123456 is for grades 09, 10 and 11: a combination group.
      expect(roster.groups).toEqual([
        {
          origin: { file: 'classes.csv', row: 2 },
          sourceKey: 'cls-222-123456',
          name: 'Introduction to Physics',
          locationKey: 'org-sch-222-456',
          grade: 'C',
        },
      ]);
      // Six users: two teachers, three students and a parent (usr-222-1234561, not imported).
      expect(keysOf(roster.staff)).toEqual(['usr-222-123456', 'usr-222-987654']);
      expect(keysOf(roster.students)).toEqual(['usr-222-66778899', 'usr-222-1234561232', 'usr-222-567891']);
      expect(person(roster, 'usr-222-123456')).toEqual({
        origin: { file: 'users.csv', row: 2 },
        kind: 'staff',
        sourceKey: 'usr-222-123456',
        eckId: null,
        firstName: 'John',
        infix: null,
        lastName: 'Doe',
        email: 'john.doe@myschool.com',
        username: 'john.doe',
        groupKeys: ['cls-222-123456'],
        locationKeys: ['org-sch-222-456'],
      });
      expect(person(roster, 'usr-222-1234561232')?.groupKeys).toEqual(['cls-222-123456']);
      // Jim Smith is a teacher in users.csv but enrolled as a student (enrollments.csv line 3); the enrollments of
      // the class to be deleted (lines 5–7) go quietly with it.
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'enrollments.csv', row: 3 },
          field: 'role',
          code: 'ENROLLMENT_ROLE_MISMATCH',
          params: { kind: 'staff', role: 'student' },
          reason: 'The user is staff, but is enrolled in this class as student.',
        },
      ]);
    });

    it('should read Test_minimal_data_set (1.1) with its empty statuses and columns', () => {
      const roster = readBothWays(readSet('Test_minimal_data_set'));
      expect(roster.locations.map((location) => [location.sourceKey, location.code])).toEqual([
        ['org-sch-222-456', null],
      ]);
      expect(roster.groups.map((group) => [group.sourceKey, group.name, group.grade])).toEqual([
        ['cls-222-123456', 'Introduction to Physics', null],
        ['cls-222-123478', 'History - 2', null],
      ]);
      expect(roster.staff).toHaveLength(2);
      expect(roster.students).toHaveLength(3);
      expect(person(roster, 'usr-222-123456')?.groupKeys).toEqual(['cls-222-123456', 'cls-222-123478']);
      expect(person(roster, 'usr-222-123456')?.email).toBeNull();
      expect(roster.rejected.map((rejection) => [rejection.origin.row, rejection.field])).toEqual([
        [3, 'role'],
        [6, 'role'],
      ]);
    });

    it('should read oneroster_test_data (1.2): roles.csv makes Bruce Wayne a student of CLASS_001', () => {
      const roster = readBothWays(readSet('oneroster_test_data'));
      expect(roster.locations.map((location) => location.name)).toEqual(['Gotham High School']);
      expect(roster.groups.map((group) => [group.sourceKey, group.name, group.locationKey])).toEqual([
        ['CLASS_001', 'Basic Detection', 'ORG_1'],
      ]);
      expect(roster.staff).toEqual([]);
      expect(roster.students).toEqual([
        {
          origin: { file: 'users.csv', row: 2 },
          kind: 'student',
          sourceKey: 'USER_0',
          eckId: null,
          firstName: 'Bruce',
          infix: null,
          lastName: 'Wayne',
          email: null,
          username: 'brucewayne',
          groupKeys: ['CLASS_001'],
          locationKeys: ['ORG_1'],
        },
      ]);
      expect(roster.rejected).toEqual([]);
    });

    it('should read the off-spec v1p2_full_dataset for what it is worth, rejecting the one contradiction', () => {
      // Misspelled and trailing empty columns, d/m/yyyy dates, a lowercase userprofiles.csv that copies roles.csv:
      // none of it is in a column Schoolpas reads.
      const roster = readBothWays(readSet('v1p2_full_dataset'));
      expect(roster.locations.map((location) => location.sourceKey)).toEqual(['org-sch-222-456']);
      expect(roster.groups.map((group) => group.sourceKey)).toEqual(['cls-222-123456']);
      // roles.csv: usr-222-123456 is a teacher (primary) and a guardian (secondary); usr-222-1234561 only a
      // site administrator.
      expect(keysOf(roster.staff)).toEqual(['usr-222-123456', 'usr-222-1234561', 'usr-222-987654']);
      expect(keysOf(roster.students)).toEqual(['usr-222-66778899', 'usr-222-1234561232', 'usr-222-567891']);
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'enrollments.csv', row: 3 },
          field: 'role',
          code: 'ENROLLMENT_ROLE_MISMATCH',
          params: { kind: 'staff', role: 'student' },
          reason: 'The user is staff, but is enrolled in this class as student.',
        },
      ]);
    });

    it('should read the messy oat-sa set: columns in another order, a grade column, files in a folder', () => {
      const files = readSet('oat-sa-messy');
      expect([...files.keys()].every((name) => name.startsWith('OneRosterv1p1BaseCSV'))).toBe(true);
      const roster = readBothWays(files);
      expect(roster.locations.map((location) => [location.sourceKey, location.name, location.code])).toEqual([
        ['12345', 'School 1', 'my identifier'],
        ['54321', 'School 2', 'my identifier 2'],
      ]);
      // class1's "grade" is a bare 2: US grade or jaargroep? Left empty.
      expect(roster.groups.map((group) => [group.sourceKey, group.locationKey, group.grade])).toEqual([
        ['class1', '12345', null],
        ['class2', '12345', null],
        ['class3', '54321', null],
      ]);
      expect(
        roster.students.map((student) => [student.sourceKey, student.groupKeys, student.locationKeys]),
      ).toEqual([
        ['user1', ['class1', 'class2'], ['12345']],
        ['user2', ['class3'], ['54321']],
      ]);
      expect(roster.rejected).toEqual([]);
    });

    it('should keep none of the fields Schoolpas does not store', () => {
      for (const set of ['Test_full_data_set', 'oneroster_test_data', 'v1p2_full_dataset', 'oat-sa-messy']) {
        const roster = parseOneRosterFiles(readSet(set));
        const text = JSON.stringify(roster);
        for (const dropped of [
          '2010-04-17', // demographics birthDate
          'Batman.Ru1ez', // password
          'Password1-',
          '6037778888', // sms
          '6032221111', // phone
          'Michael', // middleName
          'he/him', // pronouns
          'LDAP', // userIds
          'metadata.value1', // vendor extension
          'Physics, Biology', // subjects
        ]) {
          expect(text, `${set} keeps ${dropped}`).not.toContain(dropped);
        }
      }
      const roster = parseOneRosterFiles(v12());
      const text = JSON.stringify(roster);
      for (const dropped of [
        '2017-03-14',
        'Utrecht',
        'Welkom123!',
        'Geheim-456',
        '0612345678',
        'Maria',
        'she/her',
      ]) {
        expect(text).not.toContain(dropped);
      }
      for (const someone of [...roster.staff, ...roster.students]) {
        expect(Object.keys(someone).sort()).toEqual(
          [
            'origin',
            'kind',
            'sourceKey',
            'eckId',
            'firstName',
            'infix',
            'lastName',
            'email',
            'username',
            'groupKeys',
            'locationKeys',
          ].sort(),
        );
      }
    });
  });

  describe('when the set is OneRoster 1.1 or 1.2', () => {
    it('should read the same people from 1.1 (users.role) and 1.2 (roles.csv)', () => {
      const older = parseOneRosterFiles(v11());
      const newer = parseOneRosterFiles(v12());
      expect(newer).toEqual(older);
      expect(older.staff.map((someone) => [someone.firstName, someone.infix, someone.lastName])).toEqual([
        ['Anna', null, 'de Vries'],
      ]);
      expect(older.students[0]).toMatchObject({
        sourceKey: 's-1',
        username: 'sem.jansen',
        groupKeys: ['class-3a'],
        locationKeys: ['school-1'],
      });
      expect(older.groups[0]?.grade).toBe('3');
      expect(older.locations[0]?.code).toBe('12AB00');
    });

    it('should refuse 1.2 users without roles.csv, naming it', () => {
      const files = v12();
      files.delete('roles.csv');
      const { problem, message } = problemOf(() => parseOneRosterFiles(files));
      expect(problem).toBe('IMPORT_FILE_INVALID');
      expect(message).toContain('roles.csv');
    });

    it('should let a primary role win, and leave out users who are only parents', () => {
      const roster = parseOneRosterFiles(
        v12({
          users: [teacher, student, { sourcedId: 'p-1', givenName: 'Piet', familyName: 'Jansen' }],
          roles: [
            { sourcedId: 'r-1', userSourcedId: 't-1', roleType: 'secondary', role: 'guardian' },
            { sourcedId: 'r-2', userSourcedId: 't-1', roleType: 'secondary', role: 'aide' },
            { sourcedId: 'r-3', userSourcedId: 't-1', roleType: 'primary', role: 'teacher' },
            { sourcedId: 'r-4', userSourcedId: 's-1', roleType: 'primary', role: 'student' },
            { sourcedId: 'r-5', userSourcedId: 'p-1', roleType: 'primary', role: 'parent' },
          ],
        }),
      );
      expect(keysOf(roster.staff)).toEqual(['t-1']);
      expect(keysOf(roster.students)).toEqual(['s-1']);
      expect(roster.rejected).toEqual([]);
    });

    it('should find files in any case and folder, with a byte order mark and quoted values', () => {
      const files = v11({
        classes: [
          { ...class3a, title: 'Groep 3A, "de Uilen"\nmet twee regels' },
          { ...class3a, sourcedId: 'class-4b', title: 'Groep 4B', grades: '02' },
        ],
      });
      const renamed = new Map<string, Buffer>();
      for (const [name, bytes] of files) {
        renamed.set(
          `Export 2025/${name.toUpperCase()}`,
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]),
        );
      }
      const roster = readBothWays(renamed);
      expect(roster.groups[0]?.name).toBe('Groep 3A, "de Uilen"\nmet twee regels');
      expect(roster.groups.map((group) => group.origin)).toEqual([
        { file: 'CLASSES.CSV', row: 2 },
        { file: 'CLASSES.CSV', row: 4 },
      ]);
      expect(roster.students[0]?.groupKeys).toEqual(['class-3a']);
    });

    it('should read users.csv saved as Windows-1252 or as UTF-16 with a byte order mark', () => {
      const zoe = { ...student, givenName: 'Zoë', familyName: 'Çelik' };
      const text = csvFile(specHeader('v1.1', 'users.csv'), [
        { ...teacher, role: 'teacher', orgSourcedIds: 'school-1' },
        { ...zoe, role: 'student', orgSourcedIds: 'school-1' },
      ]).toString('utf8');
      for (const bytes of [
        Buffer.from(text, 'latin1'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      ]) {
        const files = v11();
        files.set('users.csv', bytes);
        const roster = readBothWays(files);
        expect(roster.students.map((s) => [s.firstName, s.lastName])).toEqual([['Zoë', 'Çelik']]);
        expect(roster.rejected).toEqual([]);
      }
    });

    it('should read rows that trail more empty values than an import may have columns', () => {
      const files = v11();
      const padded = (files.get('users.csv') ?? Buffer.alloc(0))
        .toString()
        .replaceAll('\r\n', `${','.repeat(300)}\r\n`);
      files.set('users.csv', Buffer.from(padded));
      const roster = readBothWays(files);
      expect(keysOf(roster.students)).toEqual(['s-1']);
      expect(roster.rejected).toEqual([]);
    });

    it('should keep `,` as the separator, also for a header with more semicolons than commas', () => {
      const files = v11();
      files.set('orgs.csv', Buffer.from('sourcedId,name;code;x;y,type\nschool-1,De Regenboog,school\n'));
      expect(problemOf(() => parseOneRosterFiles(files)).message).toBe('orgs.csv has no name column.');
    });
  });

  describe('when rows are wrong', () => {
    it('should reject a second row with the same sourcedId and keep the first', () => {
      const roster = parseOneRosterFiles(
        v11({
          users: [
            { ...teacher, role: 'teacher' },
            { ...student, role: 'student' },
            { ...student, givenName: 'Semmy', role: 'student' },
          ],
        }),
      );
      expect(roster.students.map((someone) => someone.firstName)).toEqual(['Sem']);
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'users.csv', row: 4 },
          field: 'sourcedId',
          code: 'DUPLICATE_IN_FILE',
          params: { value: 's-1', field: 'sourcedId', row: 3 },
          reason: 'The value "s-1" of sourcedId is already used in row 3.',
        },
      ]);
    });

    it('should reject an enrollment to a class or user that is not in the files', () => {
      const roster = parseOneRosterFiles(
        v11({
          enrollments: [
            { sourcedId: 'e-1', classSourcedId: 'class-9z', userSourcedId: 's-1', role: 'student' },
            { sourcedId: 'e-2', classSourcedId: 'class-3a', userSourcedId: 's-404', role: 'student' },
            { sourcedId: 'e-3', classSourcedId: 'class-3a', userSourcedId: 's-1', role: 'student' },
          ],
        }),
      );
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'enrollments.csv', row: 2 },
          field: 'classSourcedId',
          code: 'REFERENCE_NOT_IN_FILE',
          params: { kind: 'class', key: 'class-9z', file: 'classes.csv' },
          reason: 'The class "class-9z" is not in classes.csv.',
        },
        {
          origin: { file: 'enrollments.csv', row: 3 },
          field: 'userSourcedId',
          code: 'REFERENCE_NOT_IN_FILE',
          params: { kind: 'user', key: 's-404', file: 'users.csv' },
          reason: 'The user "s-404" is not in users.csv.',
        },
      ]);
      expect(roster.students[0]?.groupKeys).toEqual(['class-3a']);
    });

    it('should reject a user without a name, and say so at its enrollments', () => {
      const roster = parseOneRosterFiles(v11({ users: [{ ...student, givenName: ' ', role: 'student' }] }));
      expect(roster.students).toEqual([]);
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'users.csv', row: 2 },
          field: 'givenName',
          code: 'VALUE_EMPTY',
          params: { field: 'givenName' },
          reason: 'The givenName column is empty.',
        },
        {
          origin: { file: 'enrollments.csv', row: 2 },
          field: 'userSourcedId',
          code: 'REFERENCE_NOT_IN_FILE',
          params: { kind: 'user', key: 't-1', file: 'users.csv' },
          reason: 'The user "t-1" is not in users.csv.',
        },
        {
          origin: { file: 'enrollments.csv', row: 3 },
          field: 'userSourcedId',
          code: 'REFERENCE_NOT_IMPORTED',
          params: { kind: 'user', key: 's-1', file: 'users.csv', line: 2 },
          reason: 'The user "s-1" was not imported (see users.csv line 2).',
        },
      ]);
    });

    it('should import a user with an invalid e-mail address or username without it', () => {
      const roster = parseOneRosterFiles(
        v11({
          users: [
            { ...teacher, email: 'anna at regenboog', role: 'teacher' },
            { ...student, username: 'sem jansen!', role: 'student' },
          ],
        }),
      );
      expect(roster.staff[0]?.email).toBeNull();
      expect(roster.students[0]?.username).toBeNull();
      expect(roster.rejected.map((rejection) => [rejection.origin.row, rejection.field])).toEqual([
        [2, 'email'],
        [3, 'username'],
      ]);
      expect(roster.rejected[0]?.reason).toContain('"anna at regenboog" is not a valid e-mail address');
      expect(roster.rejected.map((rejection) => rejection.code)).toEqual([
        'EMAIL_DROPPED',
        'USERNAME_DROPPED',
      ]);
    });

    it('should reject an unknown role in users.csv, roles.csv and enrollments.csv', () => {
      const older = parseOneRosterFiles(
        v11({
          users: [
            { ...teacher, role: 'janitor' },
            { ...student, role: 'student' },
          ],
          enrollments: [
            { sourcedId: 'e-1', classSourcedId: 'class-3a', userSourcedId: 's-1', role: 'pupil' },
          ],
        }),
      );
      expect(older.staff).toEqual([]);
      expect(older.rejected).toEqual([
        {
          origin: { file: 'users.csv', row: 2 },
          field: 'role',
          code: 'ROLE_UNKNOWN',
          params: { value: 'janitor' },
          reason: '"janitor" is not a OneRoster role Schoolpas knows.',
        },
        {
          origin: { file: 'enrollments.csv', row: 2 },
          field: 'role',
          code: 'ROLE_UNKNOWN',
          params: { value: 'pupil' },
          reason: '"pupil" is not a OneRoster role Schoolpas knows.',
        },
      ]);

      const newer = parseOneRosterFiles(
        v12({
          roles: [
            { sourcedId: 'r-1', userSourcedId: 't-1', roleType: 'primary', role: 'wizard' },
            { sourcedId: 'r-2', userSourcedId: 's-1', roleType: 'primary', role: 'student' },
          ],
        }),
      );
      expect(newer.staff).toEqual([]);
      expect(
        newer.rejected.map((rejection) => [rejection.origin.file, rejection.origin.row, rejection.field]),
      ).toEqual([
        ['users.csv', 2, ''],
        ['roles.csv', 2, 'role'],
        ['enrollments.csv', 2, 'userSourcedId'],
      ]);
    });

    it('should reject a row that ends before a column it needs, or has more values than the header', () => {
      const files = v11();
      files.set(
        'users.csv',
        Buffer.from(
          [
            'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName',
            't-1,active,,TRUE,school-1,teacher,anna.devries,,Anna,de Vries',
            's-1,active,,TRUE,school-1,student,sem.jansen,,Sem',
            's-2,active,,TRUE,school-1,student,lot.bakker,,Lot,Bakker,extra,values',
            's-3,active,,TRUE,school-1,student,mo.ali,,Mo,Ali,,',
          ].join('\n'),
        ),
      );
      const roster = parseOneRosterFiles(files);
      expect(keysOf(roster.students)).toEqual(['s-3']);
      expect(roster.rejected.filter((rejection) => rejection.origin.file === 'users.csv')).toEqual([
        {
          origin: { file: 'users.csv', row: 3 },
          field: 'familyName',
          code: 'ROW_TOO_SHORT',
          params: { field: 'familyName', values: 9, columns: 10 },
          reason: 'The row ends before the familyName column: it has 9 values, the header has 10 columns.',
        },
        {
          origin: { file: 'users.csv', row: 4 },
          field: '',
          code: 'ROW_TOO_LONG',
          params: { values: 12, columns: 10 },
          reason:
            'The row has 12 values, but the header has only 10 columns (is there a value with a comma that is not in quotes?).',
        },
      ]);
    });

    it('should leave out records to be deleted, and what refers to them, without rejecting them', () => {
      const roster = parseOneRosterFiles(
        v11({
          classes: [class3a, { ...class3a, sourcedId: 'class-4b', title: 'Groep 4B', status: 'tobedeleted' }],
          users: [
            { ...teacher, role: 'teacher', status: 'tobedeleted' },
            { ...student, role: 'student' },
          ],
          enrollments: [
            { sourcedId: 'e-1', classSourcedId: 'class-3a', userSourcedId: 't-1', role: 'teacher' },
            { sourcedId: 'e-2', classSourcedId: 'class-4b', userSourcedId: 's-1', role: 'student' },
            { sourcedId: 'e-3', classSourcedId: 'class-3a', userSourcedId: 's-1', role: 'student' },
            {
              sourcedId: 'e-4',
              classSourcedId: 'class-3a',
              userSourcedId: 's-1',
              role: 'student',
              status: 'tobedeleted',
            },
          ],
        }),
      );
      expect(roster.groups.map((group) => group.sourceKey)).toEqual(['class-3a']);
      expect(roster.staff).toEqual([]);
      expect(roster.students[0]?.groupKeys).toEqual(['class-3a']);
      expect(roster.rejected).toEqual([]);
    });

    it('should reject a class whose school is not in orgs.csv, and its enrollments', () => {
      const roster = parseOneRosterFiles(v11({ classes: [{ ...class3a, schoolSourcedId: 'school-9' }] }));
      expect(roster.groups).toEqual([]);
      expect(
        roster.rejected.map((rejection) => [rejection.origin.file, rejection.field, rejection.reason]),
      ).toEqual([
        ['classes.csv', 'schoolSourcedId', 'The school "school-9" is not in orgs.csv.'],
        [
          'enrollments.csv',
          'classSourcedId',
          'The class "class-3a" was not imported (see classes.csv line 2).',
        ],
        [
          'enrollments.csv',
          'classSourcedId',
          'The class "class-3a" was not imported (see classes.csv line 2).',
        ],
      ]);
    });

    it('should import a location whose identifier cannot be a code without one, and skip districts', () => {
      const roster = parseOneRosterFiles(
        v11({
          orgs: [
            { ...school, identifier: 'BRIN/12AB#00' },
            { sourcedId: 'district-1', name: 'Stichting Primo', type: 'district' },
          ],
        }),
      );
      expect(roster.locations.map((location) => [location.sourceKey, location.code])).toEqual([
        ['school-1', null],
      ]);
      expect(roster.rejected).toEqual([
        {
          origin: { file: 'orgs.csv', row: 2 },
          field: 'identifier',
          code: 'LOCATION_CODE_INVALID',
          params: { value: 'BRIN/12AB#00' },
          reason:
            'The identifier "BRIN/12AB#00" cannot be a location code (at most 20 letters, digits, spaces, - and _); ' +
            'the location is imported without a code.',
        },
      ]);
    });
  });

  describe('when grades are read', () => {
    it('should map US grades by age, Dutch and extension values, and several grades to a combination group', () => {
      expect(jaargroepFromOneRosterGrades(['PK'])).toBe('1');
      expect(jaargroepFromOneRosterGrades(['KG'])).toBe('2');
      expect(jaargroepFromOneRosterGrades(['01'])).toBe('3');
      expect(jaargroepFromOneRosterGrades(['06'])).toBe('8');
      expect(jaargroepFromOneRosterGrades(['07'])).toBe('11');
      expect(jaargroepFromOneRosterGrades(['groep 5'])).toBe('5');
      expect(jaargroepFromOneRosterGrades(['ext:jaargroep:S'])).toBe('S');
      expect(jaargroepFromOneRosterGrades(['01', '02'])).toBe('C');
      expect(jaargroepFromOneRosterGrades(['01', '01'])).toBe('3');
      expect(jaargroepFromOneRosterGrades(['13'])).toBeNull();
      expect(jaargroepFromOneRosterGrades(['01', 'Other'])).toBeNull();
      expect(jaargroepFromOneRosterGrades(['3'])).toBeNull();
      expect(jaargroepFromOneRosterGrades([''])).toBeNull();
    });

    it('should read every jaargroep our export writes back to itself', () => {
      const codes = [
        'B',
        'D',
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '11',
        '12',
        '13',
        '14',
        '15',
        '16',
      ];
      for (const code of [...codes, 'S', 'V', 'C', 'N', 'H']) {
        expect(jaargroepFromOneRosterGrades([oneRosterGradeFromJaargroep(code)])).toBe(code);
      }
    });
  });

  describe('when a whole file is wrong', () => {
    it('should refuse a set without users.csv or orgs.csv, naming the file', () => {
      for (const missing of ['users.csv', 'orgs.csv']) {
        const files = v11();
        files.delete(missing);
        const { problem, message } = problemOf(() => parseOneRosterFiles(files));
        expect(problem).toBe('IMPORT_FILE_INVALID');
        expect(message).toContain(missing);
      }
    });

    it('should refuse a missing classes.csv unless the manifest declares it absent', () => {
      const files = v11();
      files.delete('classes.csv');
      files.delete('enrollments.csv');
      expect(problemOf(() => parseOneRosterFiles(files)).message).toContain('classes.csv');
      files.set(
        'manifest.csv',
        Buffer.from(
          'propertyName,value\noneroster.version,1.1\nfile.classes,absent\nfile.enrollments,absent\n',
        ),
      );
      const roster = parseOneRosterFiles(files);
      expect(roster.groups).toEqual([]);
      expect(roster.staff).toHaveLength(1);
    });

    it('should refuse a file without a column it needs, naming both', () => {
      const files = v11();
      files.set('users.csv', Buffer.from('sourcedId,role,givenName\nt-1,teacher,Anna\n'));
      const { problem, message } = problemOf(() => parseOneRosterFiles(files));
      expect(problem).toBe('IMPORT_FILE_INVALID');
      expect(message).toBe('users.csv has no familyName column.');
    });

    it('should refuse what is not a zip, and text that mixes UTF-8 with another encoding', () => {
      expect(problemOf(() => parseOneRosterZip(Buffer.from('sourcedId,name\n'))).problem).toBe(
        'IMPORT_FILE_INVALID',
      );
      const files = v11();
      files.set(
        'orgs.csv',
        Buffer.concat([
          Buffer.from('sourcedId,name,type\nschool-1,Basisschool één,school\n', 'utf8'),
          Buffer.from('school-2,Basisschool één,school\n', 'latin1'),
        ]),
      );
      const { problem, message } = problemOf(() => parseOneRosterFiles(files));
      expect(problem).toBe('IMPORT_FILE_INVALID');
      expect(message).toContain('orgs.csv mixes UTF-8 with another encoding');
    });

    it('should refuse a CSV file whose quote is never closed, naming file and line', () => {
      const files = v11();
      files.set(
        'orgs.csv',
        Buffer.from('sourcedId,name,type\nschool-1,"De Regenboog,school\nschool-2,De Linde,school\n'),
      );
      const { problem, message } = problemOf(() => parseOneRosterFiles(files));
      expect(problem).toBe('IMPORT_FILE_INVALID');
      expect(message).toMatch(/^orgs\.csv line \d+: a value opens a quote \("\) that is never closed\.$/);
    });

    it('should refuse more people than the limit', () => {
      const { problem } = problemOf(() => parseOneRosterFiles(v11(), { ...DEFAULT_LIMITS, maxPeople: 1 }));
      expect(problem).toBe('IMPORT_FILE_TOO_LARGE');
    });
  });

  describe('when the zip or a CSV is hostile', () => {
    it('should refuse a zip bomb that admits its size, from the zip directory alone', () => {
      const size = 200 * 1024 * 1024;
      const zip = rawZip([{ name: 'users.csv', data: deflatedZeros(size), method: 8, size: size }]);
      expect(zip.length).toBeLessThan(2 * 1024 * 1024);
      const { result, ms } = timed(() => problemOf(() => parseOneRosterZip(zip)));
      expect(result.problem).toBe('IMPORT_FILE_TOO_LARGE');
      expect(ms).toBeLessThan(500);
    });

    it('should stop inflating a zip bomb that lies about its size', () => {
      const zip = rawZip([
        { name: 'users.csv', data: deflatedZeros(200 * 1024 * 1024), method: 8, size: 1000 },
      ]);
      const { result, ms } = timed(() => problemOf(() => parseOneRosterZip(zip)));
      expect(result.problem).toBe('IMPORT_FILE_TOO_LARGE');
      expect(result.message).toContain('zip bomb');
      expect(ms).toBeLessThan(1000);
    });

    it('should refuse entries with a path outside the zip, or an absolute one', () => {
      for (const name of [
        '../users.csv',
        'export/../../users.csv',
        '/etc/users.csv',
        'C:\\users.csv',
        '..\\users.csv',
      ]) {
        const files = v11();
        const entries: RawEntry[] = [...files].map(([fileName, data]) => ({
          name: fileName === 'users.csv' ? name : fileName,
          data,
          method: 0,
          size: data.length,
        }));
        const { problem, message } = problemOf(() => parseOneRosterZip(rawZip(entries)));
        expect(problem, name).toBe('IMPORT_FILE_UNSAFE');
        expect(message).toContain('outside');
      }
    });

    it('should refuse a zip with more than 50 entries', () => {
      const files = new Map<string, Buffer>(v11());
      for (let i = 0; i < 60; i++) files.set(`extra/${i}.txt`, Buffer.from('x'));
      expect(problemOf(() => parseOneRosterZip(zipFiles(files))).problem).toBe('IMPORT_FILE_TOO_LARGE');
    });

    it('should refuse a damaged zip', () => {
      const zip = zipFiles(v11());
      const damaged = Buffer.concat([zip.subarray(0, 40), Buffer.alloc(100), zip.subarray(140)]);
      expect(problemOf(() => parseOneRosterZip(damaged)).problem).toBe('IMPORT_FILE_INVALID');
    });

    it('should refuse a CSV with 1,000 columns quickly', () => {
      const files = v11();
      const header = Array.from({ length: 1000 }, (_, i) => `column${i}`).join(',');
      files.set('users.csv', Buffer.from(`${header}\n${'x,'.repeat(999)}x\n`));
      const { result, ms } = timed(() => problemOf(() => parseOneRosterZip(zipFiles(files))));
      expect(result).toEqual({
        problem: 'IMPORT_FILE_INVALID',
        message: 'users.csv line 1: 1000 columns, but an import may have at most 200.',
      });
      expect(ms).toBeLessThan(1000);
    });

    it('should refuse a CSV with a 10 MB line quickly', () => {
      const files = v11();
      const line = `s-9,active,,TRUE,school-1,student,${'a'.repeat(10 * 1024 * 1024)},,Sem,Jansen`;
      files.set(
        'users.csv',
        Buffer.concat([files.get('users.csv') ?? Buffer.alloc(0), Buffer.from(`${line}\n`)]),
      );
      const { result, ms } = timed(() => problemOf(() => parseOneRosterZip(zipFiles(files))));
      expect(result.problem).toBe('IMPORT_FILE_INVALID');
      expect(result.message).toBe(
        'users.csv line 4 is longer than 65536 characters; an import may not have such long lines.',
      );
      expect(ms).toBeLessThan(2000);
    });
  });
});
