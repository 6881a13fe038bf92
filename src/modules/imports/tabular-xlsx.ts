import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { lazily } from '../../platform/lazy.ts';
import { ImportFileError, type ParseLimits } from './roster.ts';
import { type Table, TableCollector } from './tabular-table.ts';
import { listZipEntries, readZipEntry, storedBytesOf, type ZipEntry, zipBudget } from './zip.ts';

const excel = lazily(async () => (await import('exceljs')).default);

export { isZip } from './zip.ts';

/**
 * Reading the first sheet of an Excel (.xlsx) workbook within limits.
 *
 * The workbook is a zip. Before exceljs sees it, the zip's directory is read with zip.ts's safe unzip and only the
 * parts a sheet's values need (workbook, its relationships, styles for dates, shared strings, the first visible
 * worksheet) are unpacked, each with its output counted as it inflates: a part that unpacks to more than its
 * directory says, or parts that add up to more than `maxBytes`, stop the file at once with IMPORT_FILE_TOO_LARGE,
 * as any zip bomb is (it costs at most one step's output).
 * Those parts' original bytes are then put in a new zip, in an order that lets exceljs's streaming reader go
 * through the sheet row by row without writing it to a temporary file, and without any other sheet, picture or
 * macro in the file.
 */

/** Most entries an .xlsx may hold (sheets, pictures, …); a workbook is never near this. */
const MAX_ENTRIES = 10_000;

export async function readXlsxTable(file: Buffer, fileName: string, limits: ParseLimits): Promise<Table> {
  const entries = listZipEntries(file, { maxBytes: limits.maxBytes, maxEntries: MAX_ENTRIES });
  const byName = new Map(entries.map((entry) => [entry.path, entry]));
  if (!byName.has('xl/workbook.xml')) {
    const kind = byName.has('mimetype') || byName.has('content.xml') ? 'an OpenDocument file' : 'a zip file';
    throw new ImportFileError(
      'IMPORT_FORMAT_UNKNOWN',
      `${fileName} is ${kind}, not an Excel workbook; save it as .xlsx or CSV`,
    );
  }
  // Every part read is unpacked once, counted, to prove its size; only the workbook and its relationships are
  // kept, to find the first sheet. exceljs unpacks the others again from the original bytes.
  const budget = zipBudget(limits);
  const check = (name: string, keep: boolean): Uint8Array | null => {
    const entry = byName.get(name);
    return entry ? readZipEntry(file, entry, budget, { keep }) : null;
  };
  const workbookXml = check('xl/workbook.xml', true) as Uint8Array;
  const relsXml = check('xl/_rels/workbook.xml.rels', true);
  const sheetPath = firstSheetPath(text(workbookXml), relsXml ? text(relsXml) : '', byName);
  if (sheetPath === null) {
    throw new ImportFileError('IMPORT_FILE_INVALID', `${fileName} has no worksheet`);
  }
  const parts: Part[] = [
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
  const repacked = repack(parts);

  const collector = new TableCollector(fileName, limits);
  const { stream } = await excel();
  const reader = new stream.xlsx.WorkbookReader(Readable.from([repacked]), {
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
    const entries = listZipEntries(file, { maxBytes: 1024 * 1024 });
    fillers = { file, entries: new Map(entries.map((entry) => [entry.path, entry])) };
  }
  return { from: fillers.file, entry: fillers.entries.get(name) as ZipEntry };
}

/** A part of the workbook handed to exceljs: its new name, and the zip and entry its bytes are copied from. */
interface Part {
  name: string;
  from: Buffer;
  entry: ZipEntry;
}

/**
 * A zip of the given entries, their compressed bytes copied as they are (only stored entries are packed), sizes
 * in the local headers and no data descriptors. Every entry has been proven by readZipEntry first.
 */
function repack(parts: Part[]): Buffer {
  const locals: Uint8Array[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, from, entry } of parts) {
    // Proven parts are under the import's limit, far below the 4 GB a zip without zip64 can describe.
    const nameBytes = Buffer.from(name, 'utf8');
    const stored = storedBytesOf(from, entry);
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
