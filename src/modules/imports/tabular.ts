import { readCsvLines } from './csv-lines.ts';
import { DEFAULT_LIMITS, ImportFileError, type ParseLimits } from './roster.ts';
import { isNeverStoredHeader } from './tabular-columns.ts';
import { csvTable, megabytes, type Table } from './tabular-table.ts';
import { isZip, readXlsxTable } from './tabular-xlsx.ts';

/**
 * The CSV and Excel reader for staff and student lists: a file becomes a table of text cells (readTable), its
 * columns are matched to the fields Schoolpas stores by their header (matchColumns), and the rows become a Roster
 * (tableToRoster). Templates for both formats come from templateCsv/templateXlsx.
 */

export type { TextEncoding } from './csv-lines.ts';
export type { ColumnMapping, ColumnMatch, Field, PersonKind } from './tabular-columns.ts';
export { FIELDS, matchColumns } from './tabular-columns.ts';
export { type TableToRosterOptions, tableToRoster } from './tabular-roster.ts';
export type { Table } from './tabular-table.ts';
export { type TemplateLanguage, templateCsv, templateXlsx } from './tabular-templates.ts';

/**
 * Reads a CSV or Excel (.xlsx) file into a table of text cells. The format is sniffed from the content, never the
 * name: a zip that holds an Excel workbook is Excel (also when named .csv), text is CSV, anything else is refused
 * with IMPORT_FORMAT_UNKNOWN. Cheap checks (size, binary content, line length, header width) run before parsing;
 * a file over a limit is refused as a whole with ImportFileError, never partly read.
 *
 * Columns holding data Schoolpas never stores (BSN, birth date, address, gender, phone, …; see isNeverStoredHeader)
 * keep their header but have their cells emptied here, so nothing downstream can read them.
 *
 * Excel: the first visible worksheet; numbers and booleans as text, dates as ISO dates ("2014-03-09"), formulas as
 * the result Excel saved with them (never evaluated; none saved: empty), error cells empty.
 * CSV: see readCsvLines (UTF-8, UTF-16 or Windows-1252; the separator `;`, `,` or tab found on the header line or
 * named by an Excel "sep=;" first line).
 */
export async function readTable(
  file: Buffer,
  fileName: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): Promise<Table> {
  if (file.length > limits.maxBytes) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `${fileName} is ${megabytes(file.length)}; an import may be at most ${megabytes(limits.maxBytes)}`,
    );
  }
  const table = isZip(file)
    ? await readXlsxTable(file, fileName, limits)
    : csvTable(readCsvLines(file, { limits, file: fileName, maxRecords: limits.maxPeople }));
  if (table.headers.length === 0) {
    throw new ImportFileError('IMPORT_FILE_INVALID', `${fileName} is empty`);
  }
  return withoutNeverStoredColumns(table);
}

/** Empties the cells of columns whose header says they hold data Schoolpas never stores, and drops rows left empty. */
function withoutNeverStoredColumns(table: Table): Table {
  const dropped = table.headers.flatMap((header, index) => (isNeverStoredHeader(header) ? [index] : []));
  if (dropped.length === 0) return table;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  table.rows.forEach((row, i) => {
    for (const index of dropped) row[index] = '';
    if (row.some((cell) => cell !== '')) {
      rows.push(row);
      rowNumbers.push(table.rowNumbers[i] ?? 0);
    }
  });
  return { ...table, rows, rowNumbers };
}
