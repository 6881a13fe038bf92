import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ParseLimits } from '../../src/modules/imports/roster.ts';
import {
  type ColumnMapping,
  matchColumns,
  readTable,
  type Table,
  tableToRoster,
  templateCsv,
  templateXlsx,
} from '../../src/modules/imports/tabular.ts';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const withBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
const limits = (overrides: Partial<ParseLimits>): ParseLimits => ({ ...DEFAULT_LIMITS, ...overrides });

async function refusal(file: Buffer, fileName: string, parseLimits: ParseLimits = DEFAULT_LIMITS) {
  const started = performance.now();
  const error = await readTable(file, fileName, parseLimits).then(
    () => null,
    (caught: unknown) => caught as { problem?: string; message: string },
  );
  return { error, ms: performance.now() - started };
}

async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function rosterOf(table: Table, kind: 'staff' | 'student', options = {}) {
  return tableToRoster(table, kind, matchColumns(table.headers, kind).mapping, options);
}

describe('CSV and Excel staff and student lists', () => {
  describe('when a CSV file is read', () => {
    it('should find `;`, `,` and tab separators on the header line, with or without a BOM', async () => {
      const semicolon = await readTable(withBom('Voornaam;Achternaam\r\nSanne;de Vries\r\n'), 'a.csv');
      expect(semicolon).toMatchObject({
        format: 'csv',
        separator: ';',
        encoding: 'utf-8',
        headers: ['Voornaam', 'Achternaam'],
        rows: [['Sanne', 'de Vries']],
        rowNumbers: [2],
      });
      const comma = await readTable(utf8('First name,Last name\nSam,Taylor\n'), 'b.csv');
      expect(comma).toMatchObject({
        separator: ',',
        headers: ['First name', 'Last name'],
        rows: [['Sam', 'Taylor']],
      });
      const tab = await readTable(utf8('Voornaam\tAchternaam\nJan\tJansen'), 'c.txt');
      expect(tab).toMatchObject({ separator: '\t', rows: [['Jan', 'Jansen']] });
      const hinted = await readTable(utf8('sep=,\r\nVoornaam;x,Achternaam\r\nJan;y,Jansen\r\n'), 'd.csv');
      expect(hinted).toMatchObject({
        separator: ',',
        headers: ['Voornaam;x', 'Achternaam'],
        rowNumbers: [3],
      });
    });

    it('should read quoted values with separators, quotes and line breaks inside, and number rows by their first line', async () => {
      const file = utf8(
        [
          'Voornaam;Achternaam;Groep',
          '"Anna; Maria";"de ""Boer""";"Groep 3"',
          '',
          'Piet;"Jansen',
          'tweede regel";Groep 4',
          '  Kees  ;Bakker;',
          ';;',
          'Ali;Yılmaz;Groep 5',
        ].join('\r\n'),
      );
      const table = await readTable(file, 'quoted.csv');
      expect(table.rows).toEqual([
        ['Anna; Maria', 'de "Boer"', 'Groep 3'],
        ['Piet', 'Jansen\r\ntweede regel', 'Groep 4'],
        ['Kees', 'Bakker', ''],
        ['Ali', 'Yılmaz', 'Groep 5'],
      ]);
      expect(table.rowNumbers).toEqual([2, 4, 6, 8]);
    });

    it('should refuse a quoted value that is never closed', async () => {
      const { error } = await refusal(utf8('Voornaam;Achternaam\n"Jan;Jansen\nPiet;Puk\n'), 'open.csv');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
    });

    it('should read a Windows-1252 file (Excel\'s "CSV" on Dutch Windows) and say so', async () => {
      const file = Buffer.from('Voornaam;Achternaam\r\nIsmaël;Çelik\r\nJosé;Müller\r\n', 'latin1');
      const table = await readTable(file, 'ansi.csv');
      expect(table.encoding).toBe('windows-1252');
      expect(table.rows).toEqual([
        ['Ismaël', 'Çelik'],
        ['José', 'Müller'],
      ]);
    });

    it('should refuse a file that mixes UTF-8 with another encoding', async () => {
      const file = Buffer.concat([
        utf8('Voornaam;Achternaam\nIsmaël;Çelik\n'),
        Buffer.from('José;Müller\n', 'latin1'),
      ]);
      const { error } = await refusal(file, 'mixed.csv');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
      expect(error?.message).toMatch(/UTF-8/);
    });

    it('should read a UTF-16 file with its byte order mark (Excel\'s "Unicode text")', async () => {
      const file = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('Voornaam\tAchternaam\r\nZoë\tÇelik\r\n', 'utf16le'),
      ]);
      const table = await readTable(file, 'unicode.txt');
      expect(table).toMatchObject({ encoding: 'utf-16le', separator: '\t', rows: [['Zoë', 'Çelik']] });
    });
  });

  describe('when a file is over a limit or not a list at all', () => {
    it('should refuse 1,000 columns', async () => {
      const header = Array.from({ length: 1000 }, (_, i) => `Kolom ${i}`).join(';');
      const { error, ms } = await refusal(utf8(`${header}\nJan;Jansen\n`), 'wide.csv');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
      expect(error?.message).toMatch(/1000 columns/);
      expect(ms).toBeLessThan(2000);
    });

    it('should refuse lines full of empty columns before parsing them, and keep a few trailing ones', async () => {
      // 30 MB of ";" in 1,500 lines: every value empty, so no row would count against the row limit.
      const line = ';'.repeat(20_000);
      const empties = utf8(`Voornaam;Achternaam\n${Array.from({ length: 1_500 }, () => line).join('\n')}\n`);
      const { error, ms } = await refusal(empties, 'leeg.csv');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
      expect(error?.message).toMatch(/separators on 1501 lines/);
      expect(ms).toBeLessThan(1000);
      // What Excel writes for a sheet once formatted further to the right: the values, then empty columns.
      const trailing = ';'.repeat(300);
      const table = await readTable(
        utf8(`Voornaam;Achternaam${trailing}\nJan;Jansen${trailing}\n`),
        'excel.csv',
      );
      expect(table.rows).toEqual([['Jan', 'Jansen']]);
    });

    it('should refuse a 10 MB line within a second', async () => {
      const file = utf8(`Voornaam;Achternaam\nJan;${'x'.repeat(10 * 1024 * 1024)}\n`);
      const { error, ms } = await refusal(file, 'long.csv');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
      expect(error?.message).toMatch(/line 2 is longer/);
      expect(ms).toBeLessThan(1000);
    });

    it('should refuse a long value spread over many short lines', async () => {
      const file = utf8(`Voornaam;Achternaam\nJan;"${'abc\n'.repeat(1000)}"\n`);
      const { error } = await refusal(file, 'long-cell.csv', limits({ maxLineLength: 1000 }));
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
    });

    it('should refuse more rows than people may be imported, a file over the size limit, and an empty file', async () => {
      const rows = Array.from({ length: 11 }, (_, i) => `Jan;Jansen${i}`).join('\n');
      const many = await refusal(
        utf8(`Voornaam;Achternaam\n${rows}\n`),
        'many.csv',
        limits({ maxPeople: 10 }),
      );
      expect(many.error?.problem).toBe('IMPORT_FILE_TOO_LARGE');
      const ten = await readTable(
        utf8(`Voornaam;Achternaam\n${rows.split('\n').slice(1).join('\n')}`),
        'ten.csv',
        {
          ...DEFAULT_LIMITS,
          maxPeople: 10,
        },
      );
      expect(ten.rows).toHaveLength(10);
      const large = await refusal(utf8('x'.repeat(2000)), 'large.csv', limits({ maxBytes: 1000 }));
      expect(large.error?.problem).toBe('IMPORT_FILE_TOO_LARGE');
      const empty = await refusal(withBom('\r\n;;\r\n'), 'empty.csv');
      expect(empty.error?.problem).toBe('IMPORT_FILE_INVALID');
    });

    it('should refuse a PNG, random bytes, an old .xls, XML and a zip that is not a workbook as unknown formats', async () => {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        utf8('IHDR'),
        randomBytes(64),
      ]);
      const xls = Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        randomBytes(504),
      ]);
      const xml = utf8('<?xml version="1.0"?>\n<EDEX><school/></EDEX>');
      const zip = Buffer.from(zipSync({ 'users.csv': strToU8('sourcedId,givenName\n1,Jan\n') }));
      for (const [file, name] of [
        [png, 'leerlingen.csv'],
        [randomBytes(4096), 'leerlingen.csv'],
        [xls, 'leerlingen.xls'],
        [xml, 'leerlingen.csv'],
        [zip, 'leerlingen.xlsx'],
      ] as const) {
        const { error } = await refusal(file, name);
        expect(error?.problem, name).toBe('IMPORT_FORMAT_UNKNOWN');
      }
    });
  });

  describe('when an Excel file is read', () => {
    const students = () =>
      workbook((book) => {
        const hidden = book.addWorksheet('Hulp');
        hidden.state = 'hidden';
        hidden.addRow(['not', 'this', 'sheet']);
        const sheet = book.addWorksheet('Leerlingen');
        sheet.addRow(['Leerlingnummer', 'Voornaam', 'Achternaam', 'Geboortedatum', 'Jaargroep', 'Groep']);
        sheet.addRow([1001, 'Sanne', 'de Vries', new Date(Date.UTC(2014, 2, 9)), 5, 'Groep 5A']);
        sheet.addRow([]);
        sheet.addRow(['01002', 'Ismaël', 'Çelik', new Date(Date.UTC(2015, 0, 1)), 4, 'Groep 4']);
        sheet.getCell('B4').value = {
          formula: 'HYPERLINK("https://evil.example/?leak","Ismaël")',
          result: 'Ismaël',
        };
        sheet.getCell('F4').value = { formula: 'CONCATENATE("Groep ","4B")' } as ExcelJS.CellFormulaValue;
        sheet.getCell('G1').value = 'Aangemaakt';
        sheet.getCell('G2').value = new Date(Date.UTC(2024, 7, 1, 13, 30));
      });

    it('should read the first visible sheet: numbers as text, dates as ISO dates, formulas as their saved result', async () => {
      const table = await readTable(await students(), 'leerlingen.xlsx');
      expect(table).toMatchObject({ format: 'xlsx', encoding: null, separator: null });
      expect(table.headers).toEqual([
        'Leerlingnummer',
        'Voornaam',
        'Achternaam',
        'Geboortedatum',
        'Jaargroep',
        'Groep',
        'Aangemaakt',
      ]);
      // The birth dates are never stored: their column is emptied on reading.
      expect(table.rows).toEqual([
        ['1001', 'Sanne', 'de Vries', '', '5', 'Groep 5A', '2024-08-01T13:30:00'],
        ['01002', 'Ismaël', 'Çelik', '', '4', '', ''],
      ]);
      expect(table.rowNumbers).toEqual([2, 4]);
    });

    it('should read an Excel file renamed .csv as Excel', async () => {
      const table = await readTable(await students(), 'leerlingen.csv');
      expect(table.format).toBe('xlsx');
      expect(table.rows[0]?.[1]).toBe('Sanne');
    });

    it('should read dates as ISO dates in a column that is kept', async () => {
      const file = await workbook((book) => {
        const sheet = book.addWorksheet('Blad1');
        sheet.addRow(['Voornaam', 'Achternaam', 'Startdatum']);
        sheet.addRow(['Jan', 'Jansen', new Date(Date.UTC(2024, 7, 19))]);
      });
      expect((await readTable(file, 'staff.xlsx')).rows).toEqual([['Jan', 'Jansen', '2024-08-19']]);
    });

    it('should refuse a sheet with more columns than allowed', async () => {
      const file = await workbook((book) => {
        book.addWorksheet('Blad1').addRow(Array.from({ length: 300 }, (_, i) => `k${i}`));
      });
      const { error } = await refusal(file, 'wide.xlsx');
      expect(error?.problem).toBe('IMPORT_FILE_INVALID');
    });

    it('should refuse a workbook that unpacks to more than the limit, and one whose zip lies about its sizes', async () => {
      const sheetXml = strToU8(
        `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${'<row/>'.repeat(4_000_000)}</sheetData></worksheet>`,
      );
      const bomb = zipSync(
        {
          'xl/workbook.xml': strToU8(
            '<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>',
          ),
          'xl/worksheets/sheet1.xml': sheetXml,
        },
        { level: 9 },
      );
      expect(bomb.length).toBeLessThan(200_000);
      const big = await refusal(Buffer.from(bomb), 'bomb.xlsx', limits({ maxBytes: 1_000_000 }));
      expect(big.error?.problem).toBe('IMPORT_FILE_TOO_LARGE');
      expect(big.ms).toBeLessThan(1000);

      // The same zip with a directory that claims the sheet is 1,000 bytes.
      const liar = Buffer.from(bomb);
      for (let at = liar.indexOf('PK\x01\x02'); at >= 0; at = liar.indexOf('PK\x01\x02', at + 4)) {
        if (
          liar.toString('utf8', at + 46, at + 46 + liar.readUInt16LE(at + 28)) === 'xl/worksheets/sheet1.xml'
        ) {
          liar.writeUInt32LE(1000, at + 24);
        }
      }
      const lying = await refusal(liar, 'bomb.xlsx', limits({ maxBytes: 1_000_000 }));
      // The same refusal as the OneRoster reader's (one safe unzip, zip.ts): a bomb is too large, lying or not.
      expect(lying.error?.problem).toBe('IMPORT_FILE_TOO_LARGE');
      expect(lying.error?.message).toContain('zip bomb');
      expect(lying.ms).toBeLessThan(1000);
    });
  });

  describe('when columns are matched by their headers', () => {
    it('should match Dutch headers, whatever their case, accents and spacing', () => {
      const headers = [
        'Leerlingnummer',
        'ROEPNAAM',
        'Voornamen',
        'tussenvoegsel',
        'Achternaam',
        'E-mail adres',
        'Gebruikersnaam',
        'Klas',
        'Groepen',
        'Vestiging',
        'Leerjaar',
        'ECK iD',
        'BSN',
        'Geboortedatum',
        'Geslacht',
        'Adres',
        'Opmerking',
      ];
      const { mapping, unmatched, ignored } = matchColumns(headers, 'student');
      expect(mapping).toEqual({
        sourceKey: 0,
        firstName: 1,
        infix: 3,
        lastName: 4,
        email: 5,
        username: 6,
        group: [7, 8],
        location: 9,
        grade: 10,
        eckId: 11,
      });
      expect(unmatched).toEqual(['Voornamen', 'Opmerking']);
      expect(ignored).toEqual(['BSN', 'Geboortedatum', 'Geslacht', 'Adres']);
    });

    it('should match English headers, and headers that name their kind', () => {
      const { mapping, unmatched } = matchColumns(
        ['Staff ID', 'Given name', 'Family name', 'Email address', 'User name', 'Classes', 'School', 'Phone'],
        'staff',
      );
      expect(mapping).toMatchObject({
        sourceKey: 0,
        firstName: 1,
        lastName: 2,
        email: 3,
        username: 4,
        group: [5],
        location: 6,
      });
      expect(unmatched).toEqual([]);
      const qualified = matchColumns(
        ['Voornaam leerling', 'Achternaam van de leerling', 'Personeelsnummer'],
        'student',
      );
      expect(qualified.mapping).toMatchObject({ firstName: 0, lastName: 1, sourceKey: null });
      expect(qualified.unmatched).toEqual(['Personeelsnummer']);
    });
  });

  describe('when a table becomes a roster', () => {
    it('should make one person per row, and one group per name and location', async () => {
      const table = await readTable(
        utf8(
          [
            'Leerlingnummer;Voornaam;Tussenvoegsel;Achternaam;E-mail;Groep;Jaargroep;Locatie;BSN',
            '1001;Sanne;de;Vries;Sanne@School.example;Groep 5A;5;De Regenboog;123456782',
            '1002;Daan;;Bakker;;groep 5a, Plusklas;groep 5;De Regenboog;111222333',
            '1003;Emma;;Smit;;Groep 5A;5;99ZZ00;',
            '1004;Noor;;Jansen;;;;;',
          ].join('\n'),
        ),
        'leerlingen.csv',
      );
      const roster = rosterOf(table, 'student');
      expect(roster.format).toBe('csv');
      expect(roster.locations).toEqual([
        { origin: { row: 2 }, sourceKey: 'name:de regenboog', name: 'De Regenboog', code: null },
        { origin: { row: 4 }, sourceKey: 'code:99ZZ00', name: '99ZZ00', code: '99ZZ00' },
      ]);
      expect(roster.groups).toEqual([
        {
          origin: { row: 2 },
          sourceKey: 'name:groep 5a@name:de regenboog',
          name: 'Groep 5A',
          locationKey: 'name:de regenboog',
          grade: '5',
        },
        {
          origin: { row: 3 },
          sourceKey: 'name:plusklas@name:de regenboog',
          name: 'Plusklas',
          locationKey: 'name:de regenboog',
          grade: '5',
        },
        {
          origin: { row: 4 },
          sourceKey: 'name:groep 5a@code:99ZZ00',
          name: 'Groep 5A',
          locationKey: 'code:99ZZ00',
          grade: '5',
        },
      ]);
      expect(roster.students.map((s) => [s.sourceKey, s.firstName, s.infix, s.email, s.groupKeys])).toEqual([
        ['1001', 'Sanne', 'de', 'Sanne@School.example', ['name:groep 5a@name:de regenboog']],
        ['1002', 'Daan', null, null, ['name:groep 5a@name:de regenboog', 'name:plusklas@name:de regenboog']],
        ['1003', 'Emma', null, null, ['name:groep 5a@code:99ZZ00']],
        ['1004', 'Noor', null, null, []],
      ]);
      expect(roster.students[0]).toMatchObject({
        kind: 'student',
        origin: { row: 2 },
        eckId: null,
        username: null,
      });
      expect(roster.staff).toEqual([]);
      expect(roster.rejected).toEqual([]);
      // The BSN column is never read: no value of it is anywhere in the table or the roster.
      expect(JSON.stringify([table, roster])).not.toMatch(/123456782|111222333/);
    });

    it('should put rows without a location in the location chosen for the file', async () => {
      const table = await readTable(
        utf8('Voornaam;Achternaam;Groepen\nJan;Dijk;5A, 6B\nPiet;Puk;\n'),
        'staff.csv',
      );
      expect(() => rosterOf(table, 'staff')).toThrow(/no location/);
      const roster = rosterOf(table, 'staff', { defaultLocation: { name: 'Het Anker', code: '12AB01' } });
      expect(roster.locations).toEqual([
        { origin: { row: 2 }, sourceKey: 'code:12AB01', name: 'Het Anker', code: '12AB01' },
      ]);
      expect(roster.staff.map((s) => [s.groupKeys, s.locationKeys])).toEqual([
        [['name:5a@code:12AB01', 'name:6b@code:12AB01'], []],
        [[], ['code:12AB01']],
      ]);
    });

    it('should reject rows without a name, with an invalid e-mail, or with the same e-mail as an earlier row', async () => {
      const table = await readTable(
        utf8(
          [
            'Personeelsnummer;Voornaam;Achternaam;E-mailadres;Gebruikersnaam',
            '1;Jan;Dijk;jan@school.example;jdijk',
            '2;;Puk;piet@school.example;',
            '3;Kees;Bakker;kees@school;',
            '4;Jan;Dijk;JAN@school.example;',
            '5;Anna;Boer;;jdijk',
            '1;Els;Smit;;',
            '7;Mo;;mo at school;m',
          ].join('\r\n'),
        ),
        'staff.csv',
      );
      const roster = rosterOf(table, 'staff');
      expect(roster.staff.map((s) => s.sourceKey)).toEqual(['1']);
      expect(roster.rejected).toEqual([
        {
          origin: { row: 3 },
          kind: 'staff',
          field: 'Voornaam',
          code: 'FIRST_NAME_MISSING',
          params: { kind: 'staff', field: 'Voornaam' },
          reason: 'The staff member has no first name (Voornaam), which Schoolpas needs.',
        },
        {
          origin: { row: 4 },
          kind: 'staff',
          field: 'E-mailadres',
          code: 'EMAIL_INVALID',
          params: { value: 'kees@school' },
          reason: '"kees@school" is not a valid e-mail address.',
        },
        {
          origin: { row: 5 },
          kind: 'staff',
          field: 'E-mailadres',
          code: 'DUPLICATE_IN_FILE',
          params: { value: 'JAN@school.example', field: 'E-mailadres', row: 2 },
          reason: 'The value "JAN@school.example" of E-mailadres is already used in row 2.',
        },
        expect.objectContaining({ origin: { row: 6 }, field: 'Gebruikersnaam', code: 'DUPLICATE_IN_FILE' }),
        expect.objectContaining({ origin: { row: 7 }, field: 'Personeelsnummer', code: 'DUPLICATE_IN_FILE' }),
        // A row with several faults has one rejection per faulty column, each with its own code.
        expect.objectContaining({ origin: { row: 8 }, field: 'Achternaam', code: 'LAST_NAME_MISSING' }),
        expect.objectContaining({ origin: { row: 8 }, field: 'E-mailadres', code: 'EMAIL_INVALID' }),
        expect.objectContaining({ origin: { row: 8 }, field: 'Gebruikersnaam', code: 'USERNAME_INVALID' }),
      ]);
    });

    it('should reject a grade that is no jaargroep once per group, and import its rows', async () => {
      const table = await readTable(
        utf8('Voornaam;Achternaam;Klas;Leerjaar;Locatie\nA;B;3X;drie;Zuid\nC;D;3X;drie;Zuid\n'),
        'x.csv',
      );
      const roster = rosterOf(table, 'student');
      expect(roster.students).toHaveLength(2);
      expect(roster.groups).toMatchObject([{ name: '3X', grade: null }]);
      expect(roster.rejected).toEqual([
        {
          origin: { row: 2 },
          kind: 'groups',
          field: 'Leerjaar',
          code: 'GRADE_UNKNOWN',
          params: { value: 'drie', group: '3X' },
          reason: expect.stringContaining('"drie" is not a jaargroep'),
        },
      ]);
    });

    it('should never read a never-stored column, even when it is mapped', async () => {
      const table = await readTable(utf8('BSN;Voornaam;Achternaam\n123456782;Jan;Jansen\n'), 'bsn.csv');
      const mapping: ColumnMapping = { ...matchColumns(table.headers, 'student').mapping, sourceKey: 0 };
      const roster = tableToRoster(table, 'student', mapping);
      expect(roster.students[0]?.sourceKey).toBeNull();
      expect(JSON.stringify(roster)).not.toContain('123456782');
    });

    it('should read an Excel list into the same roster as its CSV', async () => {
      const rows = [
        ['Leerlingnummer', 'Voornaam', 'Achternaam', 'Groep', 'Locatie'],
        ['1001', 'Sanne', 'Vries', 'Groep 5A', 'De Regenboog'],
        ['1002', 'Daan', 'Bakker', 'Groep 5A', 'De Regenboog'],
      ];
      const xlsx = await workbook((book) => {
        const sheet = book.addWorksheet('Leerlingen');
        for (const row of rows) sheet.addRow(row);
      });
      const fromExcel = rosterOf(await readTable(xlsx, 'l.xlsx'), 'student');
      const fromCsv = rosterOf(
        await readTable(utf8(rows.map((r) => r.join(';')).join('\n')), 'l.csv'),
        'student',
      );
      expect({ ...fromExcel, format: 'csv' }).toEqual(fromCsv);
      expect(fromExcel.format).toBe('xlsx');
    });
  });

  describe('when a template is downloaded', () => {
    for (const kind of ['student', 'staff'] as const) {
      for (const language of ['nl', 'en'] as const) {
        it(`should give ${kind} templates in ${language} whose every column is matched, as CSV and as Excel`, async () => {
          const csv = templateCsv(kind, language);
          expect(csv.startsWith('\uFEFF')).toBe(true);
          const fromCsv = await readTable(utf8(csv), 'template.csv');
          expect(fromCsv.separator).toBe(';');
          const fromExcel = await readTable(await templateXlsx(kind, language), 'template.xlsx');
          expect(fromExcel.headers).toEqual(fromCsv.headers);
          expect(fromExcel.rows).toEqual(fromCsv.rows);
          const { mapping, unmatched, ignored } = matchColumns(fromCsv.headers, kind);
          expect(unmatched).toEqual([]);
          expect(ignored).toEqual([]);
          const mapped = Object.values(mapping)
            .flat()
            .filter((index) => index !== null);
          expect(mapped.sort((a, b) => a - b)).toEqual(fromCsv.headers.map((_, i) => i));
          const roster = tableToRoster(fromCsv, kind, mapping);
          expect(roster.rejected).toEqual([]);
          expect(kind === 'staff' ? roster.staff : roster.students).toHaveLength(1);
        });
      }
    }
  });
});
