// Version 1: the outbox. `seq` is creation order; `lane_pos` is the place in its usage
// place's lane (a correction takes the place of the report it corrects).
export const migration001 = {
  version: 1,
  name: 'outbox',
  sql: `
    CREATE TABLE reports (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      id              TEXT NOT NULL UNIQUE,
      state           TEXT NOT NULL,
      base_url        TEXT NOT NULL,
      cid             TEXT NOT NULL,
      usageplacecode  TEXT NOT NULL,
      status          TEXT NOT NULL,
      customernumber  TEXT,
      payload         TEXT NOT NULL,
      lane_pos        INTEGER NOT NULL,
      created_at      INTEGER NOT NULL,
      updated_at      INTEGER NOT NULL,
      sent_at         INTEGER,
      next_attempt_at INTEGER,
      attempts        INTEGER NOT NULL DEFAULT 0,
      wait_reason     TEXT,
      last_error      TEXT,
      corrects_id     TEXT,
      superseded_by   TEXT,
      import_hash     TEXT
    );
    CREATE INDEX reports_lane ON reports (base_url, cid, usageplacecode, lane_pos, seq);
    CREATE INDEX reports_due ON reports (state, next_attempt_at);
    CREATE INDEX reports_state_seq ON reports (state, seq);

    CREATE TABLE attempts (
      n           INTEGER PRIMARY KEY AUTOINCREMENT,
      report_id   TEXT NOT NULL,
      at          INTEGER NOT NULL,
      from_state  TEXT,
      to_state    TEXT NOT NULL,
      outcome     TEXT NOT NULL,
      http_status INTEGER,
      error_code  TEXT,
      detail      TEXT
    );
    CREATE INDEX attempts_report ON attempts (report_id, n);

    CREATE TABLE imports (
      hash        TEXT PRIMARY KEY,
      file_name   TEXT NOT NULL,
      imported_at INTEGER NOT NULL,
      report_count INTEGER NOT NULL
    );

    -- Small key/value facts: settings, pauses per target, last delivery, server clock.
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    -- One deliverer at a time across the app and the CLI.
    CREATE TABLE lease (
      name       TEXT PRIMARY KEY,
      owner      TEXT NOT NULL,
      host       TEXT NOT NULL,
      pid        INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `,
};
