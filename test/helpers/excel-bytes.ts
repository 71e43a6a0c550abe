import assert from 'node:assert/strict';

// File bytes as Excel writes them, built in the test: "CSV (semicolon delimited)" on
// Nordic Windows is Windows-1252; "Unicode text" is UTF-16LE with a BOM.

/** Windows-1252 bytes of `text` (Latin-1 letters keep their code, € is 0x80). */
export function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => {
    if (c === '€') return 0x80;
    const code = c.codePointAt(0)!;
    assert.ok(code <= 0xff && (code < 0x80 || code > 0x9f), `not in this helper's Windows-1252: ${c}`);
    return code;
  }));
}

export const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
export const utf16be = (text: string): Uint8Array => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16());
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
