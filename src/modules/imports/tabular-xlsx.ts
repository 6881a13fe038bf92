import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { deflateSync, Inflate, strToU8, zipSync } from 'fflate';
import { ImportFileError, type ParseLimits } from './roster.ts';
import { megabytes, type Table, TableCollector } from './tabular-table.ts';

/**
 * Reading the first sheet of an Excel (.xlsx) workbook within limits.
 *
 * The workbook is a zip. Before exceljs sees it, the zip's directory is read here and only the parts a sheet's
 * values need (workbook, its relationships, styles for dates, shared strings, the first visible worksheet) are
 * unpacked, each with its output counted as it inflates: a part that unpacks to more than its directory says, or
 * parts that add up to more than `maxBytes`, stop the file at once (a zip bomb costs at most one chunk's output).
 * Those parts' original bytes are then put in a new zip, in an order that lets exceljs's streaming reader go
 * through the sheet row by row without writing it to a temporary file, and without any other sheet, picture or
 * macro in the file.
 */

export function isZip(file: Buffer): boolean {
  return file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;
}

export async function readXlsxTable(file: Buffer, fileName: string, limits: ParseLimits): Promise<Table> {
  const entries = zipEntries(file, fileName);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  if (!byName.has('xl/workbook.xml')) {
    const kind = byName.has('mimetype') || byName.has('content.xml') ? 'an OpenDocument file' : 'a zip file';
    throw new ImportFileError(
      'IMPORT_FORMAT_UNKNOWN',
      `${fileName} is ${kind}, not an Excel workbook; save it as .xlsx or CSV`,
    );
  }
  // Every part read is unpacked once, counted, to prove its size; only the workbook and its relationships are
  // kept, to find the first sheet. exceljs unpacks the others again from the original bytes.
  const budget = { left: limits.maxBytes };
  const check = (name: string, keep: boolean): Uint8Array | null => {
    const entry = byName.get(name);
    return entry ? inflateEntry(file, entry, budget, fileName, limits, keep) : null;
  };
  const workbookXml = check('xl/workbook.xml', true) as Uint8Array;
  const relsXml = check('xl/_rels/workbook.xml.rels', true);
  const sheetPath = firstSheetPath(text(workbookXml), relsXml ? text(relsXml) : '', byName);
  if (sheetPath === null) {
    throw new ImportFileError('IMPORT_FILE_INVALID', `${fileName} has no worksheet`);
  }
  const parts: { name: string; from: Buffer; entry: ZipEntry }[] = [
    { name: 'xl/_rels/workbook.xml.rels', ...filler('rels') },
    { name: 'xl/workbook.xml', from: file, entry: byName.get('xl/workbook.xml') as ZipEntry },
  ];
  for (const [name, missing] of [
    ['xl/styles.xml', null],
    ['xl/sharedStrings.xml', 'strings'],
    [sheetPath, null],
  ] as const) {
    const entry = byName.get(name);
    if (entry) {
      check(name, false);
      parts.push({ name: name === sheetPath ? 'xl/worksheets/sheet1.xml' : name, from: file, entry });
    } else if (missing) {
      parts.push({ name, ...filler(missing) });
    }
  }
  const repacked = repack(parts, fileName);

  const collector = new TableCollector(fileName, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([repacked]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      let previous = 0;
      for await (const row of sheet) {
        // A row's number is optional in the file format; without one, it follows the previous row.
        const rowNumber = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1;
        previous = rowNumber;
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column += 1) {
          const value = values[column];
          if (value === undefined || value === null) continue;
          const cell = cellText(value);
          if (cell.trim() === '') continue;
          if (column > limits.maxColumns) throw collector.tooWide(rowNumber, values.length - 1);
          while (cells.length < column - 1) cells.push('');
          cells.push(cell);
        }
        collector.add(cells, rowNumber);
      }
      break;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('IMPORT_FILE_INVALID', `${fileName}: the worksheet cannot be read`);
  }
  return collector.finish('xlsx', null, null);
}

