// Formula neutralisation (OWASP "CSV Injection"): a cell that starts with = + - @ tab or
// CR is a formula to Excel, so the export writes it with a leading apostrophe, which makes
// Excel show it as text. csv-stringify's `escape_formulas` does that for those characters
// and their full-width forms. The import takes the apostrophe off again, so an exported
// file imports as the same rows (and the same event ids).
//
// To undo it exactly, a value that already starts with apostrophes before such a character
// gets one more on export (csv-stringify leaves it alone), and the import takes one off
// whenever apostrophes come before such a character: export then import gives back every
// value unchanged.

/** The first characters csv-stringify's `escape_formulas` (v6.9) prefixes with an apostrophe. */
const TRIGGER = '[=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
const QUOTED_TRIGGER = new RegExp(`^'+${TRIGGER}`);

/** For the export's `cast`: what csv-stringify would not escape but the import would unescape. */
export function escapeQuotedFormula(value: string): string {
  return QUOTED_TRIGGER.test(value) ? `'${value}` : value;
}

/** For the import: a cell as it was before the export neutralised it. */
export function unescapeFormula(cell: string): string {
  return QUOTED_TRIGGER.test(cell) ? cell.slice(1) : cell;
}
