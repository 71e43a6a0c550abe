import type { Target } from '../../shared/endpoint.ts';
import type { ReportState } from '../../shared/outbox.ts';

// The SQL pieces of the outbox store: the log's filter and search, the lane-head rule that
// keeps each usage place in order, and leaving out paused targets. Kept apart so the store
// reads as its operations.

export interface ListQuery {
  state?: ReportState | undefined;
  /** Matches usage place code, customer number or invoice number (substring). */
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** What the search box looks in (reports_search of migration 002): usage place code, customer number, invoice numbers. */
export const SEARCH_TEXT = `usageplacecode || char(10) || coalesce(customernumber, '') || char(10) ||
  coalesce((SELECT group_concat(json_extract(i.value, '$.invoicenumber'), char(10))
            FROM json_each(payload, '$.invoices') AS i), '')`;

/** Shorter searches than this cannot use the trigram index (migration 002) and scan its text instead. */
const TRIGRAM = 3;
/** Longer searches ask the index for their last this-many characters only (see searchClause). */
const TAIL = 8;

/**
 * The search box: the reports whose usage place code, customer number or an invoice number
 * contains the text (case-insensitive), through the trigram index of migration 002. A quoted
 * FTS5 phrase over trigrams is a plain substring match, with no wildcards to escape.
 *
 * Usage place codes share long prefixes whose trigrams are in every row, and a phrase costs
 * as much as its commonest trigrams. To find a page, the index is asked for the last few
 * characters (the rare trigrams) and the rows it reads are checked for the whole text. To
 * count, every match is visited anyway, so the whole phrase is cheaper than checking each row.
 */
export function searchClause(search: string, use: 'page' | 'count'): { sql: string; args: string[] } {
  const chars = [...search];
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (chars.length < TRIGRAM) return { sql: "text LIKE ? ESCAPE '\\'", args: [like] };
  const phrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;
  if (chars.length <= TAIL || use === 'count') return { sql: 'reports_search MATCH ?', args: [phrase(search)] };
  return { sql: "reports_search MATCH ? AND text LIKE ? ESCAPE '\\'", args: [phrase(chars.slice(-TAIL).join('')), like] };
}

/** One condition of a filter and its arguments. */
interface Condition {
  sql: string;
  args: string[];
}

/** The state filter: the log's, and the export's (which exports what the log shows). */
function stateCondition(state: ReportState | undefined): Condition[] {
  return state ? [{ sql: 'state = ?', args: [state] }] : [];
}

/** The WHERE clause of the log's state filter and search box. */
export function listFilter(q: ListQuery, use: 'page' | 'count'): { where: string; args: string[] } {
  const conditions = stateCondition(q.state);
  const search = q.search?.trim();
  if (search) {
    const match = searchClause(search, use);
    conditions.push({ sql: `seq IN (SELECT rowid FROM reports_search WHERE ${match.sql})`, args: match.args });
  }
  return {
    where: conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(' AND ')}` : '',
    args: conditions.flatMap((c) => c.args),
  };
}

/**
 * An export's state and day filter, for rows of `reports`. The days compare the report's own
 * time (`YYYY-MM-DD HH:mm:ss`, so its first ten characters are the day), both ends included.
 */
export function exportFilter(q: { state?: ReportState | undefined; from?: string | undefined; to?: string | undefined }): { sql: string; args: string[] } {
  const day = "substr(json_extract(payload, '$.time'), 1, 10)";
  const conditions = stateCondition(q.state);
  if (q.from) conditions.push({ sql: `${day} >= ?`, args: [q.from] });
  if (q.to) conditions.push({ sql: `${day} <= ?`, args: [q.to] });
  return { sql: conditions.map((c) => ` AND ${c.sql}`).join(''), args: conditions.flatMap((c) => c.args) };
}

/** SQL that leaves out the reports of some targets (paused or rate limited). */
export function skipClause(targets: readonly Target[]): { sql: string; args: string[] } {
  if (targets.length === 0) return { sql: '', args: [] };
  const one = '(r.base_url = ? AND r.cid = ?)';
  return { sql: `AND NOT (${targets.map(() => one).join(' OR ')})`, args: targets.flatMap((t) => [t.baseUrl, t.cid]) };
}

export const ACTIVE = "('queued','sending','failed','held')";
/** How many more due lane heads a claim scan looks for than it takes (see #dueHints). */
export const SCAN_AHEAD = 32;
/**
 * `r` is the earliest still-active report of its lane: nothing before it is unsent. Asked as
 * "is r the first unsent row of its lane", one probe of reports_lane_active (migration 002).
 */
export const LANE_HEAD = `r.seq = (
  SELECT p.seq FROM reports p
  WHERE p.base_url = r.base_url AND p.cid = r.cid AND p.usageplacecode = r.usageplacecode
    AND p.state IN ${ACTIVE}
  ORDER BY p.lane_pos, p.seq LIMIT 1)`;
export const SAME_LANE = 'base_url = ? AND cid = ? AND usageplacecode = ?';