/**
 * A cell's value as text. Formulas give the result Excel saved with them and are never evaluated (no saved
 * result: empty); rich text and hyperlinks give their text; dates give an ISO date (with the time when it is not
 * midnight); errors ("#N/A") give nothing.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || typeof result === 'object') {
      return result instanceof Date ? dateText(result) : '';
    }
    return cellText(result as ExcelJS.CellValue);
  }
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue);
  }
  return '';
}

/** Excel keeps 15 significant digits; 0.1 + 0.2 is shown as 0.3, 1001 as "1001". */
function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

const SHEET_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"' +
  ' Target="worksheets/sheet1.xml"/></Relationships>';

const EMPTY_STRINGS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';

/** The parts exceljs needs that a workbook may lack, zipped once so they can be copied like the file's own. */
let fillers: { file: Buffer; entries: Map<string, ZipEntry> } | null = null;
function filler(name: 'rels' | 'strings'): { from: Buffer; entry: ZipEntry } {
  if (fillers === null) {
    const file = Buffer.from(zipSync({ rels: strToU8(SHEET_RELS), strings: strToU8(EMPTY_STRINGS) }));
    fillers = { file, entries: new Map(zipEntries(file, 'fillers').map((entry) => [entry.name, entry])) };
  }
  return { from: fillers.file, entry: fillers.entries.get(name) as ZipEntry };
}

/**
 * A zip of the given entries, their compressed bytes copied as they are (only stored entries are packed), sizes
 * in the local headers and no data descriptors.
 */
