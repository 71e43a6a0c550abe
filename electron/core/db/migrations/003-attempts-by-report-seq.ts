// Version 3: the attempt log written in the order reports are worked on (issue 4, measured
// by reading which pages a 10,000-report drain wrote to the WAL).
//
// attempts_report (report_id, n) took a third of the pages a drain writes: report ids are
//   random UUIDs, so every attempt row landed on a different leaf of the index. Keyed by the
//   report's seq, the rows of one turn of the delivery loop land side by side, on one page.
// AUTOINCREMENT made every insert also update sqlite_sequence (another page per commit).
//   Attempt rows are never deleted, so a plain rowid already only grows.
export const migration003 = {
  version: 3,
  name: 'attempts by report seq',
  sql: `
    CREATE TABLE attempts_v3 (
      n           INTEGER PRIMARY KEY,
      report_seq  INTEGER NOT NULL,
      report_id   TEXT NOT NULL,
      at          INTEGER NOT NULL,
      from_state  TEXT,
      to_state    TEXT NOT NULL,
      outcome     TEXT NOT NULL,
      http_status INTEGER,
      error_code  TEXT,
      detail      TEXT
    );
    INSERT INTO attempts_v3 (n, report_seq, report_id, at, from_state, to_state, outcome, http_status, error_code, detail)
      SELECT a.n, coalesce(r.seq, 0), a.report_id, a.at, a.from_state, a.to_state, a.outcome, a.http_status, a.error_code, a.detail
      FROM attempts a LEFT JOIN reports r ON r.id = a.report_id;
    DROP TABLE attempts;
    ALTER TABLE attempts_v3 RENAME TO attempts;
    CREATE INDEX attempts_by_report ON attempts (report_seq, n);
    DELETE FROM sqlite_sequence WHERE name = 'attempts';
  `,
};
