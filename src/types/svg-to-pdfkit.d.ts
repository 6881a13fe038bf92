/// <reference types="pdfkit" />
/**
 * svg-to-pdfkit ships no types; this covers the one call we make (see src/modules/signin/cards.pdf.ts).
 * The package draws an SVG document as vector paths into a pdfkit document at (x, y).
 */
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    /** Size of the viewport in points (with `assumePt`) or pixels; defaults to the page. */
    width?: number;
    height?: number;
    /** SVG preserveAspectRatio, e.g. 'xMidYMid meet'. */
    preserveAspectRatio?: string;
    /** Treat SVG user units as points instead of CSS pixels (1px = 0.75pt). */
    assumePt?: boolean;
    /** Called for each thing the renderer cannot draw; console.warn when absent. */
    warningCallback?: (message: string) => void;
  }

  function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: SvgToPdfOptions,
  ): void;

  export default SVGtoPDF;
}
