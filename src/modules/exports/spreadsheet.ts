import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { lazily } from '../../platform/lazy.ts';
import { neutraliseCell } from './neutralise.ts';

/**
 * Writing a list as CSV or Excel into a stream, row by row, so a list of 100,000 people is never held whole.
 * CSV: UTF-8 with a byte order mark, `;` between values and CRLF line ends (what Dutch Excel opens as columns),
 * values in double quotes when they hold a `;`, a quote or a line break. Excel: one sheet with a bold, frozen header
 * row and every cell as text (a leerlingnummer keeps its leading zeros), written with exceljs's streaming writer
 * without a shared-strings table. In both, every cell passes neutraliseCell (formula injection).
 */

export type SpreadsheetFormat = 'csv' | 'xlsx';

export interface SheetColumn {
  header: string;
  /** Column width in Excel (characters). */
  width: number;
}

export interface SheetWriter {
  /** Adds one row (as many cells as columns). */
  row(cells: readonly string[]): void;
  /** Resolves when the reader has caught up; throws when the stream was closed (the download was cancelled). */
  drain(): Promise<void>;
  /** Writes what is left and ends the stream. */
  end(): Promise<void>;
}

export const CONTENT_TYPES: Record<SpreadsheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One CSV value: quoted when it holds the separator, a quote or a line break. Neutralised first. */
export function csvValue(value: string, separator: string): string {
  const safe = neutraliseCell(value);
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line with its CRLF. */
export function csvLine(cells: readonly string[], separator: string): string {
  return `${cells.map((cell) => csvValue(cell, separator)).join(separator)}\r\n`;
}

/**
 * Waits until `out` wants more (the HTTP client reads slower than the database answers). Throws when `out` was
 * destroyed, so the producer stops reading the database for a download nobody receives.
 */
export async function drained(out: Writable): Promise<void> {
  if (!out.destroyed && out.writableNeedDrain) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  }
  if (out.destroyed) throw new Error('the export stream was closed');
}

/** Text is written in pieces of about this many characters. */
const CSV_CHUNK = 64 * 1024;

function csvWriter(out: Writable, columns: readonly SheetColumn[]): SheetWriter {
  let buffer = `\uFEFF${csvLine(
    columns.map((c) => c.header),
    ';',
  )}`;
  const flush = () => {
    if (buffer !== '') out.write(buffer);
    buffer = '';
  };
  return {
    row(cells) {
      buffer += csvLine(cells, ';');
      if (buffer.length >= CSV_CHUNK) flush();
    },
    async drain() {
      flush();
      await drained(out);
    },
    async end() {
      flush();
      out.end();
    },
  };
}

function xlsxWriter(
  Excel: typeof ExcelJS,
  out: Writable,
  columns: readonly SheetColumn[],
  sheetName: string,
): SheetWriter {
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Schoolpas';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    row(cells) {
      sheet.addRow(cells.map(neutraliseCell)).commit();
    },
    drain: () => drained(out),
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

const excel = lazily(async () => (await import('exceljs')).default);

/** A writer for the format into `out`; the header row is written at once. `sheetName` names the Excel sheet. */
export async function sheetWriter(
  format: SpreadsheetFormat,
  out: Writable,
  columns: readonly SheetColumn[],
  sheetName: string,
): Promise<SheetWriter> {
  return format === 'csv' ? csvWriter(out, columns) : xlsxWriter(await excel(), out, columns, sheetName);
}
