import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateEdexml,
  SYNTHETIC_BIRTH_YEAR,
  SYNTHETIC_BSN_PREFIX,
} from '../../bench/support/edexml-file.ts';
import { parseEdexml } from '../../src/modules/imports/edexml.ts';
import {
  DEFAULT_LIMITS,
  ImportFileError,
  type ImportFileProblem,
  type Roster,
} from '../../src/modules/imports/roster.ts';

// The public samples (Edustandaard's examples, via two open-source EDEXML libraries), read in place, never copied.
const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/data/edexml');
const sample = (file: string) => fs.readFileSync(path.join(SAMPLES, file));

function xmlFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? xmlFiles(path.join(directory, entry.name))
        : entry.name.endsWith('.xml')
          ? [path.join(directory, entry.name)]
          : [],
    );
}

/** A small EDEXML 2.1 file around `body` (the sections after `school`). */
function edexml(body: string, schoolYear = '2025-2026'): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
  <school><schooljaar>${schoolYear}</schooljaar><brincode>12AB</brincode><xsdversie>2.1</xsdversie></school>
  ${body}
</EDEX>`,
  );
}

function problemOf(read: () => unknown): ImportFileProblem | 'none' {
  try {
    read();
    return 'none';
  } catch (error) {
    if (error instanceof ImportFileError) return error.problem;
    throw error;
  }
}

const PERSON_FIELDS = [
  'email',
  'eckId',
  'firstName',
  'groupKeys',
  'infix',
  'kind',
  'lastName',
  'locationKeys',
  'origin',
  'sourceKey',
  'username',
].sort();

describe('EDEXML reader', () => {
  describe('when the public samples are read', () => {
    // Per file: what it holds (vestigingen, groepen, leerlingen, leerkrachten) and what is imported of it.
    const expected: Record<
      string,
      | { locations: number; groups: number; students: number; staff: number; rejected: number }
      | ImportFileProblem
    > = {
      '2.1/samples/EDEXML.Voorbeeld.2.1.xml': { locations: 3, groups: 8, students: 1, staff: 2, rejected: 3 },
      '2.1/samples/EDEXML.Voorbeeld.2.1-Vla.xml': {
        locations: 1,
        groups: 7,
        students: 1,
        staff: 2,
        rejected: 3,
      },
      '2.1/test-fixtures/EDEXML.Voorbeeld.2.1.xml': {
        locations: 3,
        groups: 8,
        students: 1,
        staff: 2,
        rejected: 3,
      },
      // The library's negative fixtures: a misnamed <school> refuses the file; unknown toevoegingen are never read.
      '2.1/test-fixtures/EDEXML.invalid_1.xml': 'IMPORT_FILE_INVALID',
      '2.1/test-fixtures/EDEXML.invalid_toevoegingen.xml': {
        locations: 3,
        groups: 8,
        students: 1,
        staff: 2,
        rejected: 3,
      },
      '1.0.3/samples/sample.xml': { locations: 1, groups: 19, students: 398, staff: 28, rejected: 3 },
      // jaargroep "100" in the first group: the group is imported without a year group, and that is reported.
      '1.0.3/samples/sample-invalid.xml': { locations: 1, groups: 19, students: 398, staff: 28, rejected: 4 },
    };

    it('should read every sample, or refuse it with the right problem, with counts that match the file', () => {
      const files = xmlFiles(SAMPLES).map((file) => path.relative(SAMPLES, file));
      expect(files.sort()).toEqual(Object.keys(expected).sort());
      for (const file of files) {
        const want = expected[file];
        if (typeof want === 'string') {
          expect(
            problemOf(() => parseEdexml(sample(file))),
            file,
          ).toBe(want);
          continue;
        }
        const roster = parseEdexml(sample(file));
        const text = sample(file).toString('utf8');
        // Every leerling and leerkracht in the file is either imported or rejected with a reason.
        const inFile = (tag: string) => (text.match(new RegExp(`<${tag} key=`, 'g')) ?? []).length;
        // A person's row is rejected as a whole, except a user name it is imported without.
        const rejectedPeople = roster.rejected.filter(
          (r) => (r.kind === 'students' || r.kind === 'staff') && r.code !== 'USERNAME_DROPPED',
        ).length;
        expect(roster.students.length + roster.staff.length + rejectedPeople, file).toBe(
          inFile('leerling') + inFile('leerkracht'),
        );
        expect(
          {
            locations: roster.locations.length,
            groups: roster.groups.length,
            students: roster.students.length,
            staff: roster.staff.length,
            rejected: roster.rejected.length,
          },
          file,
        ).toEqual(want);
        expect(roster.format).toBe('edexml');
      }
    });

    it('should prefer the roepnaam, else take the first of the voornamen, and make the voorvoegsel the infix', () => {
      const cito = parseEdexml(sample('1.0.3/samples/sample.xml'));
      expect(cito.students.find((s) => s.sourceKey === '3580')).toMatchObject({
        firstName: 'Anouska',
        infix: 'v. d.',
        lastName: 'Aa',
      });
      const v21 = parseEdexml(sample('2.1/samples/EDEXML.Voorbeeld.2.1.xml'));
      // <voornamen>Ismaël Hassan</voornamen>, no roepnaam.
      expect(v21.students.find((s) => s.sourceKey === '00002')).toMatchObject({
        firstName: 'Ismaël',
        infix: null,
        lastName: 'Assati',
      });
      const both = parseEdexml(
        edexml(`<leerlingen><leerling key="1"><achternaam>Berg</achternaam><voorvoegsel>van den</voorvoegsel>
          <voornamen>Johannes Petrus</voornamen><roepnaam>Hans</roepnaam></leerling></leerlingen>`),
      );
      expect(both.students[0]).toMatchObject({ firstName: 'Hans', infix: 'van den', lastName: 'Berg' });
    });

    it('should keep the key and the ECK iD of students and staff, and the staff e-mail', () => {
      const roster = parseEdexml(sample('2.1/samples/EDEXML.Voorbeeld.2.1.xml'));
      expect(roster.staff.find((s) => s.sourceKey === 'LK2')).toMatchObject({
        kind: 'staff',
        eckId: 'https://id.school/abcde',
        firstName: 'Uilke',
        lastName: 'Veldman',
      });
      const withMail = parseEdexml(
        edexml(`<leerlingen><leerling key="L1" eckid="https://id.school/LL_1"><achternaam>Smit</achternaam>
          <roepnaam>Eva</roepnaam><emailadres>eva@school.example</emailadres></leerling></leerlingen>
          <leerkrachten><leerkracht key="T1" eckid="https://id.school/LK_1"><achternaam>Bos</achternaam>
          <roepnaam>Ria</roepnaam><emailadres>r.bos@school.example</emailadres></leerkracht></leerkrachten>`),
      );
      expect(withMail.students[0]).toMatchObject({
        sourceKey: 'L1',
        eckId: 'https://id.school/LL_1',
        email: 'eva@school.example',
      });
      expect(withMail.staff[0]).toMatchObject({
        kind: 'staff',
        sourceKey: 'T1',
        eckId: 'https://id.school/LK_1',
        email: 'r.bos@school.example',
      });
    });

    it('should make groups and combined groups with their jaargroep, and memberships of both', () => {
      const roster = parseEdexml(
        edexml(`<vestigingen><vestiging key="12AB01"><naam>Noord</naam></vestiging>
            <vestiging key="ZUID"><naam>Zuid</naam></vestiging></vestigingen>
          <groepen><groep key="G4"><naam>Groep 4</naam><jaargroep>4</jaargroep></groep>
            <samengestelde_groep key="SG"><naam>Plusklas</naam></samengestelde_groep>
            <groep key="G5"><naam>Groep 5</naam><jaargroep>5</jaargroep></groep></groepen>
          <leerlingen><leerling key="1"><achternaam>Jansen</achternaam><roepnaam>Tim</roepnaam><groep key="G4"/>
            <samengestelde_groepen><samengestelde_groep key="SG"/></samengestelde_groepen><vestiging key="12AB01"/>
          </leerling><leerling key="2"><achternaam>Visser</achternaam><roepnaam>Sam</roepnaam><groep key="G5"/>
            <vestiging key="ZUID"/></leerling></leerlingen>
          <leerkrachten><leerkracht key="T"><achternaam>Mulder</achternaam><roepnaam>Ans</roepnaam>
            <groepen><groep key="G4"><rol>LRK</rol></groep><samengestelde_groep key="SG"/></groepen>
          </leerkracht></leerkrachten>`),
      );
      expect(roster.locations).toEqual([
        { origin: { row: 1 }, sourceKey: '12AB01', name: 'Noord', code: '12AB01' },
        { origin: { row: 2 }, sourceKey: 'ZUID', name: 'Zuid', code: null },
      ]);
      expect(roster.groups).toEqual([
        { origin: { row: 1 }, sourceKey: 'G4', name: 'Groep 4', locationKey: '12AB01', grade: '4' },
        { origin: { row: 2 }, sourceKey: 'SG', name: 'Plusklas', locationKey: '12AB01', grade: null },
        { origin: { row: 3 }, sourceKey: 'G5', name: 'Groep 5', locationKey: 'ZUID', grade: '5' },
      ]);
      expect(roster.students.map((s) => [s.sourceKey, s.groupKeys, s.locationKeys])).toEqual([
        ['1', ['G4', 'SG'], []],
        ['2', ['G5'], []],
      ]);
      expect(roster.staff[0]?.groupKeys).toEqual(['G4', 'SG']);
      expect(roster.rejected).toEqual([]);
    });

    it('should make one location from the school when the file has no vestigingen', () => {
      const roster = parseEdexml(sample('1.0.3/samples/sample.xml'));
      expect(roster.locations).toEqual([
        { origin: { row: 1 }, sourceKey: '99XX99', name: 'School 99XX99', code: '99XX99' },
      ]);
      expect(new Set(roster.groups.map((g) => g.locationKey))).toEqual(new Set(['99XX99']));
    });

    it('should never return a BSN, birth date, address, gender or nationality from any sample', () => {
      const personal =
        /<(bsn|sofinummer|onderwijsnummer|bsn_ondwnr-4|rijksregisternummer|geboortedatum|postcodenl|postnummerbe|postcodeoverig|instroomdatum|start_ondw_jgr3)>([^<]+)</g;
      for (const file of xmlFiles(SAMPLES)) {
        const text = fs.readFileSync(file, 'utf8');
        if (text.includes('school_incorrect_element')) continue;
        const values = [...text.matchAll(personal)].map((match) => match[2] as string);
        expect(values.length, file).toBeGreaterThan(0);
        const json = JSON.stringify(parseEdexml(Buffer.from(text)));
        // Short ones (the last four BSN digits) only as a whole value: "1234" is also inside an ECK iD.
        for (const value of values)
          expect(json, `${file}: ${value}`).not.toContain(value.length >= 6 ? value : `"${value}"`);
        // Nor any field beyond the roster's own (gender, nationality, weight, … have no place to go).
        const roster = JSON.parse(json) as Roster;
        for (const person of [...roster.students, ...roster.staff])
          expect(Object.keys(person).sort()).toEqual(PERSON_FIELDS);
      }
    });
  });

  describe('when a file has rows that cannot be imported', () => {
    it('should reject a student in a group that is not in the file, naming the row and the field', () => {
      const roster = parseEdexml(
        edexml(`<groepen><groep key="G1"><naam>1A</naam><jaargroep>1</jaargroep></groep>
            <groep key="G2"><jaargroep>2</jaargroep></groep></groepen>
          <leerlingen>
            <leerling key="1"><achternaam>Bakker</achternaam><roepnaam>Lot</roepnaam><groep key="G1"/></leerling>
            <leerling key="2"><achternaam>Smit</achternaam><roepnaam>Bo</roepnaam><groep key="G9"/></leerling>
            <leerling key="3"><achternaam>Bos</achternaam><roepnaam>Jip</roepnaam>
              <samengestelde_groepen><samengestelde_groep key="SG9"/></samengestelde_groepen></leerling>
            <leerling key="4"><achternaam>Vos</achternaam><roepnaam>Ot</roepnaam><groep key="G2"/></leerling>
          </leerlingen>`),
      );
      expect(roster.students.map((s) => s.sourceKey)).toEqual(['1']);
      expect(roster.rejected).toEqual([
        {
          origin: { row: 2 },
          kind: 'groups',
          field: 'naam',
          code: 'NAME_MISSING',
          params: { kind: 'group', field: 'naam' },
          reason: 'The group has no name (naam).',
        },
        {
          origin: { row: 2 },
          kind: 'students',
          field: 'groep',
          code: 'GROUP_NOT_IN_FILE',
          params: { kind: 'student', key: 'G9' },
          reason: 'The student refers to group "G9", which is not in the file.',
        },
        {
          origin: { row: 3 },
          kind: 'students',
          field: 'samengestelde_groep',
          code: 'GROUP_NOT_IN_FILE',
          params: { kind: 'student', key: 'SG9' },
          reason: 'The student refers to group "SG9", which is not in the file.',
        },
        {
          origin: { row: 4 },
          kind: 'students',
          field: 'groep',
          code: 'GROUP_NOT_IMPORTED',
          params: { kind: 'student', key: 'G2' },
          reason: 'The student refers to group "G2", which is not imported (see that group\'s own row).',
        },
      ]);
    });

    it('should reject the second of two records with the same key or ECK iD, and keep the first', () => {
      const roster = parseEdexml(
        edexml(`<groepen><groep key="G"><naam>1A</naam><jaargroep>1</jaargroep></groep>
            <samengestelde_groep key="G"><naam>Plus</naam></samengestelde_groep></groepen>
          <leerlingen>
            <leerling key="1" eckid="E1"><achternaam>Aa</achternaam><roepnaam>An</roepnaam></leerling>
            <leerling key="1"><achternaam>Bee</achternaam><roepnaam>Ben</roepnaam></leerling>
            <leerling key="3" eckid="E1"><achternaam>Cee</achternaam><roepnaam>Cor</roepnaam></leerling>
          </leerlingen>`),
      );
      expect(roster.groups.map((g) => g.name)).toEqual(['1A']);
      expect(roster.students.map((s) => s.lastName)).toEqual(['Aa']);
      expect(roster.rejected.map((r) => [r.origin.row, r.field, r.code])).toEqual([
        [2, 'key', 'DUPLICATE_IN_FILE'],
        [2, 'key', 'DUPLICATE_IN_FILE'],
        [3, 'eckid', 'DUPLICATE_IN_FILE'],
      ]);
      expect(roster.rejected[1]?.params).toEqual({ value: '1', field: 'key', row: 1 });
      expect(roster.rejected[1]?.reason).toBe('The value "1" of key is already used in row 1.');
    });

    it('should reject a person without a last name or first name, and a group without a name', () => {
      const roster = parseEdexml(
        edexml(`<groepen><groep key="G"><jaargroep>1</jaargroep></groep></groepen>
          <leerlingen><leerling key="1"><roepnaam>Wimpie</roepnaam></leerling>
            <leerling key="2"><achternaam>Vos</achternaam></leerling>
            <leerling key="3"><achternaam>Vos</achternaam><voorletters-1>J.</voorletters-1></leerling></leerlingen>`),
      );
      expect(roster.groups).toEqual([]);
      expect(roster.rejected.map((r) => [r.origin.row, r.field, r.code])).toEqual([
        [1, 'naam', 'NAME_MISSING'],
        [1, 'achternaam', 'LAST_NAME_MISSING'],
        [2, 'roepnaam', 'FIRST_NAME_MISSING'],
      ]);
      expect(roster.rejected[1]).toMatchObject({
        kind: 'students',
        params: { kind: 'student', field: 'achternaam' },
        reason: 'The student has no last name (achternaam), which Schoolpas needs.',
      });
      // Only initials: they are the first name rather than losing the person.
      expect(roster.students).toMatchObject([{ sourceKey: '3', firstName: 'J.', lastName: 'Vos' }]);
    });

    it('should reject an invalid e-mail address, and import a person without a user name Schoolpas cannot use', () => {
      const roster = parseEdexml(
        edexml(`<leerlingen><leerling key="1"><achternaam>Aa</achternaam><roepnaam>An</roepnaam>
            <gebruikersnaam>an aa@school</gebruikersnaam></leerling></leerlingen>
          <leerkrachten><leerkracht key="T1"><achternaam>Bee</achternaam><roepnaam>Bas</roepnaam>
            <emailadres>bas@@school</emailadres></leerkracht></leerkrachten>`),
      );
      expect(roster.staff).toEqual([]);
      expect(roster.students).toMatchObject([{ sourceKey: '1', username: null }]);
      expect(roster.rejected.map((r) => [r.origin.row, r.field, r.reason])).toEqual([
        [1, 'gebruikersnaam', expect.stringContaining('imported without it')],
        [1, 'emailadres', '"bas@@school" is not a valid e-mail address.'],
      ]);
    });

    it('should not import a student who left before the date the file describes', () => {
      const roster = parseEdexml(sample('2.1/samples/EDEXML.Voorbeeld.2.1.xml'));
      expect(roster.students.map((s) => s.sourceKey)).not.toContain('12345');
      expect(roster.rejected).toContainEqual({
        origin: { row: 3 },
        kind: 'students',
        field: 'uitstroomdatum',
        code: 'PERSON_LEFT',
        params: { kind: 'student' },
        reason: 'The student left the school before the date the file describes.',
      });
    });

    it('should place groups the file does not place at the school as a whole', () => {
      // Groups have no vestiging in EDEXML: it comes from their students. Kabouters has none.
      const roster = parseEdexml(sample('2.1/samples/EDEXML.Voorbeeld.2.1.xml'));
      expect(roster.locations.map((l) => l.sourceKey)).toEqual(['VH', 'VB', '99ZZ00']);
      const where = Object.fromEntries(roster.groups.map((g) => [g.sourceKey, g.locationKey]));
      // Wimpie (rejected for having no last name) still says GRP4B, sg1 and sg2 are in Huissen.
      expect(where).toMatchObject({ GRP4B: 'VH', sg1: 'VH', sg2: 'VH', '001': '99ZZ00', GRP4A: '99ZZ00' });
      expect(roster.students.find((s) => s.sourceKey === '00002')?.locationKeys).toEqual(['VB']);
    });
  });

  describe('when the school year is after the public XSD list', () => {
    it('should accept 2026-2027, and refuse a year that is not one', () => {
      const body =
        '<leerlingen><leerling key="1"><achternaam>Aa</achternaam><roepnaam>An</roepnaam></leerling></leerlingen>';
      expect(parseEdexml(edexml(body, '2026-2027')).students).toHaveLength(1);
      expect(problemOf(() => parseEdexml(edexml(body, '2026-2028')))).toBe('IMPORT_FILE_INVALID');
    });
  });

  describe('when a file is hostile or not EDEXML', () => {
    const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<EDEX><school><schooljaar>2025-2026</schooljaar></school>
<leerlingen><leerling key="1"><achternaam>&lol9;</achternaam><roepnaam>x</roepnaam></leerling></leerlingen></EDEX>`;
    const xxe = `<?xml version="1.0" encoding="UTF-8"?>
<!-- an innocent comment first -->
<!doctype EDEX [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<EDEX><school><schooljaar>2025-2026</schooljaar></school>
<leerlingen><leerling key="1"><achternaam>&secret;</achternaam><roepnaam>x</roepnaam></leerling></leerlingen></EDEX>`;
    const parameterEntity = `<?xml version="1.0"?><!DOCTYPE EDEX SYSTEM "http://attacker.example/evil.dtd"><EDEX/>`;

    it('should refuse a DOCTYPE or ENTITY declaration (billion laughs, XXE) well within a second', () => {
      for (const attack of [billionLaughs, xxe, parameterEntity]) {
        const started = performance.now();
        expect(problemOf(() => parseEdexml(Buffer.from(attack)))).toBe('IMPORT_FILE_UNSAFE');
        expect(performance.now() - started).toBeLessThan(250);
      }
      // Also when the declaration hides behind a UTF-16 encoding.
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xxe, 'utf16le')]);
      expect(problemOf(() => parseEdexml(utf16))).toBe('IMPORT_FILE_UNSAFE');
    });

    it('should refuse a file over the size limit before reading it', () => {
      const file = sample('1.0.3/samples/sample.xml');
      expect(problemOf(() => parseEdexml(file, { ...DEFAULT_LIMITS, maxBytes: file.length - 1 }))).toBe(
        'IMPORT_FILE_TOO_LARGE',
      );
    });

    it('should refuse a file with more people than the limit', () => {
      const file = sample('1.0.3/samples/sample.xml');
      // 400 leerlingen and 29 leerkrachten.
      expect(problemOf(() => parseEdexml(file, { ...DEFAULT_LIMITS, maxPeople: 428 }))).toBe(
        'IMPORT_FILE_TOO_LARGE',
      );
      expect(problemOf(() => parseEdexml(file, { ...DEFAULT_LIMITS, maxPeople: 429 }))).toBe('none');
    });

    it('should refuse what is not XML, not well-formed, or not EDEXML', () => {
      const cases: Record<string, string | Buffer> = {
        csv: 'achternaam;roepnaam\nJansen;Piet\n',
        zip: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x80]),
        empty: '',
        otherRoot: '<?xml version="1.0"?><html><body/></html>',
        twoRoots: '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen/></EDEX><EDEX/>',
        crossed:
          '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen><leerling key="1"></leerlingen></leerling></EDEX>',
        unclosed: '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen><leerling key="1">',
        unquoted:
          '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen><leerling key="1></leerling></leerlingen></EDEX>',
        noSchool: '<EDEX><leerlingen/></EDEX>',
        noStudents: '<EDEX><school><schooljaar>2025-2026</schooljaar></school></EDEX>',
        wrongOrder: '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen/><groepen/></EDEX>',
        badBrin:
          '<EDEX><school><schooljaar>2025-2026</schooljaar><brincode>ABCD</brincode></school><leerlingen/></EDEX>',
        mixedEncoding: Buffer.concat([
          Buffer.from(
            '<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen><leerling key="1"><achternaam>',
          ),
          Buffer.from('Zo\u00eb', 'latin1'),
          Buffer.from('</achternaam></leerling></leerlingen></EDEX>'),
        ]),
      };
      for (const [name, file] of Object.entries(cases))
        expect(
          problemOf(() => parseEdexml(Buffer.from(file))),
          name,
        ).toBe('IMPORT_FILE_INVALID');
    });

    it('should read a file in the encoding it declares, and decode only the XML entities', () => {
      const latin1 = Buffer.from(
        `<?xml version="1.0" encoding="ISO-8859-1"?>
<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen><leerling key="a&amp;b">
<achternaam>Ho&#235;k</achternaam><voorvoegsel>van &apos;t</voorvoegsel><roepnaam>Zoë</roepnaam></leerling></leerlingen></EDEX>`,
        'latin1',
      );
      expect(parseEdexml(latin1).students[0]).toMatchObject({
        sourceKey: 'a&b',
        firstName: 'Zoë',
        infix: "van 't",
        lastName: 'Hoëk',
      });
    });
  });

  describe('when the file is as large as a big board', () => {
    it('should read 100,000 students in 4,000 groups over 20 locations, with 5,000 staff, in seconds', () => {
      const file = generateEdexml({
        locations: 20,
        groupsPerLocation: 200,
        studentsPerGroup: 25,
        staff: 5000,
      });
      const started = performance.now();
      const roster = parseEdexml(file);
      const seconds = (performance.now() - started) / 1000;
      // Typically 3.5–4.5 s for this 47 MB file on one core of the CI machine.
      expect(seconds).toBeLessThan(15);
      expect([
        roster.locations.length,
        roster.groups.length,
        roster.students.length,
        roster.staff.length,
      ]).toEqual([20, 4000, 100_000, 5000]);
      expect(roster.rejected).toEqual([]);
      expect(roster.students[99_999]).toMatchObject({
        sourceKey: 'L0100000',
        groupKeys: ['G019-0199'],
        locationKeys: [],
      });
      expect(roster.groups[3999]).toMatchObject({ sourceKey: 'G019-0199', locationKey: 'V019' });
      const json = JSON.stringify(roster);
      expect(json).not.toContain(`${SYNTHETIC_BSN_PREFIX}00012345`);
      expect(json).not.toContain(`"${SYNTHETIC_BIRTH_YEAR}-`);
    });
  });
});
