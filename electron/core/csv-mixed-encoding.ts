// A file of UTF-8 rows with one Windows-1252 row among them (rows pasted together from two
// files, a row added in Notepad) is not UTF-8 as a whole, so it is read as Windows-1252,
// and every UTF-8 letter of the other rows comes out garbled: "käytävässä" as
// "kÃ¤ytÃ¤vÃ¤ssÃ¤", which would be sent to Ropo One as it reads. Read either way, some rows
// are wrong, so such a file is refused, naming a UTF-8 line and a line that is not.
//
// A line "is UTF-8" when its bytes are valid UTF-8 with at least one letter beyond ASCII
// (Nordic text in Windows-1252 almost never is: its "ä" is a byte that must start a
// three-byte sequence), or when it holds the UTF-8 form of a Latin-1 character (C3 or C2
// then a continuation byte: "Ã¤", "Ã–", "Â°"), which catches a line mixed within itself.

type LineKind = 'ascii' | 'utf-8' | 'not-utf-8';

export interface MixedEncoding {
  /** The first line that is UTF-8 text. */
  utf8Line: number;
  /** The first line that is not UTF-8 (the reason the file was read as Windows-1252). */
  otherLine: number;
}

/** For bytes that are not UTF-8 as a whole: where UTF-8 lines are among them, or null when none is. */
export function findMixedEncoding(bytes: Uint8Array): MixedEncoding | null {
  let utf8Line: number | null = null;
  let otherLine: number | null = null;
  let line = 1;
  for (let start = 0; start < bytes.length;) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const kind = kindOf(bytes, start, end);
    if (kind === 'utf-8' || latin1AsUtf8(bytes, start, end)) utf8Line ??= line;
    if (kind === 'not-utf-8') otherLine ??= line;
    if (utf8Line !== null && otherLine !== null) return { utf8Line, otherLine };
    // CRLF, LF and a lone CR each end one line, as decodeCsv counts them.
    start = bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? end + 2 : end + 1;
    line++;
  }
  return null;
}

/** A continuation byte of a UTF-8 sequence: 10xxxxxx. */
const continues = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;

/** UTF-8 by RFC 3629 (no overlong forms, no surrogates, nothing past U+10FFFF). */
function kindOf(bytes: Uint8Array, start: number, end: number): LineKind {
  let ascii = true;
  for (let i = start; i < end;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    ascii = false;
    const second = i + 1 < end ? bytes[i + 1] : undefined;
    // The second byte's range depends on the first (RFC 3629 section 4).
    const [length, low, high] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
        : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
          : [0, 0, 0];
    if (length === 0 || i + length > end || second === undefined || second < low || second > high) return 'not-utf-8';
    for (let k = 2; k < length; k++) if (!continues(bytes[i + k])) return 'not-utf-8';
    i += length;
  }
  return ascii ? 'ascii' : 'utf-8';
}

/** The UTF-8 form of a Latin-1 character: C3 80–BF (À–ÿ) or C2 A0–BF (no-break space to ¿). */
function latin1AsUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++) {
    const [b, next] = [bytes[i]!, bytes[i + 1]!];
    if ((b === 0xc3 && continues(next)) || (b === 0xc2 && next >= 0xa0 && next <= 0xbf)) return true;
  }
  return false;
}
