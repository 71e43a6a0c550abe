// Formula neutralisation (OWASP "CSV Injection"): a cell that Excel would read as a formula
// is written with a leading apostrophe, which makes Excel show it as text. That is a cell
// starting with = + - @ (or their full-width forms, which Excel in East Asian locales takes
// for them), also after spaces: Excel and LibreOffice skip leading spaces, non-breaking ones
// too, before they decide, so " =HYPERLINK(…)" is as live as "=HYPERLINK(…)". A tab or CR
// at the start is neutralised as OWASP asks. csv-stringify's escape_formulas looks at the
// first character only, so the rule is ours, for every cell of the export.
//
// The import takes the apostrophe off again, so an exported file imports as the same rows
// (and the same event ids). To undo it exactly, a value that already starts with
// apostrophes before such a start gets one more, and the import takes one off whenever
// apostrophes come before such a start: export then import gives back every value unchanged.

/** What Excel would run: `\s` is JavaScript's, so it holds the non-breaking and ideographic spaces. */
const FORMULA = String.raw`(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])`;
const NEEDS_APOSTROPHE = new RegExp(`^'*${FORMULA}`);
const NEUTRALISED = new RegExp(`^'+${FORMULA}`);

/** For the export: the cell as Excel must see it (text, never a formula). */
export function neutraliseFormula(value: string): string {
  return NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
}

/** For the import: a cell as it was before the export neutralised it. */
export function unescapeFormula(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
