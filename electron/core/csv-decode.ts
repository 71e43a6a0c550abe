import type { CsvEncoding, CsvProblem } from '../../shared/csv-import-problems.ts';
import { findMixedEncoding } from './csv-mixed-encoding.ts';

// Bytes → text, in the encodings Excel writes. A byte order mark decides: UTF-8 ("CSV
// UTF-8"), UTF-16LE ("Unicode text") or UTF-16BE. Without one, UTF-8 when the bytes are
// valid UTF-8, else Windows-1252, which Excel's plain "CSV (semicolon delimited)" is in on
// Finnish, Swedish and Norwegian Windows. (Valid UTF-8 is almost never Windows-1252 text:
// its "ä" would have to be written "Ã¤".) A file of both, UTF-8 rows and Windows-1252 ones,
// is refused: no one reading of it is right.
//
// Windows-1252 can decode any byte, so "is this text at all" is judged on the result: a
// control character other than tab and line breaks (a NUL of UTF-16 without its BOM, a
// binary file, a byte Windows-1252 leaves undefined) refuses the file at its line.

export type DecodedCsv =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; problem: Extract<CsvProblem, { code: 'not_text' | 'mixed_encoding' }> };

const BOMS: readonly { bytes: readonly number[]; encoding: CsvEncoding; label: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8-bom', label: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', label: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', label: 'utf-16be' },
];

// C0 controls but tab, LF and CR; DEL; C1 controls (where Windows-1252's undefined bytes
// land); the replacement character (where bytes broke the encoding a BOM promised).
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/;

/**
 * Decodes a CSV file. The text has no BOM, LF line ends (so the parser's line count is the
 * physical line, and a re-saved file reads the same) and composed accents (NFC: a Mac's
 * "ä" and a PC's are one letter, so the same row gets the same event id on either).
 */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  // ignoreBOM: the BOM is taken off here; a second one would be a character like any other.
  if (bom) return checked(new TextDecoder(bom.label, { ignoreBOM: true }).decode(bytes.subarray(bom.bytes.length)), bom.encoding);
  let utf8: string | null = null;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // not UTF-8: Windows-1252
  }
  if (utf8 !== null) return checked(utf8, 'utf-8');
  const windows1252 = checked(new TextDecoder('windows-1252').decode(bytes), 'windows-1252');
  if (!windows1252.ok) return windows1252;
  // UTF-8 rows among them would be read as "Ã¤" (csv-mixed-encoding.ts).
  const mixed = findMixedEncoding(bytes);
  return mixed ? { ok: false, problem: { code: 'mixed_encoding', line: mixed.utf8Line, field: null, otherLine: mixed.otherLine } } : windows1252;
}

function checked(text: string, encoding: CsvEncoding): DecodedCsv {
  const normalised = text.replace(/\r\n?/g, '\n').normalize('NFC');
  const bad = NOT_TEXT.exec(normalised);
  if (bad) return { ok: false, problem: { code: 'not_text', line: lineAt(normalised, bad.index), field: null, encoding } };
  return { ok: true, text: normalised, encoding };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
