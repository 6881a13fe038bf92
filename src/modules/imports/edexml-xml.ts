import { TextDecoder } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { ImportFileError } from './roster.ts';

/**
 * The XML layer of the EDEXML reader: bytes to text in the declared encoding, the refusal of DTDs before any parser
 * sees them, and the document read one record at a time.
 *
 * A tree of a whole 100,000-student file would take several hundred megabytes, so the document is not parsed in
 * one piece. A light scanner walks the markup to find where each section (`leerlingen`, …) and each record in it
 * (`leerling`, …) starts and ends, checking on the way that every tag is closed in order; fast-xml-parser then
 * parses the records in small batches, keeping only the elements Schoolpas reads (see KEPT_IN_RECORD). Memory stays
 * at the text plus one batch plus what is read from it.
 */

/** Where an element is in the text: from its `<` to after its `>`, and its content between the two tags. */
export interface ElementSpan {
  name: string;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

/** An element as fast-xml-parser gives it: its name, attributes (entity references still encoded), children. */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: readonly XmlNode[];
}

/** fast-xml-parser's ordered node: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;

const ATTRIBUTES = ':@';
const TEXT = '#text';
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const MAX_DEPTH = 100;
/** Records parsed per fast-xml-parser call: small enough to keep the tree small, large enough to amortise a call. */
const BATCH_RECORDS = 500;
const BATCH_CHARACTERS = 1 << 20;

/**
 * Elements kept inside a record (a vestiging, groep, leerling or leerkracht): names, keys, references, contact
 * fields and the date a student left. Everything else (BSN, birth date, gender, address, countries, toevoegingen, …)
 * is dropped while the record is parsed, so it never reaches a tree, let alone the roster.
 */
const KEPT_IN_RECORD = new Set([
  // vestiging, groep, samengestelde_groep
  'naam',
  'jaargroep',
  'vestiging',
  // leerling, leerkracht
  'achternaam',
  'voorvoegsel',
  'voornamen',
  'voorletters-1',
  'roepnaam',
  'gebruikersnaam',
  'emailadres',
  'groep',
  'samengestelde_groepen',
  'groepen',
  'samengestelde_groep',
  'uitstroomdatum',
]);
/** Inside those: only the group references of `samengestelde_groepen` (leerling) and `groepen` (leerkracht). */
const KEPT_IN_REFERENCE_LIST = new Set(['groep', 'samengestelde_groep']);

function invalid(message: string): never {
  throw new ImportFileError('IMPORT_FILE_INVALID', message);
}

/**
 * Decodes the file in the encoding its byte-order mark or XML declaration names (UTF-8 when neither does), refusing
 * bytes that are not valid in that encoding: a file that mixes encodings is refused instead of importing garbled
 * names.
 */
export function decodeXml(file: Buffer): string {
  const encoding = detectEncoding(file);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    invalid(`The file's encoding "${encoding}" is not supported.`);
  }
  try {
    return decoder.decode(file);
  } catch {
    invalid(`The file is not valid ${encoding.toUpperCase()} text (it may mix character encodings).`);
  }
}

/**
 * Whether the bytes start like an XML document in an encoding decodeXml reads: after a byte-order mark (UTF-8,
 * UTF-16 LE or BE) or none, and white space, a "<" (also UTF-16 without a mark, "<" next to a zero byte). For
 * telling an EDEXML file from a CSV by its content, so that a UTF-16 file with a DOCTYPE is refused as unsafe
 * XML rather than read as text. Looks at the first 1 KB only; never throws.
 */
export function looksLikeXml(file: Uint8Array): boolean {
  const head = Buffer.from(file.buffer, file.byteOffset, Math.min(file.byteLength, 1024));
  const encoding = detectEncoding(head);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be') {
    let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (at < head.length && isSpace(head[at] ?? 0)) at += 1;
    return head[at] === 0x3c;
  }
  const text = new TextDecoder(encoding).decode(head);
  return /^\s*</.test(text.replace(/^\ufeff/, ''));
}

