import { Inflate } from 'fflate';
import { ImportFileError } from './roster.ts';

/**
 * Reading a zip that someone uploaded, without trusting it: the central directory is read first (how many entries,
 * where they point, how large they say they are) and refused before anything is inflated; then each wanted entry is
 * inflated in small steps, counting what comes out, and stopped the moment it passes what the directory promised or
 * the limit, so a zip bomb that lies about its sizes costs at most `maxBytes` of memory and a fraction of a second.
 * The one unzip of the importer: the OneRoster reader takes files with `unzipSafely`; the Excel reader lists an .xlsx
 * with `listZipEntries` and proves each part it hands to its library with `readZipEntry`. Both refuse alike: a zip
 * that is or unpacks to more than the limit (a zip bomb, honest or lying about its sizes) is IMPORT_FILE_TOO_LARGE, a
 * damaged one IMPORT_FILE_INVALID, a path outside the zip IMPORT_FILE_UNSAFE.
 */

export interface ZipLimits {
  /** Largest sum of the entries' uncompressed sizes, as declared and as actually inflated. */
  maxBytes: number;
  /** Most entries (files and folders) in the zip. */
  maxEntries?: number;
}

export const DEFAULT_MAX_ZIP_ENTRIES = 50;

export interface ZipEntry {
  /** The entry's path inside the zip, with `/` separators; folders end in `/`. */
  path: string;
  /** 0 = stored, 8 = deflate; other methods are refused when the entry is read. */
  method: number;
  encrypted: boolean;
  /** The CRC-32 of the uncompressed content, as the central directory states it. */
  crc: number;
  compressedSize: number;
  /** Uncompressed size as the central directory states it (not trusted: inflating enforces it). */
  size: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_U32 = 0xffffffff;
/** Compressed input handed to the inflater per step: at most ~1,032 times this comes out of one step. */
const INFLATE_STEP = 16 * 1024;

/** True when the bytes start like a zip (a local file header, or the end record of an empty zip). */
export function isZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const signature = readU32(bytes, 0);
  return signature === LOCAL_SIGNATURE || signature === EOCD_SIGNATURE;
}

/**
 * The entries of a zip as its central directory describes them, after checking the directory itself: at most
 * `maxEntries` entries, no path that is absolute or climbs out of the zip's root (`..`), and declared sizes that add
 * up to no more than `maxBytes`. Nothing is inflated.
 * Throws ImportFileError: IMPORT_FILE_INVALID (not a zip, damaged), IMPORT_FILE_TOO_LARGE (too many entries, too
 * large), IMPORT_FILE_UNSAFE (a path outside the root).
 */
