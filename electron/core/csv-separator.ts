import type { CsvProblem, CsvSeparator } from '../../shared/csv-import-problems.ts';

// Which separator a file uses, read from its header row: Excel saves with the locale's list
// separator (";" in Finland, Sweden and Norway, "," elsewhere) and "Unicode text" with
// tabs. The header names columns, so it holds no separator but the real one; when two kinds
// are equally common there, guessing would read every row wrongly, so the file is refused.

const CANDIDATES: readonly CsvSeparator[] = [';', ',', '\t'];

export type SeparatorChoice =
  | { ok: true; separator: CsvSeparator }
  | { ok: false; problem: Extract<CsvProblem, { code: 'separator_tie' }> };

/** `text` is decoded (LF line ends). A header of one column (no separator at all) reads as ";". */
export function chooseSeparator(text: string): SeparatorChoice {
  const { line, header } = headerLine(text);
  const counts = new Map<CsvSeparator, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvSeparator)) counts.set(char as CsvSeparator, counts.get(char as CsvSeparator)! + 1);
  }
  const most = Math.max(...counts.values());
  if (most === 0) return { ok: true, separator: ';' };
  const top = CANDIDATES.filter((c) => counts.get(c) === most);
  if (top.length > 1) return { ok: false, problem: { code: 'separator_tie', line, field: null, separators: top, count: most } };
  return { ok: true, separator: top[0]! };
}

/**
 * The first line with a value on it, and its number. Lines of only separators and spaces
 * are skipped, as the reader skips them (Excel writes ";;;" for a row that once had formatting).
 */
function headerLine(text: string): { line: number; header: string } {
  const lines = text.split('\n', 1000);
  const index = lines.findIndex((l) => !/^[\s;,"]*$/.test(l));
  return index === -1 ? { line: 1, header: '' } : { line: index + 1, header: lines[index]! };
}
