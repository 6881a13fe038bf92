import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError, type ParseLimits } from './roster.ts';

/**
 * The one CSV reader of the importers, for OneRoster files and for staff and student lists alike. The bytes are
 * decoded (see decodeText), a line longer than `maxLineLength` refuses the file before anything is parsed, and
 * csv-parse reads the records with RFC 4180 quoting (a stray quote inside an unquoted value is kept as text rather
 * than failing the file). Every value is trimmed and loses a formula-injection quote (see withoutNeutralisingQuote);
 * records whose values are all empty are left out; each record knows the line it starts on. A file over a limit or
 * one that cannot be read as CSV is refused as a whole (ImportFileError; the message names the file and the line)
 * before its records are used; what the fields mean is left to the caller. The file's size (`maxBytes`) is the
 * caller's to check, as it knows whether a file stands alone or is one of a zip.
 */

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type Separator = ';' | ',' | '\t';

export interface CsvRecord {
  /** 1-based line on which the record starts (the header is line 1 when the file starts with it). */
  line: number;
  /** The values, trimmed; a record with more than `maxColumns` values ends at its last value that is not empty. */
  fields: string[];
}

export interface CsvTable {
  /** The first record's fields; empty for a file without any record. */
  header: string[];
  headerLine: number;
  /** The records after the header, in file order. */
  records: CsvRecord[];
  encoding: TextEncoding;
  separator: Separator;
}

export interface ReadCsvOptions {
  limits: ParseLimits;
  /** The file's name, used in error messages ("users.csv line 12: …"). */
  file?: string;
  /**
   * The separator. When absent it is the one an Excel "sep=;" first line names (that line is then dropped), else
   * the most frequent of `;`, tab and `,` outside quotes on the header line (ties in that order: Dutch Excel writes
   * `;`, and a header with commas in quotes is rarer than names with commas); a one-column file reads as `,`.
   */
  separator?: Separator;
  /** Most records after the header; one more throws IMPORT_FILE_TOO_LARGE while reading. Unlimited when absent. */
  maxRecords?: number;
}

/**
 * The file's header and records. Bytes are decoded (see decodeText); a string is taken as already decoded (UTF-8).
 * Throws ImportFileError IMPORT_FILE_INVALID for a line over `maxLineLength` characters, a record with a value
 * beyond `maxColumns`, a quote that is never closed, or text that decodeText refuses; IMPORT_FILE_TOO_LARGE for more
 * than `maxRecords` records; and what decodeText throws for content that is no text at all.
 */