function detectEncoding(file: Buffer): string {
  if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) return 'utf-8';
  if (file[0] === 0xff && file[1] === 0xfe) return 'utf-16le';
  if (file[0] === 0xfe && file[1] === 0xff) return 'utf-16be';
  // "<?" in UTF-16 without a byte-order mark.
  if (file[0] === 0x3c && file[1] === 0x00 && file[2] === 0x3f && file[3] === 0x00) return 'utf-16le';
  if (file[0] === 0x00 && file[1] === 0x3c && file[2] === 0x00 && file[3] === 0x3f) return 'utf-16be';
  const declaration = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(
    file.subarray(0, 256).toString('latin1'),
  );
  const declared = declaration?.[1]?.toLowerCase();
  if (!declared || declared === 'utf8') return 'utf-8';
  return declared;
}

/**
 * Refuses any markup declaration: `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, … (XXE, billion laughs, external DTDs). EDEXML
 * never has one. Only comments and CDATA sections may start with `<!`, and their contents are skipped, so this is one
 * linear `indexOf` pass over the text, done before any parser sees it.
 */
export function refuseDeclarations(text: string): void {
  let at = text.indexOf('<!');
  while (at !== -1) {
    let end: number;
    if (text.startsWith('<!--', at)) end = text.indexOf('-->', at + 4);
    else if (text.startsWith('<![CDATA[', at)) end = text.indexOf(']]>', at + 9);
    else
      throw new ImportFileError(
        'IMPORT_FILE_UNSAFE',
        'The file contains a DOCTYPE or ENTITY declaration; XML files with declarations are never imported.',
      );
    // An unclosed comment or CDATA section hides the rest of the file; reading it refuses the file.
    if (end === -1) return;
    at = text.indexOf('<!', end + 3);
  }
}

/**
 * Where the document's one root element starts, and its name. Before it only the XML declaration, processing
 * instructions, comments and white space may come; anything else means the file is not XML.
 */
export function documentRoot(text: string): { start: number; name: string } {
  const start = skipMisc(text, 0);
  if (start >= text.length || text.charCodeAt(start) !== 60 || text.charCodeAt(start + 1) === 47)
    invalid('The file is not XML.');
  return { start, name: tagName(text, start, tagEnd(text, start)) };
}

/** Refuses anything but comments, processing instructions and white space after the root element. */
export function checkAfterRoot(text: string, rootEnd: number): void {
  if (skipMisc(text, rootEnd) < text.length) invalid('The file has more after its root element.');
}

/**
 * Walks the element whose opening tag starts at `lt` up to its closing tag, checking that every tag is closed in
 * order, and returns where it is. Each child element is handed to `visitChild` with its start and name; the visitor
 * reads it and returns the index just after it. Without a visitor, children are only checked.
 */
export function walkElement(
  text: string,
  lt: number,
  visitChild: (start: number, name: string) => number = (start) => readElement(text, start).end,
): ElementSpan {
  const openEnd = tagEnd(text, lt);
  const nameLength = tagNameLength(text, lt, openEnd);
  const name = text.slice(lt + 1, lt + 1 + nameLength);
  if (text.charCodeAt(openEnd - 2) === 47)
    return { name, start: lt, end: openEnd, contentStart: openEnd, contentEnd: openEnd };
  let at = openEnd;
  for (;;) {
    const next = text.indexOf('<', at);
    if (next === -1) invalid(`<${name}> is not closed.`);
    const skipped = skipSpecial(text, next);
    if (skipped !== -1) {
      at = skipped;
      continue;
    }
    if (text.charCodeAt(next + 1) === 47) {
      const end = tagEnd(text, next);
      if (!closes(text, next, end, lt + 1, nameLength))
        invalid(`${text.slice(next, end)} does not close <${name}>.`);
      return { name, start: lt, end, contentStart: openEnd, contentEnd: next };
    }
    at = visitChild(next, tagName(text, next, tagEnd(text, next)));
  }
}

/** The index just after the element starting at `lt` (whose tags are checked, and content skipped). */
export function readElementEnd(text: string, lt: number): number {
  return readElement(text, lt).end;
}

/**
 * Reads the element starting at `lt`, walking its content to the matching closing tag and checking on the way that
 * every tag is closed, in order. Names on the way are compared in place (start and length), not copied.
 */
