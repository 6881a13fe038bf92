import QRCode from 'qrcode';
import type SVGtoPDF from 'svg-to-pdfkit';
import { lazily } from '../../platform/lazy.ts';
import { pictureSvg } from '../credentials/index.ts';

/**
 * QR sign-in cards: an A4 sheet of 2 × 5 cards with dashed cut lines. Pure rendering: the service hands in
 * everything a card shows, so this file knows nothing of the database, rights or secrets at rest.
 */

export type CardLanguage = 'nl' | 'en';

/** What the card tells the child to give after the scan. */
export type CardSecret =
  | { kind: 'pictures'; pictures: readonly { id: string; label: string }[] }
  | { kind: 'password'; password: string }
  /** The child chose their own password: nothing readable to print. */
  | { kind: 'chosen' };

export interface Card {
  displayName: string;
  /** The card code as stored (10 characters, no dash). */
  code: string;
  /** What the QR code holds: the school sign-in page with `?card=`. */
  qrContent: string;
  secret: CardSecret;
  /** "Groep 3a · De Linde" when the cards of one sheet belong to different groups; else the sheet's. */
  place?: string;
}

export interface CardSheet {
  groupName: string;
  locationName: string;
  language: CardLanguage;
  cards: readonly Card[];
}

export interface RenderOptions {
  /** Deflate the page streams (default true); tests switch it off to read the text. */
  compress?: boolean;
}

export const CARDS_PER_PAGE = 10;
const COLUMNS = 2;
const ROWS = 5;

// A4 in points.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
/** Around the grid, so a printer's unprintable edge never cuts into a card (about 1 cm). */
const PAGE_MARGIN = 28;
const CARD_WIDTH = (PAGE_WIDTH - 2 * PAGE_MARGIN) / COLUMNS;
const CARD_HEIGHT = (PAGE_HEIGHT - 2 * PAGE_MARGIN) / ROWS;
const PADDING = 10;
const QR_SIZE = 104;
/** Light modules around the symbol; the standard asks 4, the white card edge adds to it. */
const QR_QUIET_MODULES = 2;

const TEXTS = {
  nl: {
    title: 'Inlogkaart',
    password: 'wachtwoord',
    chosen: 'wachtwoord: zelf gekozen',
    pictures: 'plaatjes',
    scan: 'Scan de code of typ hem over',
  },
  en: {
    title: 'Sign-in card',
    password: 'password',
    chosen: 'password: chosen by the student',
    pictures: 'pictures',
    scan: 'Scan the code or type it in',
  },
} as const satisfies Record<CardLanguage, Record<string, string>>;

/** "ABCDEFGHJK" → "ABCDE-FGHJK": two halves a teacher can read out and a child can type. */
export function formatCardCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

// Characters the standard PDF fonts (WinAnsiEncoding) can show beyond Latin-1; see pdfkit's WIN_ANSI_MAP.
const WIN_ANSI_EXTRA = new Set('ƒ–—‘’‚“”„†‡•…‰Š‹ŒŽšœžŸ€™ˆ˜');
const BASE_LETTERS: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ŀ: 'l', Ŀ: 'L' };

/**
 * Text the built-in Helvetica can show: letters outside WinAnsi lose their accents ("Şükrü" → "Sükrü"; "ü" stays),
 * anything else becomes "?". We ship no font file, and a name printed with a missing glyph would be worse.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    out += showable(char)
      ? char
      : (BASE_LETTERS[char] ??
        [...char.normalize('NFD').replace(/\p{M}+/gu, '')].map((c) => (showable(c) ? c : '?')).join(''));
  }
  return out;
}

function showable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/** pdfkit and svg-to-pdfkit, loaded when the first cards are printed. */
const pdf = lazily(async () => ({
  PDFDocument: (await import('pdfkit')).default,
  svgToPdf: (await import('svg-to-pdfkit')).default,
}));

/**
 * Renders the sheet. Resolves with the whole PDF; rejects only on a programming error (a bad picture id is
 * skipped, not fatal). An empty group gives one empty page, so the answer is always a valid PDF.
 */