export function readCsvLines(input: Uint8Array | string, options: ReadCsvOptions): CsvTable {
  const { limits } = options;
  const name = options.file ?? 'The file';
  const { text: decoded, encoding } =
    typeof input === 'string'
      ? { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'utf-8' as const }
      : decodeText(input, name);
  const lines = checkLineLengths(decoded, name, limits.maxLineLength);
  const { text, separator, linesBefore } = options.separator
    ? { text: decoded, separator: options.separator, linesBefore: 0 }
    : separatorOf(decoded);

  // Blank lines come out as records of empty values; every record moves the line on by one plus the line breaks
  // inside its quoted values.
  const records: CsvRecord[] = [];
  // The header and the records after it.
  const most = 1 + (options.maxRecords ?? Number.POSITIVE_INFINITY);
  let line = 1 + linesBefore;
  const take = (fields: string[]): null => {
    const start = line;
    line += 1 + countNewlines(fields);
    let last = -1;
    for (let index = 0; index < fields.length; index++) {
      const field = withoutNeutralisingQuote((fields[index] as string).trim());
      fields[index] = field;
      if (field !== '') last = index;
    }
    if (last < 0) return null;
    if (last >= limits.maxColumns) throw tooManyColumns(name, start, last + 1, limits.maxColumns);
    if (records.length >= most) {
      throw new ImportFileError(
        'IMPORT_FILE_TOO_LARGE',
        `${name} has more than ${most - 1} rows; split it into smaller files.`,
      );
    }
    if (fields.length > limits.maxColumns) fields.length = last + 1;
    records.push({ line: start, fields });
    return null;
  };
  // A file that could be over the column or record limits is checked record by record as it is parsed, so it never
  // fills memory; any other file is parsed whole and checked after, as csv-parse's per-record hook costs a third of
  // its time. (A file with fewer characters than that has fewer separators: no need to count them.)
  const columns = lines * limits.maxColumns;
  const separators = text.length > columns ? countOf(text, separator) : 0;
  // Empty values are skipped, not counted as rows, so a file of lines full of separators (";;;;…") would have the
  // parser build millions of empty values: more than twice the values a file within the limits can hold is refused
  // before parsing. (A short file is parsed in any case: its own record checks say which line is too wide.)
  const allowed = 2 * limits.maxColumns * Math.max(Math.min(lines, most), 1_000);
  if (separators > allowed) {
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      `${name} has ${separators} separators on ${lines} lines: more columns than an import may have ` +
        `(at most ${limits.maxColumns}).`,
    );
  }
  const careful = lines > most || separators > columns;
  try {
    const rows = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: limits.maxLineLength,
      ...(careful ? { on_record: take } : {}),
    });
    for (const fields of rows) take(fields);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = (error as CsvError & { lines?: number }).lines;
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      `${name}${at ? ` line ${at + linesBefore}` : ''}: ${csvProblem(error, limits.maxLineLength)}`,
    );
  }
  const first = records.shift();
  if (!first) return { header: [], headerLine: 1, records: [], encoding, separator };
  return { header: first.fields, headerLine: first.line, records, encoding, separator };
}

/**
 * Undoes the formula-injection guard of spreadsheet exports (ours among them: see modules/exports/neutralise.ts):
 * a value that starts with a single quote followed by `=`, `+`, `-`, `@`, a tab or a carriage return loses that
 * quote (and is trimmed again). Every other value is returned as it is.
 */
export function withoutNeutralisingQuote(value: string): string {
  return value.charCodeAt(0) === 0x27 && /^'[=+\-@\t\r]/.test(value) ? value.slice(1).trim() : value;
}

export function tooManyColumns(
  name: string,
  line: number,
  count: number,
  maxColumns: number,
): ImportFileError {
  return new ImportFileError(
    'IMPORT_FILE_INVALID',
    `${name} line ${line}: ${count} columns, but an import may have at most ${maxColumns}.`,
  );
}

/**
 * Decodes a text file. A byte order mark decides (UTF-8, UTF-16 LE/BE); without one, bytes that are valid UTF-8
 * are UTF-8, and bytes with no valid UTF-8 multibyte sequence at all are Windows-1252 (Excel's "CSV" on a Dutch
 * Windows). Throws IMPORT_FORMAT_UNKNOWN for binary content (control characters other than tab and line breaks)
 * and for XML/HTML/JSON, IMPORT_FILE_INVALID for a file that mixes UTF-8 with other bytes: guessing would mangle
 * names, so the administrator is asked to save the file as UTF-8 instead.
 */
