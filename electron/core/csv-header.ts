import {
  columnForHeader, EXPORTED_CID_COLUMN, EXPORTED_ENVIRONMENT_COLUMN, EXPORTED_ID_COLUMN, EXPORTED_STATE_COLUMN, REQUIRED_COLUMNS, type ImportColumn,
} from '../../shared/csv-columns.ts';
import { readBaseUrl } from '../../shared/endpoint.ts';
import type { CsvProblem, CsvWarning } from '../../shared/csv-import-problems.ts';
import { ReportState } from '../../shared/outbox.ts';
import { unescapeFormula } from './csv-formula.ts';
import type { CsvRecord } from './csv-records.ts';

// The header row → which column holds which field. Names in the clerk's language count as
// the API's (shared/csv-columns.ts). Columns the import does not know (the export's
// `attempts` and `sent_at`, a clerk's own notes) are listed and left out; only a missing
// required column or a field named twice refuses the file.

export interface HeaderReading {
  /** null when the header is unusable (its problems say why). */
  columns: Map<ImportColumn, number> | null;
  /** Where an export's event ids, states and targets are, if this is an export (see EXPORTED_ID_COLUMN). */
  exported: ExportedColumns | null;
  problems: CsvProblem[];
  warnings: CsvWarning[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What the export writes in its id column (event ids are UUIDs). */
export const isEventId = (value: string): boolean => UUID.test(value);
/** What the export writes in its state column. */
export const isReportState = (value: string): boolean => ReportState.safeParse(value).success;

/** The export's own columns by index; each but the id may be missing (removed from the file). */
export interface ExportedColumns {
  id: number;
  state: number | null;
  environment: number | null;
  cid: number | null;
}

export function readHeader(header: CsvRecord, rows: readonly CsvRecord[]): HeaderReading {
  const { line } = header;
  const columns = new Map<ImportColumn, number>();
  const namedAs = new Map<ImportColumn, string>();
  const problems: CsvProblem[] = [];
  const unknown: { name: string; index: number }[] = [];
  const unnamed: number[] = [];
  const valuesOf = (index: number): string[] => rows.map((r) => (r.fields[index] ?? '').trim()).filter((v) => v !== '');
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      // Excel keeps empty trailing columns; only one with values is worth a word.
      if (valuesOf(index).length > 0) unnamed.push(index + 1);
      return;
    }
    const column = columnForHeader(name);
    if (column === null) unknown.push({ name, index });
    else if (columns.has(column)) problems.push({ code: 'duplicate_column', line, field: column, names: [namedAs.get(column)!, name] });
    else {
      columns.set(column, index);
      namedAs.set(column, name);
    }
  });
  // The export's own columns, by their exact names and what the export writes in them;
  // anything else that looks like them (an "ID" or "id" of row numbers, a "state" of the
  // clerk's own) is a column like others. One that holds the export's values and some
  // others is the export's, edited: its odd cells are refused (csv-row.ts), as ignoring the
  // column would queue its reports again under new ids.
  const exportColumn = (name: string, fits: (value: string) => boolean): number | null => {
    const found = unknown.find((u) => u.name === name);
    const values = found ? valuesOf(found.index) : [];
    return found && (values.length === 0 || values.some(fits)) ? found.index : null;
  };
  const id = exportColumn(EXPORTED_ID_COLUMN, isEventId);
  const exported: ExportedColumns | null = id === null ? null : {
    id,
    state: exportColumn(EXPORTED_STATE_COLUMN, isReportState),
    environment: exportColumn(EXPORTED_ENVIRONMENT_COLUMN, (value) => readBaseUrl(unescapeFormula(value)) !== null),
    cid: exportColumn(EXPORTED_CID_COLUMN, () => true),
  };
  const used = new Set(exported ? Object.values(exported).filter((i) => i !== null) : []);
  const ignored = unknown.filter((u) => !used.has(u.index)).map((u) => u.name);
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.has(column)) problems.push({ code: 'missing_column', line, field: column });
  }
  const warnings: CsvWarning[] = [];
  if (ignored.length > 0) warnings.push({ code: 'ignored_columns', line, field: null, names: ignored });
  if (unnamed.length > 0) warnings.push({ code: 'unnamed_columns', line, field: null, columns: unnamed });
  return { columns: problems.length > 0 ? null : columns, exported, problems, warnings };
}
