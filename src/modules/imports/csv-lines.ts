import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError, type ParseLimits } from './roster.ts';
import { formatSize } from './zip.ts';

/**
 * Reading an uploaded CSV file into lines of fields, within limits: UTF-8 with or without a byte order mark,
 * RFC 4180 quoting (a stray quote inside an unquoted value is kept as text rather than failing the file), blank
 * lines skipped, every value trimmed and a formula-injection quote taken off (see `withoutNeutralisingQuote`). A
 * file that is too large, has a line longer than `maxLineLength` or a line
 * with more than `maxColumns` values, is not UTF-8, or cannot be read as CSV at all is refused as a whole
 * (ImportFileError) before its records are collected; what the fields mean is left to the caller. Shared by the
 * OneRoster reader and the CSV reader.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (the header is line 1 when the file starts with it). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  /** The first record's fields (trimmed); empty for a file without any record. */
  header: string[];
  headerLine: number;
  /** The records after the header, in file order; records whose values are all empty are left out. */
  records: CsvRecord[];
}

export interface ReadCsvOptions {
  limits: ParseLimits;
  /** The file's name, used in error messages ("users.csv line 12: …"). */
  file?: string;
  /** Field separator, `,` unless told (Dutch Excel writes `;`; see `sniffDelimiter`). */
  delimiter?: string;
}

/**
 * Decodes UTF-8 text, dropping a byte order mark. Throws ImportFileError IMPORT_FILE_INVALID when the bytes are not
 * valid UTF-8 (a file saved as Windows-1252, or mixed encodings).
 */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      `${file ?? 'The file'} is not UTF-8 text; save it as "CSV UTF-8" and try again.`,
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `;` when the first line has more semicolons than commas outside quotes, else `,`. */
export function sniffDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The file's header and records. Bytes are decoded as UTF-8 (see `decodeUtf8`); a string is taken as already
 * decoded. Throws ImportFileError: IMPORT_FILE_TOO_LARGE for more than `maxBytes`; IMPORT_FILE_INVALID for a line
 * over `maxLineLength` characters, a record with more than `maxColumns` values, text that is not UTF-8, or a quote
 * that is never closed — the message names the file and the line.
 */
export function readCsvLines(input: Uint8Array | string, options: ReadCsvOptions): CsvTable {
  const { limits } = options;
  const name = options.file ?? 'The file';
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > limits.maxBytes) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `${name} is larger than ${formatSize(limits.maxBytes)}; an import may be at most that large.`,
    );
  }
  const text = typeof input === 'string' ? stripBom(input) : decodeUtf8(input, options.file);
  checkLineLengths(text, name, limits.maxLineLength);
  checkHeaderWidth(text, name, options.delimiter ?? ',', limits.maxColumns);

  // Without per-record hooks: csv-parse's record context costs a third of its time on large files.
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter: options.delimiter ?? ',',
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: limits.maxLineLength,
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${name}${line ? ` line ${line}` : ''}: ${csvProblem(error)}`,
      );
    }
    throw error;
  }

  // Blank lines come out as records of empty values; every record moves the line on by one plus the line breaks
  // inside its quoted values.
  const records: CsvRecord[] = [];
  let line = 1;
  for (const fields of rows) {
    const start = line;
    line += 1 + countNewlines(fields);
    if (fields.length > limits.maxColumns)
      throw tooManyColumns(name, start, fields.length, limits.maxColumns);
    let blank = true;
    for (let index = 0; index < fields.length; index++) {
      const field = withoutNeutralisingQuote((fields[index] ?? '').trim());
      fields[index] = field;
      if (field !== '') blank = false;
    }
    if (!blank) records.push({ line: start, fields });
  }
  const first = records.shift();
  if (!first) return { header: [], headerLine: 1, records: [] };
  return { header: first.fields, headerLine: first.line, records };
}

/**
 * Undoes the formula-injection guard of spreadsheet exports (ours among them: see modules/exports/neutralise.ts):
 * a value that starts with a single quote followed by `=`, `+`, `-`, `@`, a tab or a carriage return loses that
 * quote (and is trimmed again). Every other value is returned as it is.
 */
export function withoutNeutralisingQuote(value: string): string {
  return value.charCodeAt(0) === 0x27 && /^'[=+\-@\t\r]/.test(value) ? value.slice(1).trim() : value;
}

function tooManyColumns(name: string, line: number, count: number, maxColumns: number): ImportFileError {
  return new ImportFileError(
    'IMPORT_FILE_INVALID',
    `${name} line ${line}: ${count} columns, but an import may have at most ${maxColumns}.`,
  );
}

/** Refuses a first line with too many columns before the whole file is parsed (later lines are checked after). */
function checkHeaderWidth(text: string, name: string, delimiter: string, maxColumns: number): void {
  let columns = 1;
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') break;
    else if (char === delimiter) columns++;
  }
  if (columns > maxColumns) throw tooManyColumns(name, 1, columns, maxColumns);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Refuses the file at its first line longer than the limit, before the CSV parser buffers any of it. */
function checkLineLengths(text: string, name: string, maxLineLength: number): void {
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // One more for the \r of a \r\n line end.
    if (end - start > maxLineLength + 1) {
      throw new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${name} line ${line} is longer than ${maxLineLength} characters; an import may not have such long lines.`,
      );
    }
    start = end + 1;
    line++;
  }
}

function countNewlines(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a value opens a quote (") that is never closed.';
    case 'CSV_MAX_RECORD_SIZE':
      return 'the line (with its quoted values) is longer than an import may have.';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote (") inside a quoted value is not doubled.';
    default:
      return 'the line cannot be read as CSV.';
  }
}
