// The columns of an import file, and the header names each may have. One table, so the
// importer, the README and the glossary (docs/glossary.md) name the same words.
//
// A header cell matches when it equals one of a column's names, compared without case,
// accents composed the same way (NFC), and with spaces, underscores and hyphens left out:
// `Contract no`, `contract_no` and `CONTRACT-NO` are the same column.

/** The API's field names (UsageplaceEvent), in the order an exported file writes them. */
export const IMPORT_COLUMNS = [
  'status', 'usageplacecode', 'customernumber', 'contract_no', 'invoices', 'time', 'description',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/**
 * A file without these columns is refused. The time too: a file may be imported again, and
 * without its time a row could not be told from a new report of the same usage place.
 */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['status', 'usageplacecode', 'time'];

export type HeaderLanguage = 'api' | 'fi' | 'sv' | 'nb';

/**
 * The header names per column and language; the first name of each language is the one to
 * show and write, and it is the glossary's word (docs/glossary.md): Sweden's bills say
 * "anläggnings-id", Norway's "målepunkt-ID"; Finland-Swedish "användningsställe" and
 * Norwegian "forbrukssted" are understood too. The Finnish status column is "lopputulos"
 * (what happened), since "tila" is the report's state in the outbox; "tila" still reads.
 */
export const HEADER_NAMES: Readonly<Record<ImportColumn, Readonly<Record<HeaderLanguage, readonly string[]>>>> = {
  status: {
    api: ['status'],
    fi: ['lopputulos', 'tila', 'tapahtuma'],
    sv: ['status', 'händelse'],
    nb: ['status', 'hendelse'],
  },
  usageplacecode: {
    api: ['usageplacecode'],
    fi: ['käyttöpaikka', 'käyttöpaikkatunnus', 'käyttöpaikan tunnus'],
    sv: ['anläggnings-id', 'anläggning', 'användningsställe', 'användningsställets kod'],
    nb: ['målepunkt-id', 'målepunkt', 'anlegg', 'forbrukssted'],
  },
  customernumber: {
    api: ['customernumber'],
    fi: ['asiakasnumero'],
    sv: ['kundnummer'],
    nb: ['kundenummer'],
  },
  contract_no: {
    api: ['contract_no'],
    fi: ['sopimusnumero'],
    sv: ['avtalsnummer'],
    nb: ['avtalenummer', 'kontraktsnummer'],
  },
  invoices: {
    api: ['invoices'],
    fi: ['laskut'],
    sv: ['fakturor'],
    nb: ['fakturaer'],
  },
  time: {
    api: ['time'],
    fi: ['aika', 'ajankohta'],
    sv: ['tid', 'tidpunkt'],
    nb: ['tid', 'tidspunkt'],
  },
  description: {
    api: ['description'],
    fi: ['lisätiedot', 'kuvaus', 'selite'],
    sv: ['beskrivning'],
    nb: ['beskrivelse'],
  },
};

/**
 * The export's event id column: a row with an id is that report, the id Ropo One knows it
 * by. Imported again, it is never queued as new: in the outbox, it is skipped (or refused if
 * it was really changed, or is of another environment or cid); not in the outbox (lost, or
 * another PC), it is queued under that id, so a resend is recognised, but only when the
 * export's environment and cid columns say it was made for the target the app is set to now
 * (otherwise, or when the file does not say, it is refused: a test report never goes to
 * production). A clerk clears the cell to make a row a new report. Only a header of exactly
 * this name holding UUIDs is this column (a cell of it edited to something else refuses its
 * row, csv-row.ts): a clerk's own "ID" column of row numbers is not.
 */
export const EXPORTED_ID_COLUMN = 'id';
/**
 * The export's state column, read with its id column only: a row the export lists as sent,
 * discarded or superseded and whose id is not in the outbox is not queued again.
 */
export const EXPORTED_STATE_COLUMN = 'state';
/**
 * The export's environment and cid columns, read with its id column only: the target (base
 * URL as reports record it, and cid) each report was made for.
 */
export const EXPORTED_ENVIRONMENT_COLUMN = 'environment';
export const EXPORTED_CID_COLUMN = 'cid';

/** The form a header cell is compared in (see the top of this file). */
export function headerKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
}

const BY_KEY: ReadonlyMap<string, ImportColumn> = new Map(
  IMPORT_COLUMNS.flatMap((column) =>
    Object.values(HEADER_NAMES[column]).flat().map((name) => [headerKey(name), column] as const),
  ),
);

/** The column a header cell names, or null when it names none of ours. */
export function columnForHeader(name: string): ImportColumn | null {
  return BY_KEY.get(headerKey(name)) ?? null;
}
