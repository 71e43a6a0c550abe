// CSV text → records, each with the physical line it starts on. RFC 4180 quoting: a field
// that starts with " runs to the next lone ", "" inside it is one ", and it may hold the
// separator and line breaks.
//
// Why not csv-parse: with `skip_records_with_error` it does not recover from a stray
// character after a closing quote (the rest of the file becomes one unclosed quote), so the
// rows after it would go unreported; and `relax_quotes` would accept such values silently.
// Here a broken record costs only its own line, and every other row is still checked.
// The tests compare this reader with csv-parse on well-formed files.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

const NL = 10;
const QUOTE = 34;

/**
 * Reads every record of `text` (LF line ends). Empty lines and records whose values are all
 * blank are skipped: Excel writes ";;;;" for a blank row that once had formatting.
 */
export function readCsvRecords(text: string, delimiter: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  const sep = delimiter.charCodeAt(0);
  const n = text.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    if (text.charCodeAt(pos) === NL) {
      pos++;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            // Everything after the opening quote would be this one value: nothing after it can be trusted.
            errors.push({ line: start, message: 'A value opens a double quote (") that is never closed.' });
            return { records, errors };
          }
          const part = text.slice(from, close);
          value += part;
          line += countNewlines(part);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        fields.push(value);
        if (pos < n && text.charCodeAt(pos) !== sep && text.charCodeAt(pos) !== NL) {
          errors.push({
            line: start,
            message: 'Text follows a closing double quote. Put the whole value in quotes and write a quote inside it twice ("").',
          });
          // Resynchronise at the next line: the damage stays in this record.
          const next = text.indexOf('\n', pos);
          if (next === -1) return { records, errors };
          pos = next + 1;
          line++;
          break;
        }
      } else {
        // A quote inside an unquoted value is taken as it is, as Excel does: it is unambiguous.
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === sep || c === NL) break;
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      if (pos >= n || text.charCodeAt(pos) === NL) {
        if (pos < n) {
          pos++;
          line++;
        }
        if (fields.some((f) => f.trim() !== '')) records.push({ line: start, fields });
        break;
      }
      pos++; // the separator; a separator at the very end leaves one empty field
    }
  }
  return { records, errors };
}

function countNewlines(part: string): number {
  let count = 0;
  for (let i = part.indexOf('\n'); i !== -1; i = part.indexOf('\n', i + 1)) count++;
  return count;
}
