import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/modules/exports/index.ts';
import { csvLine } from '../../src/modules/exports/spreadsheet.ts';
import { readCsvLines, withoutNeutralisingQuote } from '../../src/modules/imports/csv-lines.ts';
import { DEFAULT_LIMITS } from '../../src/modules/imports/roster.ts';
import { matchColumns, readTable, tableToRoster } from '../../src/modules/imports/tabular.ts';

const DANGEROUS = ['=SUM(A1:A9)', '+31 6 1234', '-Jansen', '@Bram', '\t=1+1', '\r=1+1'];
const HARMLESS = ['Jansen', "'t Hof", "'quoted", 'a=b', '', '3-4', "'", "''=x"];

describe('formula-injection neutralising', () => {
  describe('when a cell starts with =, +, -, @, tab or CR', () => {
    it('should put a single quote in front', () => {
      for (const value of DANGEROUS) expect(neutraliseCell(value)).toBe(`'${value}`);
    });
  });

  describe('when a cell starts with anything else', () => {
    it('should leave it as it is', () => {
      for (const value of HARMLESS) expect(neutraliseCell(value)).toBe(value);
    });
  });

  describe('when the importer reads a neutralised value', () => {
    it('should take exactly that quote off, and nothing else', () => {
      for (const value of ['=SUM(A1:A9)', '+31 6 1234', '-Jansen', '@Bram']) {
        expect(withoutNeutralisingQuote(neutraliseCell(value))).toBe(value);
      }
      // A tab or CR after the quote is white space to the trimming readers.
      expect(withoutNeutralisingQuote("'\t=1+1")).toBe('=1+1');
      for (const value of HARMLESS) expect(withoutNeutralisingQuote(value)).toBe(value);
    });

    it('should read neutralised OneRoster CSV values back as the originals', () => {
      const text = [
        csvLine(['sourcedId', 'givenName', 'familyName'], ','),
        csvLine(['-1', '=HYPERLINK("x")', "'t Hof"], ','),
      ].join('');
      expect(text).toContain(`'-1,"'=HYPERLINK(""x"")",'t Hof`);
      const { records } = readCsvLines(text, { limits: DEFAULT_LIMITS });
      expect(records[0]?.fields).toEqual(['-1', '=HYPERLINK("x")', "'t Hof"]);
    });

    it('should read neutralised list cells back as the originals', async () => {
      const file = Buffer.from(
        `\uFEFF${csvLine(['Voornaam', 'Achternaam', 'Groep', 'Locatie'], ';')}${csvLine(
          ['@Bram', '-Jansen', '+Plus, Groep 3', '=De Linde'],
          ';',
        )}`,
      );
      const table = await readTable(file, 'leerlingen.csv');
      const roster = tableToRoster(table, 'student', matchColumns(table.headers, 'student').mapping);
      expect(roster.students.map((s) => [s.firstName, s.lastName])).toEqual([['@Bram', '-Jansen']]);
      expect(roster.groups.map((g) => g.name)).toEqual(['+Plus', 'Groep 3']);
      expect(roster.locations.map((l) => l.name)).toEqual(['=De Linde']);
    });
  });
});