export function decodeText(file: Uint8Array, fileName: string): { text: string; encoding: TextEncoding } {
  let text: string;
  let encoding: TextEncoding;
  if (file[0] === 0xff && file[1] === 0xfe) {
    encoding = 'utf-16le';
    text = decodeStrict(file.subarray(2), encoding, fileName);
  } else if (file[0] === 0xfe && file[1] === 0xff) {
    encoding = 'utf-16be';
    text = decodeStrict(file.subarray(2), encoding, fileName);
  } else {
    if (file[0] === 0xd0 && file[1] === 0xcf && file[2] === 0x11 && file[3] === 0xe0) {
      throw new ImportFileError(
        'IMPORT_FORMAT_UNKNOWN',
        `${fileName} is an Excel 97-2003 (.xls) or password-protected workbook; save it as .xlsx or CSV`,
      );
    }
    const hasBom = file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf;
    const body = hasBom ? file.subarray(3) : file;
    const utf8 = tryDecode(body, 'utf-8');
    encoding = utf8 === null ? 'windows-1252' : 'utf-8';
    text = utf8 ?? new TextDecoder('windows-1252').decode(body);
    if (utf8 === null && !CONTROL.test(text) && (hasBom || hasUtf8Sequence(body))) {
      throw new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${fileName} mixes UTF-8 with another encoding; save it again as "CSV UTF-8"`,
      );
    }
  }
  if (CONTROL.test(text)) {
    throw new ImportFileError('IMPORT_FORMAT_UNKNOWN', `${fileName} is not a CSV or Excel file`);
  }
  if (/^\s*[<{[]/.test(text.slice(0, 1024))) {
    throw new ImportFileError('IMPORT_FORMAT_UNKNOWN', `${fileName} looks like XML, HTML or JSON, not CSV`);
  }
  return { text, encoding };
}

function tryDecode(bytes: Uint8Array, encoding: TextEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeStrict(bytes: Uint8Array, encoding: TextEncoding, fileName: string): string {
  const text = tryDecode(bytes, encoding);
  if (text === null) {
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      `${fileName} is not valid ${encoding.toUpperCase()} throughout`,
    );
  }
  return text;
}

/**
 * Control characters other than tab, line breaks and form feeds never occur in a CSV file; an image, PDF, old .xls
 * or random data has them within its first bytes. A DOS end-of-file mark (0x1a) at the very end is allowed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what the pattern is for.
const CONTROL = /[\0-\x08\x0e-\x19\x1b-\x1f]|\x1a(?!$)/;

/** Whether the bytes hold at least one well-formed UTF-8 multibyte sequence. */
function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i += 1) {
    const lead = bytes[i] as number;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    let ok = i + length <= bytes.length;
    for (let k = 1; ok && k < length; k += 1) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

/**
 * Refuses the file at its first line longer than the limit, before the CSV parser buffers any of it (a single
 * 10 MB line costs milliseconds here, and far more in a CSV parser). Lines end at LF, CRLF or a lone CR.
 */
function checkLineLengths(text: string, name: string, maxLineLength: number): number {
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (lineEnd - start > maxLineLength) {
      // Perhaps lines end with a lone CR (old Mac files); measure those one by one.
      for (const part of text.slice(start, lineEnd).split('\r')) {
        if (part.length > maxLineLength) {
          throw new ImportFileError(
            'IMPORT_FILE_INVALID',
            `${name} line ${line} is longer than ${maxLineLength} characters; an import may not have such long lines.`,
          );
        }
        line++;
      }
      line--;
    }
    line++;
    start = end + 1;
  }
  return line - 1;
}

const SEPARATORS = [';', '\t', ','] as const;

/** The separator a file without a fixed one has (see ReadCsvOptions.separator), and the lines before its header. */
function separatorOf(text: string): { text: string; separator: Separator; linesBefore: number } {
  const hint = /^sep=([;,\t])\r?\n/i.exec(text);
  if (hint) {
    return { text: text.slice(hint[0].length), separator: hint[1] as Separator, linesBefore: 1 };
  }
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  let seenValue = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      // Blank lines before the header are skipped, as the reader skips them.
      if (seenValue) break;
    } else if (!quoted && (char === ';' || char === ',' || char === '\t')) counts[char]++;
    if (char !== '\n' && char !== '\r') seenValue = true;
  }
  let separator: Separator = ',';
  let best = 0;
  for (const candidate of SEPARATORS) {
    if (counts[candidate] > best) {
      separator = candidate;
      best = counts[candidate];
    }
  }
  return { text, separator, linesBefore: 0 };
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

function countNewlines(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

function csvProblem(error: CsvError, maxLineLength: number): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a value opens a quote (") that is never closed.';
    case 'CSV_MAX_RECORD_SIZE':
      return `the line (with its quoted values) is longer than ${maxLineLength} characters.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote (") inside a quoted value is not doubled.';
    default:
      return 'the line cannot be read as CSV.';
  }
}
