import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';

// File bytes as Excel writes them, built in the test: "CSV (semicolon delimited)" on
// Nordic Windows is Windows-1252; "Unicode text" is UTF-16LE with a BOM.

/** Windows-1252's characters by byte (0x81, 0x8D, 0x8F, 0x90 and 0x9D are none). */
const WINDOWS_1252 = new Map([...new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 256 }, (_, i) => i))].map((c, i) => [c, i]));

/** Windows-1252 bytes of `text`; every character must have its byte. */
export function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => {
    const byte = WINDOWS_1252.get(c);
    assert.ok(byte !== undefined, `not in Windows-1252: ${c}`);
    return byte;
  }));
}

export const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
export const utf16be = (text: string): Uint8Array => new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16());
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * A CSV file (UTF-8 text, ";") as Excel on Finnish Windows saves it again after opening it,
 * as plain "CSV (semicolon delimited)": times shown and saved as `4.1.2024 10.41` (seconds
 * gone), codes of digits as numbers (leading zeros gone, zeros past 15 digits), every
 * character Windows-1252 lacks saved as "?" (each UTF-16 unit), no BOM, CRLF, and empty
 * cells at the end of a row left out (KB 77295).
 */
export function excelResaved(text: string): Uint8Array {
  const rows = parse(text, { bom: true, delimiter: ';' }) as string[][];
  const cell = (value: string): string => {
    const time = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2}$/.exec(value);
    if (time) return `${Number(time[3])}.${Number(time[2])}.${time[1]} ${Number(time[4])}.${time[5]}`;
    if (/^\d+$/.test(value)) {
      const digits = value.replace(/^0+(?=\d)/, '');
      return digits.length > 15 ? digits.slice(0, 15) + '0'.repeat(digits.length - 15) : digits;
    }
    return [...value].map((c) => (WINDOWS_1252.has(c) ? c : '?'.repeat(c.length))).join('');
  };
  const quoted = (value: string): string => (/[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = rows.map((row, i) => {
    const cells = row.map(cell);
    if (i > 0) while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    return cells.map(quoted).join(';');
  });
  return cp1252(`${lines.join('\r\n')}\r\n`);
}
