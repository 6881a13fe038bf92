import { parseEdexml } from './edexml.ts';
import { parseOneRosterZip } from './oneroster.ts';
import { DEFAULT_LIMITS, ImportFileError, type ParseLimits, type Roster } from './roster.ts';
import { matchColumns, readTable, tableToRoster } from './tabular.ts';
import { isZip, listZipEntries } from './zip.ts';

export interface ReadOptions {
  /** For CSV and Excel files: whether the rows are staff or students (default students). */
  kind?: 'staff' | 'student';
  limits?: ParseLimits;
}

/**
 * Reads an uploaded file into a roster, telling the format from the content, never from the name: a zip with
 * OneRoster's users.csv, a zip that is an Excel workbook, an XML document (EDEXML), or else text (CSV). A file
 * that is none of these is IMPORT_FORMAT_UNKNOWN.
 */
export async function readRoster(file: Buffer, fileName: string, options: ReadOptions = {}): Promise<Roster> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (file.length > limits.maxBytes) {
    throw new ImportFileError('IMPORT_FILE_TOO_LARGE', `the file is larger than ${limits.maxBytes} bytes`);
  }
  if (isZip(file)) {
    const entries = listZipEntries(file, { maxBytes: limits.maxBytes, maxEntries: 10_000 }).map((e) =>
      e.path.toLowerCase(),
    );
    if (entries.some((p) => p === 'users.csv' || p.endsWith('/users.csv')))
      return parseOneRosterZip(file, limits);
    if (!entries.includes('[content_types].xml') || !entries.some((p) => p.startsWith('xl/'))) {
      throw new ImportFileError(
        'IMPORT_FORMAT_UNKNOWN',
        'a zip without OneRoster files or an Excel workbook',
      );
    }
  } else if (looksLikeXml(file)) {
    return parseEdexml(file, limits);
  }
  const kind = options.kind ?? 'student';
  const table = await readTable(file, fileName, limits);
  const { mapping } = matchColumns(table.headers, kind);
  return tableToRoster(table, kind, mapping, {});
}

/** An XML document: after an optional byte-order mark and white space, "<". */
function looksLikeXml(file: Buffer): boolean {
  let i = file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf ? 3 : 0;
  while (
    i < file.length &&
    i < 1024 &&
    (file[i] === 0x20 || file[i] === 0x0a || file[i] === 0x0d || file[i] === 0x09)
  )
    i++;
  return file[i] === 0x3c;
}
