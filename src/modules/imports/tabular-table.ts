import {
  type CsvTable,
  type Separator,
  type TextEncoding,
  tooManyColumns,
  withoutNeutralisingQuote,
} from './csv-lines.ts';
import { ImportFileError, type ParseLimits } from './roster.ts';

/** A CSV file or an Excel sheet as text cells: what readTable answers. */
export interface Table {
  format: 'csv' | 'xlsx';
  /** The header row's cells, trimmed; '' for a column without a header. As long as the longest row. */
  headers: string[];
  /** The data rows, each as long as `headers`, cells trimmed; rows without any value are left out. */
  rows: string[][];
  /** For each row, its 1-based line (CSV: the line it starts on) or sheet row number; the header is line 1. */
  rowNumbers: number[];
  /** How a CSV file's bytes were read; null for Excel. A console may show "read as Windows-1252". */
  encoding: TextEncoding | null;
  /** The CSV separator found on the header line; null for Excel. */
  separator: Separator | null;
}

export function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))} MB`;
}

/**
 * Collects an Excel sheet's rows as the reader finds them and keeps the limits while it does: cells are trimmed
 * and lose a formula-injection quote (as readCsvLines does for CSV: see withoutNeutralisingQuote), the first row
 * with a value is the header, rows without any value are skipped, and a row wider than `maxColumns` (counting up to
 * its last value), a cell longer than `maxLineLength` or more than `maxPeople` data rows throws ImportFileError at
 * once, so the reader stops at the first row over a limit.
 */
export class TableCollector {
  private headers: string[] | null = null;
  private readonly rows: string[][] = [];
  private readonly rowNumbers: number[] = [];

  constructor(
    private readonly fileName: string,
    private readonly limits: ParseLimits,
  ) {}

  add(rawCells: readonly string[], rowNumber: number): void {
    let last = -1;
    const cells = rawCells.map((raw, index) => {
      if (raw.length > this.limits.maxLineLength) {
        throw new ImportFileError(
          'IMPORT_FILE_INVALID',
          `${this.fileName} line ${rowNumber}: a value is longer than ${this.limits.maxLineLength} characters`,
        );
      }
      const cell = withoutNeutralisingQuote(raw.trim());
      if (cell !== '') last = index;
      return cell;
    });
    if (last < 0) return;
    if (last + 1 > this.limits.maxColumns) throw this.tooWide(rowNumber, last + 1);
    cells.length = last + 1;
    if (this.headers === null) {
      this.headers = cells;
      return;
    }
    if (this.rows.length >= this.limits.maxPeople) {
      throw new ImportFileError(
        'IMPORT_FILE_TOO_LARGE',
        `${this.fileName} has more than ${this.limits.maxPeople} rows; split it into smaller files`,
      );
    }
    this.rows.push(cells);
    this.rowNumbers.push(rowNumber);
  }

  tooWide(rowNumber: number, columns: number): ImportFileError {
    return tooManyColumns(this.fileName, rowNumber, columns, this.limits.maxColumns);
  }

  finish(format: Table['format'], encoding: TextEncoding | null, separator: Table['separator']): Table {
    return padded({
      format,
      headers: this.headers ?? [],
      rows: this.rows,
      rowNumbers: this.rowNumbers,
      encoding,
      separator,
    });
  }
}

/** A CSV file's header and records (see readCsvLines) as a table. */
export function csvTable(csv: CsvTable): Table {
  return padded({
    format: 'csv',
    headers: csv.header,
    rows: csv.records.map((record) => record.fields),
    rowNumbers: csv.records.map((record) => record.line),
    encoding: csv.encoding,
    separator: csv.separator,
  });
}

/** The table with its header and every row cut after their last value, then made as long as the longest. */
function padded(table: Table): Table {
  const lines = [table.headers, ...table.rows];
  let width = 0;
  for (const cells of lines) {
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    width = Math.max(width, cells.length);
  }
  for (const cells of lines) while (cells.length < width) cells.push('');
  return table;
}
