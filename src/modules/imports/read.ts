import { parseEdexml } from './edexml.ts';
import { looksLikeXml } from './edexml-xml.ts';
import { parseOneRosterZip } from './oneroster.ts';
import { DEFAULT_LIMITS, ImportFileError, type ParseLimits, type Roster } from './roster.ts';
import {
  type ColumnMapping,
  FIELDS,
  matchColumns,
  readTable,
  type TableToRosterOptions,
  tableToRoster,
} from './tabular.ts';
import { ColumnsMissingError } from './tabular-roster.ts';
import { isZip, listZipEntries } from './zip.ts';

export interface ReadOptions {
  /** For CSV and Excel files: whether the rows are staff or students (default students). */
  kind?: 'staff' | 'student';
  /** For CSV and Excel files: columns chosen by hand (0-based); fields left out are matched by header name. */
  mapping?: Partial<ColumnMapping>;
  /** For CSV and Excel files: the location of rows that name none. */
  defaultLocation?: TableToRosterOptions['defaultLocation'];
  limits?: ParseLimits;
}

/** How a CSV or Excel file's columns were matched, for the mapping step. */
export interface TableColumns {
  headers: string[];
  mapping: ColumnMapping;
  /** Headers matched to no field. */
  unmatched: string[];
  /** Headers of data Schoolpas never stores (BSN, birth date, …): not imported, never read. */
  ignored: string[];
}

export interface ReadUpload {
  roster: Roster;
  /** CSV and Excel only; null for EDEXML and OneRoster, whose fields are fixed. */
  columns: TableColumns | null;
}

/**
 * Reads an uploaded file into a roster, telling the format from the content, never from the name: a zip with
 * OneRoster's users.csv, a zip that is an Excel workbook, an XML document (EDEXML), or else text (CSV). A file
 * that is none of these is IMPORT_FORMAT_UNKNOWN.
 */
export async function readRoster(
  file: Buffer,
  fileName: string,
  options: ReadOptions = {},
): Promise<ReadUpload> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (file.length > limits.maxBytes) {
    throw new ImportFileError('IMPORT_FILE_TOO_LARGE', `the file is larger than ${limits.maxBytes} bytes`);
  }
  if (isZip(file)) {
    const entries = listZipEntries(file, { maxBytes: limits.maxBytes, maxEntries: 10_000 }).map((e) =>
      e.path.toLowerCase(),
    );
    if (entries.some((p) => p === 'users.csv' || p.endsWith('/users.csv')))
      return { roster: await parseOneRosterZip(file, limits), columns: null };
    if (!entries.includes('[content_types].xml') || !entries.some((p) => p.startsWith('xl/'))) {
      throw new ImportFileError(
        'IMPORT_FORMAT_UNKNOWN',
        'a zip without OneRoster files or an Excel workbook',
      );
    }
  } else if (looksLikeXml(file)) {
    return { roster: await parseEdexml(file, limits), columns: null };
  }
  const kind = options.kind ?? 'student';
  const table = await readTable(file, fileName, limits);
  const matched = matchColumns(table.headers, kind);
  const mapping = withChosenColumns(matched.mapping, options.mapping ?? {}, table.headers.length);
  const chosen = new Set([...FIELDS.flatMap((f) => (f === 'group' ? mapping.group : [mapping[f]]))]);
  const columns: TableColumns = {
    headers: table.headers,
    mapping,
    unmatched: table.headers.filter((h, i) => !chosen.has(i) && !matched.ignored.includes(h)),
    ignored: matched.ignored,
  };
  return { roster: mappedRoster(table, kind, mapping, options), columns };
}

/**
 * The table's rows as a roster. When the columns do not yet say enough (no first or last name, groups without a
 * location), the preview says so as its one rejection instead of refusing the file: the mapping step is where the
 * administrator fixes it.
 */
function mappedRoster(
  table: Awaited<ReturnType<typeof readTable>>,
  kind: 'staff' | 'student',
  mapping: ColumnMapping,
  options: ReadOptions,
): Roster {
  try {
    return tableToRoster(table, kind, mapping, { defaultLocation: options.defaultLocation });
  } catch (error) {
    if (!(error instanceof ColumnsMissingError)) throw error;
    return {
      format: table.format,
      locations: [],
      groups: [],
      staff: [],
      students: [],
      rejected: [
        {
          origin: { row: 1 },
          kind: kind === 'staff' ? 'staff' : 'students',
          field: '',
          ...error.reason,
        },
      ],
    };
  }
}

/**
 * The automatic mapping with the administrator's choices laid over it: a field they chose takes that column (or
 * none, for null), and a column they chose for one field is taken away from the field it was matched to.
 */
function withChosenColumns(
  auto: ColumnMapping,
  chosen: Partial<ColumnMapping>,
  width: number,
): ColumnMapping {
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < width;
  const mapping: ColumnMapping = { ...auto, group: [...auto.group] };
  const taken = new Set<number>();
  for (const field of FIELDS) {
    if (!(field in chosen)) continue;
    if (field === 'group') {
      mapping.group = (chosen.group ?? []).filter(inRange);
      for (const i of mapping.group) taken.add(i);
    } else {
      const index = chosen[field];
      mapping[field] = index !== null && index !== undefined && inRange(index) ? index : null;
      if (mapping[field] !== null) taken.add(mapping[field]);
    }
  }
  for (const field of FIELDS) {
    if (field in chosen) continue;
    if (field === 'group') mapping.group = mapping.group.filter((i) => !taken.has(i));
    else if (mapping[field] !== null && taken.has(mapping[field])) mapping[field] = null;
  }
  return mapping;
}
