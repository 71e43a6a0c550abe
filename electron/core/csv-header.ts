import { columnForHeader, EXPORTED_ID_COLUMN, headerKey, REQUIRED_COLUMNS, type ImportColumn } from '../../shared/csv-columns.ts';
import type { CsvProblem, CsvWarning } from '../../shared/csv-import-problems.ts';
import type { CsvRecord } from './csv-records.ts';

// The header row → which column holds which field. Names in the clerk's language count as
// the API's (shared/csv-columns.ts). Columns the import does not know (an export's `id`
// and `state`, a clerk's own notes) are listed and left out; only a missing required column
// or a field named twice refuses the file.

export interface HeaderReading {
  /** null when the header is unusable (its problems say why). */
  columns: Map<ImportColumn, number> | null;
  /** Where an export's event ids are (see EXPORTED_ID_COLUMN), if the file has them. */
  idColumn: number | null;
  problems: CsvProblem[];
  warnings: CsvWarning[];
}

export function readHeader(header: CsvRecord, rows: readonly CsvRecord[]): HeaderReading {
  const { line } = header;
  const columns = new Map<ImportColumn, number>();
  const namedAs = new Map<ImportColumn, string>();
  const problems: CsvProblem[] = [];
  const ignored: string[] = [];
  const unnamed: number[] = [];
  let idColumn: number | null = null;
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      // Excel keeps empty trailing columns; only one with values is worth a word.
      if (rows.some((r) => (r.fields[index] ?? '').trim() !== '')) unnamed.push(index + 1);
      return;
    }
    const column = columnForHeader(name);
    if (column === null && headerKey(name) === EXPORTED_ID_COLUMN && idColumn === null) idColumn = index;
    else if (column === null) ignored.push(name);
    else if (columns.has(column)) problems.push({ code: 'duplicate_column', line, field: column, names: [namedAs.get(column)!, name] });
    else {
      columns.set(column, index);
      namedAs.set(column, name);
    }
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.has(column)) problems.push({ code: 'missing_column', line, field: column });
  }
  const warnings: CsvWarning[] = [];
  if (ignored.length > 0) warnings.push({ code: 'ignored_columns', line, field: null, names: ignored });
  if (unnamed.length > 0) warnings.push({ code: 'unnamed_columns', line, field: null, columns: unnamed });
  return { columns: problems.length > 0 ? null : columns, idColumn, problems, warnings };
}
