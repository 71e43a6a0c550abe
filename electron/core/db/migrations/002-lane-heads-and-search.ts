// Version 2: indexes chosen by measuring `npm run bench` (issue 4), with a year of history
// (100,000 reports) and with 10,000 queued.
//
// reports_lane_active: the lane-head test ("nothing earlier in this usage place is unsent")
//   walked the usage place's whole history, sent rows included; over only the unsent rows
//   it is one probe. Every lane query asks for unsent rows, so the full-history index
//   reports_lane is no longer read, and goes (one index less to write per report).
// reports_due_order: claimDue orders the queued rows by (next_attempt_at, lane_pos, seq);
//   with all three in the index SQLite stops at LIMIT instead of testing and sorting every
//   due row. Only queued rows are in it, so sending and marking sent touch it once, not
//   twice, and the sent history is not in it at all. It replaces reports_due.
// reports_seq: the log's pages (ORDER BY seq DESC LIMIT/OFFSET) skip entries of this small
//   index instead of whole rows, so a page deep in a year of history costs about as much as
//   the first.
// reports_search: the log's search box (usage place code, customer number, invoice numbers;
//   substring, case-insensitive) as a trigram full-text index, rowid = the report's seq. It
//   replaces a LIKE over every row's whole JSON payload (100 ms with 100,000 reports). Filled
//   here for the rows already there; later reports are added by the store just before a
//   search (OutboxStore.#indexForSearch), a few at a time, not one per clerk's commit.
const SEARCH_TEXT = `usageplacecode || char(10) || coalesce(customernumber, '') || char(10) ||
      coalesce((SELECT group_concat(json_extract(i.value, '$.invoicenumber'), char(10))
                FROM json_each(payload, '$.invoices') AS i), '')`;

export const migration002 = {
  version: 2,
  name: 'lane heads and search',
  sql: `
    CREATE INDEX reports_lane_active ON reports (base_url, cid, usageplacecode, lane_pos, seq)
      WHERE state IN ('queued','sending','failed','held');
    DROP INDEX reports_lane;
    CREATE INDEX reports_due_order ON reports (next_attempt_at, lane_pos, seq) WHERE state = 'queued';
    DROP INDEX reports_due;
    CREATE INDEX reports_seq ON reports (seq);

    CREATE VIRTUAL TABLE reports_search USING fts5(text, tokenize = 'trigram');
    INSERT INTO reports_search (rowid, text) SELECT seq, ${SEARCH_TEXT} FROM reports;
  `,
};