export function listZipEntries(zip: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ZIP_ENTRIES;
  const end = findEndOfCentralDirectory(zip);
  let count = readU16(zip, end + 10);
  let directoryOffset = readU32(zip, end + 16);
  if (count === 0xffff || directoryOffset === MAX_U32) {
    // A zip64 archive keeps the real numbers in its own end record, found through the locator before ours.
    const locator = end - 20;
    if (locator < 0 || readU32(zip, locator) !== ZIP64_LOCATOR_SIGNATURE) damaged();
    const zip64End = readU64(zip, locator + 8);
    if (zip64End + 56 > zip.length || readU32(zip, zip64End) !== ZIP64_EOCD_SIGNATURE) damaged();
    count = readU64(zip, zip64End + 32);
    directoryOffset = readU64(zip, zip64End + 48);
  }
  if (count > maxEntries) {
    throw new ImportFileError(
      'IMPORT_FILE_TOO_LARGE',
      `The zip holds ${count} files; an import may hold at most ${maxEntries}.`,
    );
  }

  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || readU32(zip, offset) !== CENTRAL_SIGNATURE) damaged();
    const flags = readU16(zip, offset + 8);
    const method = readU16(zip, offset + 10);
    const crc = readU32(zip, offset + 16);
    let compressedSize = readU32(zip, offset + 20);
    let size = readU32(zip, offset + 24);
    const nameLength = readU16(zip, offset + 28);
    const extraLength = readU16(zip, offset + 30);
    const commentLength = readU16(zip, offset + 32);
    let localHeaderOffset = readU32(zip, offset + 42);
    const nameStart = offset + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > zip.length) damaged();

    if (size === MAX_U32 || compressedSize === MAX_U32 || localHeaderOffset === MAX_U32) {
      // Zip64 extra field (id 1): the 8-byte values, in this order, of exactly the fields that are 0xFFFFFFFF.
      const zip64 = findExtraField(zip, extraStart, extraStart + extraLength, 0x0001);
      if (!zip64) damaged();
      let at = zip64.start;
      const take = (): number => {
        if (at + 8 > zip64.end) damaged();
        const value = readU64(zip, at);
        at += 8;
        return value;
      };
      if (size === MAX_U32) size = take();
      if (compressedSize === MAX_U32) compressedSize = take();
      if (localHeaderOffset === MAX_U32) localHeaderOffset = take();
    }

    const utf8 = (flags & 0x0800) !== 0;
    const path = decodeName(zip.subarray(nameStart, extraStart), utf8);
    checkPath(path);
    declaredTotal += size;
    if (declaredTotal > limits.maxBytes) tooLarge(limits.maxBytes);
    entries.push({
      path,
      method,
      encrypted: (flags & 0x0001) !== 0,
      crc,
      compressedSize,
      size,
      localHeaderOffset,
    });
    offset = next;
  }
  return entries;
}

/**
 * The files of a zip (folders left out) by path, inflated under the limits: `listZipEntries`' checks first, then
 * only the entries `accept` wants are read, each stopped as soon as it inflates past its declared size or all of
 * them together past `maxBytes`. Throws ImportFileError as `listZipEntries` does, and IMPORT_FILE_TOO_LARGE for an
 * entry that inflates to more than it claims; IMPORT_FILE_INVALID for a damaged, encrypted or oddly compressed one.
 */
export function unzipSafely(
  zip: Uint8Array,
  limits: ZipLimits,
  accept: (path: string) => boolean = () => true,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  // With every entry held to its declared size this cannot run out; it is the second line, should that one fail.
  const budget = zipBudget(limits);
  for (const entry of listZipEntries(zip, limits)) {
    if (entry.path.endsWith('/') || !accept(entry.path)) continue;
    files.set(entry.path, readZipEntry(zip, entry, budget));
  }
  return files;
}

/** What may still come out of one zip while its entries are read: shared by all entries of that zip. */
export interface ZipBudget {
  readonly maxBytes: number;
  remaining: number;
}

export function zipBudget(limits: ZipLimits): ZipBudget {
  return { maxBytes: limits.maxBytes, remaining: limits.maxBytes };
}

/**
 * The entry's bytes as they are stored in the zip (compressed, for method 8), after checking its local header;
 * for copying an entry into another zip without inflating it. Throws IMPORT_FILE_INVALID for a damaged zip.
 */
export function storedBytesOf(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const local = entry.localHeaderOffset;
  if (local + 30 > zip.length || readU32(zip, local) !== LOCAL_SIGNATURE) damaged();
  const dataStart = local + 30 + readU16(zip, local + 26) + readU16(zip, local + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > zip.length) damaged();
  return zip.subarray(dataStart, dataEnd);
}

/**
 * Inflates one entry of a listed zip, counting what comes out: stopped (IMPORT_FILE_TOO_LARGE) the moment it passes
 * the entry's declared size or what is left of the budget, so a bomb costs at most one step's output. With
 * `keep: false` the content is only proven (it inflates, to exactly its declared size, within the budget) and an
 * empty array is answered: for an entry that another reader inflates again. Throws IMPORT_FILE_INVALID for a
 * damaged, encrypted or oddly compressed entry.
 */
