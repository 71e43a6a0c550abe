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
 * show and write. Swedish follows Finland-Swedish utility usage ("användningsställe" is
 * the Swedish of "käyttöpaikka"), with Sweden's "anläggning" also understood; Norwegian
 * has both "forbrukssted" and the grid's "målepunkt".
 */
export const HEADER_NAMES: Readonly<Record<ImportColumn, Readonly<Record<HeaderLanguage, readonly string[]>>>> = {
  status: {
    api: ['status'],
    fi: ['tila', 'tapahtuma'],
    sv: ['status', 'händelse'],
    nb: ['status', 'hendelse'],
  },
  usageplacecode: {
    api: ['usageplacecode'],
    fi: ['käyttöpaikka', 'käyttöpaikkatunnus', 'käyttöpaikan tunnus'],
    sv: ['användningsställe', 'användningsställets kod', 'anläggning', 'anläggnings-id'],
    nb: ['forbrukssted', 'målepunkt', 'målepunkt-id', 'anlegg'],
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
    fi: ['kuvaus', 'selite'],
    sv: ['beskrivning'],
    nb: ['beskrivelse'],
  },
};

/**
 * The export's event id column. The import reads it for one thing only: a row that is,
 * field for field, the report with that id in the outbox is that report (so an exported
 * log imports again without queuing the reports made in the form, whose ids are not
 * derived from their rows). Otherwise it is ignored like the export's other columns.
 */
export const EXPORTED_ID_COLUMN = 'id';

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