export async function renderCards(sheet: CardSheet, options: RenderOptions = {}): Promise<Buffer> {
  const { PDFDocument, svgToPdf } = await pdf();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    compress: options.compress ?? true,
    autoFirstPage: false,
    info: { Title: printable(`${TEXTS[sheet.language].title} – ${sheet.groupName}`), Producer: 'Schoolpas' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const pages = Math.max(1, Math.ceil(sheet.cards.length / CARDS_PER_PAGE));
  for (let page = 0; page < pages; page++) {
    doc.addPage();
    const onPage = sheet.cards.slice(page * CARDS_PER_PAGE, (page + 1) * CARDS_PER_PAGE);
    drawCutLines(doc);
    onPage.forEach((card, index) => {
      const x = PAGE_MARGIN + (index % COLUMNS) * CARD_WIDTH;
      const y = PAGE_MARGIN + Math.floor(index / COLUMNS) * CARD_HEIGHT;
      drawCard(doc, svgToPdf, sheet, card, x, y);
    });
  }
  doc.end();
  return done;
}

/** Dashed lines along every card edge, running to the paper's edge so a guillotine can follow them. */
function drawCutLines(doc: PDFKit.PDFDocument): void {
  doc.save().lineWidth(0.5).strokeColor('#9a9a9a').dash(4, { space: 3 });
  for (let column = 0; column <= COLUMNS; column++) {
    const x = PAGE_MARGIN + column * CARD_WIDTH;
    doc.moveTo(x, 0).lineTo(x, PAGE_HEIGHT).stroke();
  }
  for (let row = 0; row <= ROWS; row++) {
    const y = PAGE_MARGIN + row * CARD_HEIGHT;
    doc.moveTo(0, y).lineTo(PAGE_WIDTH, y).stroke();
  }
  doc.undash().restore();
}

function drawCard(
  doc: PDFKit.PDFDocument,
  svgToPdf: typeof SVGtoPDF,
  sheet: CardSheet,
  card: Card,
  x: number,
  y: number,
): void {
  const texts = TEXTS[sheet.language];
  const left = x + PADDING;
  const top = y + PADDING;

  drawQr(doc, card.qrContent, left, top, QR_SIZE);
  doc
    .font('Courier-Bold')
    .fontSize(12)
    .fillColor('#000000')
    .text(formatCardCode(card.code), left, top + QR_SIZE + 4, {
      width: QR_SIZE,
      align: 'center',
      lineBreak: false,
    });
  doc
    .font('Helvetica')
    .fontSize(6.5)
    .fillColor('#555555')
    .text(printable(texts.scan), left, top + QR_SIZE + 20, {
      width: QR_SIZE,
      align: 'center',
      lineBreak: false,
    });

  const textLeft = left + QR_SIZE + 12;
  const textWidth = x + CARD_WIDTH - PADDING - textLeft;
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor('#555555')
    .text(printable(texts.title).toUpperCase(), textLeft, top, { width: textWidth, lineBreak: false });
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .fillColor('#000000')
    .text(printable(card.displayName), textLeft, top + 11, {
      width: textWidth,
      height: 32,
      ellipsis: true,
    });
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .fillColor('#333333')
    .text(printable(card.place ?? `${sheet.groupName} · ${sheet.locationName}`), textLeft, top + 45, {
      width: textWidth,
      height: 22,
      ellipsis: true,
    });

  const secretTop = top + 72;
  const { secret } = card;
  if (secret.kind === 'pictures')
    drawPictures(doc, svgToPdf, secret.pictures, textLeft, secretTop, textWidth);
  else if (secret.kind === 'password') {
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(printable(`${texts.password}:`), textLeft, secretTop, { width: textWidth, lineBreak: false });
    doc
      .font('Courier-Bold')
      .fontSize(15)
      .fillColor('#000000')
      .text(printable(secret.password), textLeft, secretTop + 11, {
        width: textWidth,
        height: 36,
        ellipsis: true,
      });
  } else {
    doc
      .font('Helvetica-Oblique')
      .fontSize(8.5)
      .fillColor('#555555')
      .text(printable(texts.chosen), textLeft, secretTop + 6, { width: textWidth, height: 24 });
  }
}

/** The picture password in order, each picture with its name under it. */
function drawPictures(
  doc: PDFKit.PDFDocument,
  svgToPdf: typeof SVGtoPDF,
  pictures: readonly { id: string; label: string }[],
  left: number,
  top: number,
  width: number,
): void {
  if (pictures.length === 0) return;
  const slot = width / Math.max(pictures.length, 3);
  const size = Math.min(34, slot - 6);
  pictures.forEach((picture, index) => {
    const slotLeft = left + index * slot;
    const svg = pictureSvg(picture.id);
    if (svg) {
      svgToPdf(doc, svg, slotLeft + (slot - size) / 2, top, {
        width: size,
        height: size,
        preserveAspectRatio: 'xMidYMid meet',
        assumePt: true,
        // The picture set is ours and known to render; a stray warning is not worth a log line per card.
        warningCallback: () => {},
      });
    }
    const label = printable(picture.label);
    doc
      .font('Helvetica')
      .fontSize(fittingSize(doc, label, slot - 2, 7.5, 5))
      .fillColor('#000000')
      .text(label, slotLeft, top + size + 3, { width: slot, align: 'center', lineBreak: false });
  });
}

/** The largest font size from `max` down to `min` at which `text` fits `width` in the current font. */
function fittingSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number, min: number): number {
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
  return size;
}

/** The QR code as filled squares (vector, sharp at any printer resolution); runs of dark modules merge. */
function drawQr(doc: PDFKit.PDFDocument, content: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const unit = size / (count + 2 * QR_QUIET_MODULES);
  const origin = { x: x + QR_QUIET_MODULES * unit, y: y + QR_QUIET_MODULES * unit };
  doc.save().fillColor('#000000');
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column += 1;
      // A hair of overlap so no white seams show between neighbouring squares in some viewers.
      doc.rect(origin.x + start * unit, origin.y + row * unit, (column - start) * unit + 0.05, unit + 0.05);
    }
  }
  doc.fill().restore();
}
