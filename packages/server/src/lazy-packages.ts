/**
 * Packages only some requests need, loaded at first use: importing exceljs and pdfkit at start
 * cost about 0.8 s of CPU on every start (bench/RESULTS.md, start-up), for exports and PDFs that
 * most processes never make. Node caches the module after the first call.
 */
export const loadExcelJs = async () => (await import('exceljs')).default;

export const loadPdfKit = async () => (await import('pdfkit')).default;
