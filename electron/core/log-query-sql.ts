import type { ReportState } from '../../shared/outbox.ts';

// The SQL of the log's pages and counts: a state filter, the search box, or both. Which
// SQL depends on how many reports a search matches (OutboxStore.#searchPlan), because the
// two ways to find them cost the opposite of each other (measured at 100,000 reports):
//   - the trigram index (reports_search, migration 002) costs per match: a whole usage place
//     code in well under 1 ms, but the first digits of a code, which every report shares,
//     in 20 ms, and it cannot look for fewer than 3 characters at all;
//   - reading every report's search text costs the same 4 ms whatever it matches.
// So a search that the index says matches few reports goes through the index, and any
// other reads the text, from the table where FTS5 keeps it (reports_search_content: a plain
// table, rowid = the report's seq, c0 = the text; the layout is in FTS5's documentation,
// "Shadow tables"). Reading it directly is 2.5 times faster than through the FTS5 table.

/** What the search box looks in, as FTS5 stores it (see above). */
const SEARCH_CONTENT = 'reports_search_content';
/** Shorter searches cannot use the trigram index. */
const TRIGRAM = 3;
/** Longer searches ask the index for their last this-many characters only (rarer than a code's common start). */
const TAIL = 8;
/** A search the index finds fewer matches of than this goes through the index (a probe of at most this many). */
export const FEW_MATCHES = 1000;

export interface ListQuery {
  state?: ReportState | undefined;
  /** Matches usage place code, customer number or invoice number (substring, case-insensitive). */
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * How a search is looked for. `index`: the trigram index is asked for `phrase` and, when
 * that is only the search's tail, each row it finds is checked for the whole text (`like`).
 * `scan`: every report's text is checked with `like`.
 */
export type SearchPlan = { via: 'index'; phrase: string; like: string | null } | { via: 'scan'; like: string };

/**
 * The index's phrase for a search (a quoted FTS5 phrase over trigrams is a plain substring
 * match, with no wildcards to escape), or null when it is too short for the index.
 */
export function searchPhrase(search: string): { phrase: string; whole: boolean } | null {
  const chars = [...search];
  if (chars.length < TRIGRAM) return null;
  const text = chars.length <= TAIL ? search : chars.slice(-TAIL).join('');
  return { phrase: `"${text.replace(/"/g, '""')}"`, whole: chars.length <= TAIL };
}

/** The search as a LIKE pattern: substring, ASCII case-insensitive, `%` and `_` plain characters. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Asks the index whether it finds at least FEW_MATCHES rows for the phrase (stops there). */
export const PROBE_SQL = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM reports_search WHERE reports_search MATCH ? LIMIT ${FEW_MATCHES})`;

/** One condition of a filter and its arguments. */
export interface Condition {
  sql: string;
  args: string[];
}

/**
 * The log's state filter, as a list of none or one condition: the export's filter takes it
 * from here too (outbox-sql.ts exportFilter), so the export exports exactly what the log shows.
 * `column` names the state column where the query reads `reports` under an alias.
 */
export function stateCondition(state: ReportState | undefined, column = 'state'): Condition[] {
  return state ? [{ sql: `${column} = ?`, args: [state] }] : [];
}

/**
 * The seqs of the log's rows, newest first: a page (`LIMIT ? OFFSET ?` left for the caller's
 * two arguments) or their count (`n`). Every report has exactly one search row (the store
 * indexes before it searches), so a search without a state filter never reads `reports`.
 */
export function logQuery(state: ReportState | undefined, plan: SearchPlan | null, use: 'page' | 'count'): { sql: string; args: string[] } {
  const select = (seq: string): string => (use === 'count' ? 'SELECT COUNT(*) AS n' : `SELECT ${seq} AS seq`);
  const order = (seq: string): string => (use === 'count' ? '' : ` ORDER BY ${seq} DESC LIMIT ? OFFSET ?`);
  const [byState] = stateCondition(state);
  if (!plan) {
    return { sql: `${select('seq')} FROM reports${byState ? ` WHERE ${byState.sql}` : ''}${order('seq')}`, args: byState?.args ?? [] };
  }
  if (plan.via === 'index') {
    const match = `reports_search MATCH ?${plan.like === null ? '' : " AND text LIKE ? ESCAPE '\\'"}`;
    const matchArgs = plan.like === null ? [plan.phrase] : [plan.phrase, plan.like];
    if (!byState) return { sql: `${select('rowid')} FROM reports_search WHERE ${match}${order('rowid')}`, args: matchArgs };
    // Few matches: their seqs first, then the state of each.
    return {
      sql: `${select('seq')} FROM reports WHERE ${byState.sql} AND seq IN (SELECT rowid FROM reports_search WHERE ${match})${order('seq')}`,
      args: [...byState.args, ...matchArgs],
    };
  }
  const like = "LIKE ? ESCAPE '\\'";
  if (!byState) return { sql: `${select('id')} FROM ${SEARCH_CONTENT} WHERE c0 ${like}${order('id')}`, args: [plan.like] };
  // Many matches: the state's rows newest first (reports_state_seq), each one's text read by
  // its rowid. Walked the other way round, each text that matches costs a read of its whole
  // report row (3 times slower, measured). A page stops as soon as it is full.
  const [rowState] = stateCondition(state, 'r.state');
  return {
    sql: `${select('r.seq')} FROM reports AS r INDEXED BY reports_state_seq CROSS JOIN ${SEARCH_CONTENT} AS c ON c.id = r.seq
          WHERE ${rowState!.sql} AND c.c0 ${like}${order('r.seq')}`,
    args: [...rowState!.args, plan.like],
  };
}

/**
 * An export page's seqs, oldest first, for a search: `seq > ? AND seq <= ?` and `LIMIT ?` are
 * left for the caller's three arguments (a keyset page, so page 1,000 costs what page 1 does).
 */
export function exportSeqs(plan: SearchPlan): { sql: string; args: string[] } {
  const page = (seq: string): string => ` AND ${seq} > ? AND ${seq} <= ? ORDER BY ${seq} LIMIT ?`;
  if (plan.via === 'index') {
    const match = `reports_search MATCH ?${plan.like === null ? '' : " AND text LIKE ? ESCAPE '\\'"}`;
    return { sql: `SELECT rowid AS seq FROM reports_search WHERE ${match}${page('rowid')}`, args: plan.like === null ? [plan.phrase] : [plan.phrase, plan.like] };
  }
  return { sql: `SELECT id AS seq FROM ${SEARCH_CONTENT} WHERE c0 LIKE ? ESCAPE '\\'${page('id')}`, args: [plan.like] };
}