function readElement(text: string, lt: number): ElementSpan {
  const openEnd = tagEnd(text, lt);
  const nameLength = tagNameLength(text, lt, openEnd);
  const name = text.slice(lt + 1, lt + 1 + nameLength);
  if (text.charCodeAt(openEnd - 2) === 47)
    return { name, start: lt, end: openEnd, contentStart: openEnd, contentEnd: openEnd };
  const openStarts = [lt + 1];
  const openLengths = [nameLength];
  let at = openEnd;
  for (;;) {
    const next = text.indexOf('<', at);
    if (next === -1) invalid(`<${name}> is not closed.`);
    const skipped = skipSpecial(text, next);
    if (skipped !== -1) {
      at = skipped;
      continue;
    }
    const end = tagEnd(text, next);
    if (text.charCodeAt(next + 1) === 47) {
      const start = openStarts.pop() ?? 0;
      const length = openLengths.pop() ?? 0;
      if (!closes(text, next, end, start, length))
        invalid(`${text.slice(next, end)} does not close <${text.slice(start, start + length)}>.`);
      if (openStarts.length === 0) return { name, start: lt, end, contentStart: openEnd, contentEnd: next };
    } else if (text.charCodeAt(end - 2) !== 47) {
      if (openStarts.length >= MAX_DEPTH) invalid('The elements are nested too deeply.');
      openStarts.push(next + 1);
      openLengths.push(tagNameLength(text, next, end));
    }
    at = end;
  }
}

/** Whether the closing tag [lt, end) names the element whose name is at [nameStart, nameStart + nameLength). */
function closes(text: string, lt: number, end: number, nameStart: number, nameLength: number): boolean {
  let at = lt + 2;
  for (let k = 0; k < nameLength; k += 1, at += 1)
    if (text.charCodeAt(at) !== text.charCodeAt(nameStart + k)) return false;
  while (at < end - 1 && isSpace(text.charCodeAt(at))) at += 1;
  return at === end - 1;
}

/** After white space, processing instructions and comments from `at`. */
function skipMisc(text: string, at: number): number {
  for (;;) {
    while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
    if (text.startsWith('<?', at)) at = after(text, '?>', at + 2, 'A processing instruction is not closed.');
    else if (text.startsWith('<!--', at)) at = after(text, '-->', at + 4, 'A comment is not closed.');
    else return at;
  }
}

/** Skips the comment, CDATA section or processing instruction at `lt`; -1 when `lt` starts a tag. */
function skipSpecial(text: string, lt: number): number {
  const next = text.charCodeAt(lt + 1);
  if (next === 63) return after(text, '?>', lt + 2, 'A processing instruction is not closed.');
  if (next !== 33) return -1;
  if (text.startsWith('<!--', lt)) return after(text, '-->', lt + 4, 'A comment is not closed.');
  if (text.startsWith('<![CDATA[', lt)) return after(text, ']]>', lt + 9, 'A CDATA section is not closed.');
  // Declarations were refused before reading; any other "<!" is not XML.
  return invalid('The file is not well-formed XML.');
}

function after(text: string, terminator: string, from: number, message: string): number {
  const at = text.indexOf(terminator, from);
  if (at === -1) invalid(message);
  return at + terminator.length;
}

/**
 * The index after the `>` ending the tag that starts at `lt`, honouring quoted attribute values (which may hold `>`
 * but never `<`, so an unclosed quote is found at the next tag).
 */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let at = lt + 1; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if (c === 60) break;
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return at + 1;
  }
  return invalid('A tag is not closed.');
}

/** The length of the element name in the opening tag `<name …>` spanning [lt, end). */
function tagNameLength(text: string, lt: number, end: number): number {
  let at = lt + 1;
  while (at < end) {
    const c = text.charCodeAt(at);
    if (isSpace(c) || c === 47 || c === 62) break;
    at += 1;
  }
  if (at === lt + 1) invalid('The file has a tag without a name.');
  return at - lt - 1;
}

