import type { Target } from '../../shared/endpoint.ts';
import type { ReportState } from '../../shared/outbox.ts';
import { stateCondition } from './log-query-sql.ts';

// The SQL pieces of the outbox store: the search box's text, the lane-head rule that keeps
// each usage place in order, and leaving out paused targets. Kept apart so the store reads
// as its operations. The log's pages and counts are in log-query-sql.ts.

/** What the search box looks in (reports_search of migration 002): usage place code, customer number, invoice numbers. */
export const SEARCH_TEXT = `usageplacecode || char(10) || coalesce(customernumber, '') || char(10) ||
  coalesce((SELECT group_concat(json_extract(i.value, '$.invoicenumber'), char(10))
            FROM json_each(payload, '$.invoices') AS i), '')`;

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


/**
 * The time before which Ropo One asked not to be asked again about a report (its last
 * answer's Retry-After, LastError.retryAfterUntil; 0 when it named none).
 */
export const SERVER_WAIT = "coalesce(last_error ->> '$.retryAfterUntil', 0)";
