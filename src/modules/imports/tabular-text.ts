import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError, type ParseLimits } from './roster.ts';
import { type Table, TableCollector, type TextEncoding } from './tabular-table.ts';

/**
 * Reading a text file as CSV: the bytes are decoded (see decodeText), lines longer than the limit refuse the file
 * before anything is parsed, and csv-parse reads the records with the separator found on the header line.
 */
export function readCsvTable(file: Buffer, fileName: string, limits: ParseLimits): Table {
  const { text: decoded, encoding } = decodeText(file, fileName);
  assertLineLengths(decoded, fileName, limits);
  const { text, separator, linesBefore } = separatorOf(decoded);

  const collector = new TableCollector(fileName, limits);
  // csv-parse counts bytes of its (UTF-8) input; the record's first line is found from where the previous record
  // ended, skipping the blank lines between them.
  const bytes = Buffer.from(text, 'utf8');
  let previousEnd = 0;
  let scanned = 0;
  let line = 1 + linesBefore;
  const lineAt = (offset: number) => {
    for (; scanned < offset; scanned += 1) {
      const byte = bytes[scanned];
      if (byte === 0x0a || (byte === 0x0d && bytes[scanned + 1] !== 0x0a)) line += 1;
    }
    return line;
  };
  try {
    parse(bytes, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: limits.maxLineLength,
      on_record: (record: string[], context) => {
        let start = previousEnd;
        while (bytes[start] === 0x0a || bytes[start] === 0x0d) start += 1;
        previousEnd = context.bytes;
        const rowNumber = lineAt(start);
        if (
          record.length > limits.maxColumns &&
          record.slice(limits.maxColumns).some((cell) => cell.trim())
        ) {
          throw collector.tooWide(rowNumber, record.length);
        }
        collector.add(record, rowNumber);
        // Nothing is kept by csv-parse itself: the collector holds the rows.
        return null;
      },
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) throw csvProblem(error, fileName, limits);
    throw error;
  }
  return collector.finish('csv', encoding, separator);
}

