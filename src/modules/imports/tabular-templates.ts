import { lazily } from '../../platform/lazy.ts';
import type { PersonKind } from './tabular-columns.ts';

/**
 * Downloadable templates for a staff or student list, in Dutch or English: the header row (names matchColumns
 * recognises) and one example row. The CSV is UTF-8 with a byte order mark and `;`-separated, which Dutch Excel
 * opens as columns; the Excel file keeps every cell as text, so a leerlingnummer keeps its leading zeros.
 */

export type TemplateLanguage = 'nl' | 'en';

interface Template {
  sheetName: string;
  columns: { header: string; example: string; width: number }[];
}

const TEMPLATES: Record<PersonKind, Record<TemplateLanguage, Template>> = {
  student: {
    nl: {
      sheetName: 'Leerlingen',
      columns: [
        { header: 'Leerlingnummer', example: '1001', width: 16 },
        { header: 'Voornaam', example: 'Sanne', width: 16 },
        { header: 'Tussenvoegsel', example: 'de', width: 14 },
        { header: 'Achternaam', example: 'Vries', width: 20 },
        { header: 'E-mailadres', example: 'sanne.devries@school.example', width: 32 },
        { header: 'Gebruikersnaam', example: 'sanne.devries', width: 18 },
        { header: 'Groep', example: 'Groep 5A', width: 14 },
        { header: 'Jaargroep', example: '5', width: 10 },
        { header: 'Locatie', example: 'De Regenboog', width: 20 },
      ],
    },
    en: {
      sheetName: 'Students',
      columns: [
        { header: 'Student number', example: '1001', width: 16 },
        { header: 'First name', example: 'Sam', width: 16 },
        { header: 'Infix', example: '', width: 10 },
        { header: 'Last name', example: 'Taylor', width: 20 },
        { header: 'E-mail', example: 'sam.taylor@school.example', width: 32 },
        { header: 'Username', example: 'sam.taylor', width: 18 },
        { header: 'Group', example: '5A', width: 14 },
        { header: 'Grade', example: '5', width: 10 },
        { header: 'Location', example: 'Riverside', width: 20 },
      ],
    },
  },
  staff: {
    nl: {
      sheetName: 'Medewerkers',
      columns: [
        { header: 'Personeelsnummer', example: '2001', width: 18 },
        { header: 'Voornaam', example: 'Jan', width: 16 },
        { header: 'Tussenvoegsel', example: 'van', width: 14 },
        { header: 'Achternaam', example: 'Dijk', width: 20 },
        { header: 'E-mailadres', example: 'j.vandijk@school.example', width: 32 },
        { header: 'Gebruikersnaam', example: 'j.vandijk', width: 18 },
        { header: 'Groepen', example: 'Groep 5A, Groep 6B', width: 24 },
        { header: 'Locatie', example: 'De Regenboog', width: 20 },
      ],
    },
    en: {
      sheetName: 'Staff',
      columns: [
        { header: 'Staff number', example: '2001', width: 18 },
        { header: 'First name', example: 'Alex', width: 16 },
        { header: 'Infix', example: '', width: 10 },
        { header: 'Last name', example: 'Morgan', width: 20 },
        { header: 'E-mail', example: 'a.morgan@school.example', width: 32 },
        { header: 'Username', example: 'a.morgan', width: 18 },
        { header: 'Groups', example: '5A, 6B', width: 24 },
        { header: 'Location', example: 'Riverside', width: 20 },
      ],
    },
  },
};

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV template: BOM, `;` between values, CRLF line ends (what Excel writes). */
export function templateCsv(kind: PersonKind, language: TemplateLanguage): string {
  const { columns } = TEMPLATES[kind][language];
  const lines = [columns.map((c) => csvCell(c.header)), columns.map((c) => csvCell(c.example))];
  return `\uFEFF${lines.map((cells) => cells.join(';')).join('\r\n')}\r\n`;
}

const excel = lazily(async () => (await import('exceljs')).default);

/** The Excel template: one sheet, a bold frozen header row, text-formatted columns. */
export async function templateXlsx(kind: PersonKind, language: TemplateLanguage): Promise<Buffer> {
  const { sheetName, columns } = TEMPLATES[kind][language];
  const ExcelJS = await excel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Schoolpas';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(columns.map((c) => c.example));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
