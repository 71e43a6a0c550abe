// How many pages a PDF has, read from its page tree (Chromium's PDFs keep it uncompressed):
// the root /Pages object's /Count. Enough to tell a one-page receipt from a two-page one
// without a PDF library.
export function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  if (counts.length === 0) throw new Error('No page tree found in the PDF.');
  return Math.max(...counts);
}