function csvProblem(error: CsvError, fileName: string, limits: ParseLimits): ImportFileError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `${fileName} line ${line}` : fileName;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError('IMPORT_FILE_INVALID', `${where}: a quoted value is never closed`);
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${where}: a value is longer than ${limits.maxLineLength} characters`,
      );
    default:
      return new ImportFileError('IMPORT_FILE_INVALID', `${where} cannot be read as CSV (${error.code})`);
  }
}

/**
 * Decodes a text file. A byte order mark decides (UTF-8, UTF-16 LE/BE); without one, bytes that are valid UTF-8
 * are UTF-8, and bytes with no valid UTF-8 multibyte sequence at all are Windows-1252 (Excel's "CSV" on a Dutch
 * Windows). Throws IMPORT_FORMAT_UNKNOWN for binary content (control characters other than tab and line breaks)
 * and for XML/HTML/JSON, IMPORT_FILE_INVALID for a file that mixes UTF-8 with other bytes: guessing would mangle
 * names, so the administrator is asked to save the file as UTF-8 instead.
 */
export function decodeText(file: Buffer, fileName: string): { text: string; encoding: TextEncoding } {
  let text: string;
  let encoding: TextEncoding;
  if (file[0] === 0xff && file[1] === 0xfe) {
    encoding = 'utf-16le';
    text = decodeStrict(file.subarray(2), encoding, fileName);
  } else if (file[0] === 0xfe && file[1] === 0xff) {
    encoding = 'utf-16be';
    text = decodeStrict(file.subarray(2), encoding, fileName);
  } else {
    assertNoBinaryBytes(file, fileName);
    const hasBom = file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf;
    const body = hasBom ? file.subarray(3) : file;
    const utf8 = tryDecode(body, 'utf-8');
    if (utf8 !== null) {
      encoding = 'utf-8';
      text = utf8;
    } else if (hasBom || hasUtf8Sequence(body)) {
      throw new ImportFileError(
        'IMPORT_FILE_INVALID',
        `${fileName} mixes UTF-8 with another encoding; save it again as "CSV UTF-8"`,
      );
    } else {
      encoding = 'windows-1252';
      text = new TextDecoder('windows-1252').decode(body);
    }
  }
  if (encoding.startsWith('utf-16') && hasControlCharacter(text)) throw notText(fileName);
  if (/^\s*[<{[]/.test(text.slice(0, 1024))) {
    throw new ImportFileError(
      'IMPORT_FORMAT_UNKNOWN',
      `${fileName} looks like XML, HTML or JSON, not a CSV or Excel file`,
    );
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

function notText(fileName: string): ImportFileError {
  return new ImportFileError('IMPORT_FORMAT_UNKNOWN', `${fileName} is not a CSV or Excel file`);
}

/**
 * Control bytes other than tab, line breaks and form feeds never occur in a CSV file in an 8-bit encoding or
 * UTF-8; an image, PDF, old .xls or random data has them within its first bytes. A DOS end-of-file mark (0x1a)
 * at the very end is allowed.
 */
function assertNoBinaryBytes(file: Buffer, fileName: string): void {
  if (file[0] === 0xd0 && file[1] === 0xcf && file[2] === 0x11 && file[3] === 0xe0) {
    throw new ImportFileError(
      'IMPORT_FORMAT_UNKNOWN',
      `${fileName} is an Excel 97-2003 (.xls) or password-protected workbook; save it as .xlsx or CSV`,
    );
  }
  const end = file[file.length - 1] === 0x1a ? file.length - 1 : file.length;
  for (let i = 0; i < end; i += 1) {
    if (isControl(file[i] as number)) throw notText(fileName);
  }
}

function isControl(code: number): boolean {
  return code < 0x20 && (code < 0x09 || code > 0x0d);
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

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
 * Refuses a file with a line longer than the limit before it is parsed (a single 10 MB line costs milliseconds
 * here, and far more in a CSV parser). Lines end at LF, CRLF or a lone CR.
 */
function assertLineLengths(text: string, fileName: string, limits: ParseLimits): void {
  let start = 0;
  let lineNumber = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > limits.maxLineLength) {
      // Perhaps lines end with a lone CR (old Mac files); measure those.
      for (const part of text.slice(start, end).split('\r')) {
        if (part.length > limits.maxLineLength) {
          throw new ImportFileError(
            'IMPORT_FILE_INVALID',
            `${fileName} line ${lineNumber} is longer than ${limits.maxLineLength} characters`,
          );
        }
        lineNumber += 1;
      }
      lineNumber -= 1;
    }
    lineNumber += 1;
    start = end + 1;
  }
}

const SEPARATORS = [';', '\t', ','] as const;
type Separator = (typeof SEPARATORS)[number];

/**
 * The separator: the one an Excel "sep=;" first line names (that line is then dropped), else the most frequent of
 * `;`, tab and `,` outside quotes on the header line (ties in that order: Dutch Excel writes `;`, and a header
 * with commas in quotes is rarer than names with commas). A one-column file has none of them and reads as `,`.
 */
function separatorOf(text: string): { text: string; separator: Separator; linesBefore: number } {
  const hint = /^sep=([;,\t])\r?\n/i.exec(text);
  if (hint) {
    return { text: text.slice(hint[0].length), separator: hint[1] as Separator, linesBefore: 1 };
  }
  const counts = new Map<string, number>();
  let quoted = false;
  let seenValue = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      // Blank lines before the header are skipped, as the parser skips them.
      if (seenValue) break;
    } else if (!quoted && (char === ';' || char === ',' || char === '\t')) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    if (char !== '\n' && char !== '\r') seenValue = true;
  }
  let separator: Separator = ',';
  let best = 0;
  for (const candidate of SEPARATORS) {
    const count = counts.get(candidate) ?? 0;
    if (count > best) {
      separator = candidate;
      best = count;
    }
  }
  return { text, separator, linesBefore: 0 };
}