export function readZipEntry(
  zip: Uint8Array,
  entry: ZipEntry,
  budget: ZipBudget,
  options: { keep?: boolean } = {},
): Uint8Array {
  const keep = options.keep ?? true;
  const name = shortName(entry.path);
  if (entry.encrypted) {
    throw new ImportFileError('IMPORT_FILE_INVALID', `${name} in the zip is protected with a password.`);
  }
  const compressed = storedBytesOf(zip, entry);

  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) damaged();
    if (entry.size > budget.remaining) tooLarge(budget.maxBytes);
    budget.remaining -= entry.size;
    return keep ? compressed.slice() : new Uint8Array(0);
  }
  if (entry.method !== 8) {
    throw new ImportFileError(
      'IMPORT_FILE_INVALID',
      `${name} in the zip is compressed in a way Schoolpas cannot read (method ${entry.method}).`,
    );
  }
  // Refused before inflating anything when the directory itself says it is too much.
  if (entry.size > budget.remaining) tooLarge(budget.maxBytes);

  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.size) {
      throw new ImportFileError(
        'IMPORT_FILE_TOO_LARGE',
        `${name} in the zip inflates to more than the zip says it holds; it is refused as a zip bomb.`,
      );
    }
    if (produced > budget.remaining) tooLarge(budget.maxBytes);
    if (keep) chunks.push(chunk);
  });
  try {
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
    for (let at = 0; at < compressed.length; at += INFLATE_STEP) {
      const stepEnd = Math.min(at + INFLATE_STEP, compressed.length);
      inflater.push(compressed.subarray(at, stepEnd), stepEnd === compressed.length);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    damaged();
  }
  if (produced !== entry.size) damaged();
  budget.remaining -= produced;
  if (!keep) return new Uint8Array(0);
  const out = new Uint8Array(produced);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function findEndOfCentralDirectory(zip: Uint8Array): number {
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (readU32(zip, at) === EOCD_SIGNATURE) return at;
  }
  throw new ImportFileError('IMPORT_FILE_INVALID', 'The file is not a zip file (or the zip is damaged).');
}

function findExtraField(
  zip: Uint8Array,
  start: number,
  end: number,
  id: number,
): { start: number; end: number } | undefined {
  let at = start;
  while (at + 4 <= end) {
    const fieldId = readU16(zip, at);
    const length = readU16(zip, at + 2);
    if (fieldId === id) return { start: at + 4, end: Math.min(at + 4 + length, end) };
    at += 4 + length;
  }
  return undefined;
}

/** Refuses absolute paths, drive letters and `..` segments, with either slash, and NUL bytes. */
function checkPath(path: string): void {
  const segments = path.split(/[\\/]/);
  const unsafe =
    path.startsWith('/') ||
    path.startsWith('\\') ||
    /^[A-Za-z]:/.test(path) ||
    path.includes('\0') ||
    segments.some((segment) => segment === '..');
  if (unsafe) {
    throw new ImportFileError(
      'IMPORT_FILE_UNSAFE',
      `The zip holds a file with a path outside the zip's own folder ("${shortName(path)}"); it is refused.`,
    );
  }
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  // Names without the UTF-8 flag are in IBM code page 437; only ASCII names matter to us, so Latin-1 is enough.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(utf8 ? 'utf8' : 'latin1');
}

function shortName(path: string): string {
  return path.length > 100 ? `${path.slice(0, 97)}...` : path;
}

function damaged(): never {
  throw new ImportFileError('IMPORT_FILE_INVALID', 'The zip file is damaged and cannot be read.');
}

function tooLarge(maxBytes: number): never {
  throw new ImportFileError(
    'IMPORT_FILE_TOO_LARGE',
    `The files in the zip add up to more than ${formatSize(maxBytes)}; an import may be at most that large.`,
  );
}

/** "100 MB", "64 KB", "512 bytes": for messages. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function readU32(bytes: Uint8Array, at: number): number {
  return (readU16(bytes, at) | (readU16(bytes, at + 2) << 16)) >>> 0;
}

/** An 8-byte little-endian number; values beyond 2^53 come out imprecise but always far over any limit. */
function readU64(bytes: Uint8Array, at: number): number {
  return readU32(bytes, at) + readU32(bytes, at + 4) * 0x1_0000_0000;
}