function tagName(text: string, lt: number, end: number): string {
  return text.slice(lt + 1, lt + 1 + tagNameLength(text, lt, end));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Parsers for one element (the school header: all its children) and for a batch of records (see KEPT_IN_RECORD). */
const headerParser = createParser((depth) => depth <= 2);
const recordParser = createParser((depth, tagName) =>
  depth === 1
    ? true
    : depth === 2
      ? KEPT_IN_RECORD.has(tagName)
      : depth === 3 && KEPT_IN_REFERENCE_LIST.has(tagName),
);

function createParser(keep: (depth: number, tagName: string) => boolean): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    // No entity expansion of any kind: the five XML entities and character references are decoded by
    // decodeEntities on the values that are used.
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    // Vendor extension blocks are skipped unparsed (and then dropped, see KEPT_IN_RECORD).
    stopNodes: ['..toevoegingen'],
    jPath: false,
    updateTag: (tagName, path) => typeof path !== 'string' && keep(path.getDepth(), tagName),
  });
}

/** Reads and parses the element starting at `lt` (the school header), keeping all its children's text. */
export function parseElement(text: string, lt: number): { element: XmlElement; end: number } {
  const span = readElement(text, lt);
  const [element] = parseSlice(headerParser, text, span.start, span.end);
  return { element: element ?? invalid(`<${span.name}> could not be read.`), end: span.end };
}

/**
 * Walks the section whose opening tag starts at `lt` and calls `visit` for each child element (each record) with
 * its 1-based position among its siblings, parsing the records in batches; returns the index after the section.
 * `onRecord` is told of every record before it is parsed, so a caller can count them and stop early.
 */
export function forEachRecord(
  text: string,
  lt: number,
  visit: (record: XmlElement, row: number) => void,
  onRecord: () => void = () => {},
): number {
  let row = 0;
  let batchStart = -1;
  let batchEnd = -1;
  let batchSize = 0;
  const flush = () => {
    if (batchSize === 0) return;
    for (const element of parseSlice(recordParser, text, batchStart, batchEnd)) visit(element, ++row);
    batchSize = 0;
  };
  const section = walkElement(text, lt, (start) => {
    onRecord();
    const record = readElement(text, start);
    if (batchSize === 0) batchStart = start;
    batchEnd = record.end;
    batchSize += 1;
    if (batchSize >= BATCH_RECORDS || batchEnd - batchStart >= BATCH_CHARACTERS) flush();
    return record.end;
  });
  flush();
  return section.end;
}

function parseSlice(parser: XMLParser, text: string, start: number, end: number): XmlElement[] {
  let nodes: XmlNode[];
  try {
    nodes = parser.parse(text.slice(start, end)) as XmlNode[];
  } catch (error) {
    return invalid(`The file is not well-formed XML: ${(error as Error).message}.`);
  }
  return elementsOf(nodes);
}

/** The elements among a node list, in document order (text between elements is skipped). */
export function elementsOf(nodes: readonly XmlNode[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    for (const key in node) {
      if (key === ATTRIBUTES) continue;
      if (key !== TEXT)
        elements.push({
          name: key,
          attributes: (node[ATTRIBUTES] as Record<string, string> | undefined) ?? NO_ATTRIBUTES,
          children: node[key] as XmlNode[],
        });
      break;
    }
  }
  return elements;
}

/** The element's text content (trimmed, entities decoded), or null when it has none. */
export function textOf(element: XmlElement): string | null {
  let text = '';
  for (const node of element.children) {
    const value = node[TEXT];
    if (value !== undefined) text += String(value);
  }
  const decoded = decodeEntities(text).trim();
  return decoded === '' ? null : decoded;
}

/** An attribute's value (trimmed, entities decoded), or null when it is absent or empty. */
export function attributeOf(element: XmlElement, name: string): string | null {
  const value = element.attributes[name];
  if (value === undefined) return null;
  const decoded = decodeEntities(value).trim();
  return decoded === '' ? null : decoded;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The five predefined XML entities and numeric character references, decoded in one pass without recursion (a
 * decoded `&` never starts another reference). Any other `&name;` stays as written: without a DTD it means nothing.
 */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(
    /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g,
    (reference, name: string) => {
      if (!name.startsWith('#')) return PREDEFINED[name] ?? reference;
      const codePoint =
        name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
    },
  );
}