function repack(parts: { name: string; from: Buffer; entry: ZipEntry }[], fileName: string): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, from, entry } of parts) {
    if (entry.compressedSize >= 0xffffffff || entry.size >= 0xffffffff) throw invalidZip(fileName, 'zip64');
    const nameBytes = Buffer.from(name, 'utf8');
    const stored = entryData(from, entry, fileName);
    // exceljs's unzipper reads a large stored (uncompressed) entry very slowly and into a lot of memory, so
    // those are deflated here; the CRC is of the content and stays the same.
    const data = entry.method === 0 ? Buffer.from(deflateSync(stored, { level: 1 })) : stored;
    const method = entry.method === 0 ? 8 : entry.method;
    const local = Buffer.alloc(30 + nameBytes.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    nameBytes.copy(local, 30);
    const central = Buffer.alloc(46 + nameBytes.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    nameBytes.copy(central, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const directorySize = centrals.reduce((sum, central) => sum + central.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    // Local names: the relationship id is "r:id" in Excel's files, under whatever prefix another writer chose.
    map.set((match[1] as string).replace(/^[\w.-]+:/, ''), decodeXml(match[2] ?? match[3] ?? ''));
  }
  return map;
}

function decodeXml(value: string): string {
  return value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : name === 'apos' ? "'" : '&',
  );
}

/**
 * The zip path of the workbook's first visible worksheet (hidden sheets and chart sheets are passed over), from
 * workbook.xml's sheet list and its relationships; without relationships, the lowest-numbered sheetN.xml.
 */
function firstSheetPath(workbookXml: string, relsXml: string, byName: Map<string, ZipEntry>): string | null {
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const attrs = attributes(match[0]);
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (id && target && /\/worksheet$/.test(attrs.get('Type') ?? '')) targets.set(id, target);
  }
  for (const match of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const attrs = attributes(match[0]);
    if (attrs.get('state') === 'hidden' || attrs.get('state') === 'veryHidden') continue;
    const target = targets.get(attrs.get('id') ?? '');
    if (!target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    if (byName.has(path)) return path;
  }
  const sheets = [...byName.keys()]
    .map((name) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  return sheets[0]?.[0] ?? null;
}

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const MAX_ENTRIES = 10_000;

function invalidZip(fileName: string, why: string): ImportFileError {
  return new ImportFileError('IMPORT_FILE_INVALID', `${fileName} is not a readable Excel file (${why})`);
}

/** The zip's central directory: names, sizes as declared, where each entry's data is. Nothing is unpacked. */
function zipEntries(file: Buffer, fileName: string): ZipEntry[] {
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i -= 1) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalidZip(fileName, 'no zip directory');
  let count = file.readUInt16LE(eocd + 10);
  let offset = file.readUInt32LE(eocd + 16);
  if (
    (count === 0xffff || offset === 0xffffffff) &&
    eocd >= 20 &&
    file.readUInt32LE(eocd - 20) === 0x07064b50
  ) {
    const record = Number(file.readBigUInt64LE(eocd - 12));
    if (record + 56 > file.length || file.readUInt32LE(record) !== 0x06064b50)
      throw invalidZip(fileName, 'zip64');
    count = Number(file.readBigUInt64LE(record + 32));
    offset = Number(file.readBigUInt64LE(record + 48));
  }
  if (count > MAX_ENTRIES) throw invalidZip(fileName, `${count} entries`);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    if (offset + 46 > file.length || file.readUInt32LE(offset) !== 0x02014b50) {
      throw invalidZip(fileName, 'broken zip directory');
    }
    const flags = file.readUInt16LE(offset + 8);
    const nameLength = file.readUInt16LE(offset + 28);
    const extraLength = file.readUInt16LE(offset + 30);
    const commentLength = file.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      name: file.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: file.readUInt16LE(offset + 10),
      crc: file.readUInt32LE(offset + 16),
      compressedSize: file.readUInt32LE(offset + 20),
      size: file.readUInt32LE(offset + 24),
      localOffset: file.readUInt32LE(offset + 42),
    };
    if (flags & 0x1) throw new ImportFileError('IMPORT_FILE_INVALID', `${fileName} is encrypted`);
    readZip64Extra(file, offset + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets of 0xffffffff are in the zip64 extra field (id 1), in this order, when present. */
function readZip64Extra(file: Buffer, start: number, length: number, entry: ZipEntry): void {
  const end = Math.min(start + length, file.length);
  for (let at = start; at + 4 <= end; ) {
    const id = file.readUInt16LE(at);
    const size = file.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
        if (entry[key] === 0xffffffff && field + 8 <= at + 4 + size && field + 8 <= end) {
          entry[key] = Number(file.readBigUInt64LE(field));
          field += 8;
        }
      }
    }
    at += 4 + size;
  }
}

const INFLATE_CHUNK = 16 * 1024;

/** An entry's compressed bytes, from its local header on. */
function entryData(file: Buffer, entry: ZipEntry, fileName: string): Buffer {
  const local = entry.localOffset;
  if (local + 30 > file.length || file.readUInt32LE(local) !== 0x04034b50) {
    throw invalidZip(fileName, `broken entry ${entry.name}`);
  }
  const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  if (start + entry.compressedSize > file.length) throw invalidZip(fileName, `truncated entry ${entry.name}`);
  return file.subarray(start, start + entry.compressedSize);
}

/**
 * Unpacks one entry with its output counted: more than the entry's declared size (a zip that lies) or than what is
 * left of the file's budget stops at once, so a bomb costs at most one chunk's worth of work. Answers the content
 * when `keep`, else only proves that it unpacks within its size (and an empty array).
 */
function inflateEntry(
  file: Buffer,
  entry: ZipEntry,
  budget: { left: number },
  fileName: string,
  limits: ParseLimits,
  keep: boolean,
): Uint8Array {
  if (entry.size > budget.left) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `${fileName} unpacks to more than ${megabytes(limits.maxBytes)}; an import may be at most that`,
    );
  }
  const data = entryData(file, entry, fileName);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw invalidZip(fileName, `damaged entry ${entry.name}`);
    budget.left -= data.length;
    return data;
  }
  if (entry.method !== 8) throw invalidZip(fileName, `compression method ${entry.method}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > entry.size) tooLarge = true;
    else if (keep) chunks.push(chunk);
  });
  try {
    for (let at = 0; !tooLarge && (at < data.length || at === 0); at += INFLATE_CHUNK) {
      inflater.push(data.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= data.length);
    }
  } catch {
    throw invalidZip(fileName, `damaged entry ${entry.name}`);
  }
  if (tooLarge) {
    throw new ImportFileError(
      'IMPORT_FILE_UNSAFE',
      `${fileName} unpacks to more than its zip directory declares`,
    );
  }
  budget.left -= total;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
