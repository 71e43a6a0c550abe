import type { StatementSync } from 'node:sqlite';
import { StatementCache } from './db/statement-cache.ts';
import { inTransaction, type Database } from './db/database.ts';
import { rowToAttempt, rowToDelivery, rowToEntry, DELIVERY_COLUMNS, type AttemptRow, type Delivery, type DeliveryOutcome, type DeliveryRow, type ReportRow } from './outbox-rows.ts';
import { ACTIVE, LANE_HEAD, SAME_LANE, SCAN_AHEAD, SEARCH_TEXT, SERVER_WAIT, exportFilter, skipClause } from './outbox-sql.ts';
import { FEW_MATCHES, PROBE_SQL, exportSeqs, likePattern, logQuery, searchPhrase, type ListQuery, type SearchPlan } from './log-query-sql.ts';

export type { Delivery, DeliveryOutcome, ListQuery };
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import { EventStatus, type UsageplaceEvent } from '../../shared/usageplace-event.ts';
import type { ExportQuery } from '../../shared/export-query.ts';
import type { UnsentReport } from '../../shared/lane-warnings.ts';
import {
  LastError, ReportState, attemptDetail, type AttemptOutcome, type AttemptRecord, type OutboxEntry,
  type StateCounts, type WaitReason,
} from '../../shared/outbox.ts';

/** Where a report was discarded, kept as its attempt's detail. */
export type DiscardedBy = 'app' | 'cli';

export interface NewReport {
  event: UsageplaceEvent;
  target: Target;
  customernumber?: string | undefined;
}

export interface DueQuery {
  now: number;
  limit: number;
  /** Lanes of these targets are not touched (paused or rate limited). */
  skipTargets: readonly Target[];
  /** Written on each claimed row; only an outcome carrying it is written back (see settle). */
  claim: number;
}

/**
 * The outbox: every report and every change of its state, in SQLite. Each method is one
 * transaction, so the caller is told something happened only once it is on disk.
 */
export class OutboxStore {
  readonly #db: Database;
  readonly #statements: StatementCache;
  /**
   * Due lane heads the last claim scan found beyond its limit, in due order: tried first by
   * the next claims. Forgotten whenever a person or the clock changes the queue (new report,
   * resend, discard, wake-up, recovery), so those take effect at the next claim; reports
   * that become due by delivery progress wait at most SCAN_AHEAD claims behind them.
   */
  #dueHints: number[] = [];
  constructor(db: Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): StatementSync {
    return this.#statements.get(sql);
  }

  /**
   * Runs several of the store's changes in one transaction: one wait for the disk for all.
   * `durable: false` when the caller makes the commit durable itself (see WalSync).
   */
  together<T>(work: () => T, options: { durable?: boolean } = {}): T {
    return inTransaction(this.#db, work, options);
  }

  /** Queues reports (one transaction for all), in order. Behind a failed report they are held. */
  enqueue(reports: readonly NewReport[], now: number): OutboxEntry[] {
    this.#dueHints = [];
    return inTransaction(this.#db, () => reports.map((r) => this.#insert(r, now, null)));
  }

  /**
   * Queues, in order and in one transaction, the reports whose event id is not in the
   * outbox yet; the others are left as they are, in whatever state (sent, failed, discarded,
   * superseded, …): an imported row's id says which report it is (import-event-id.ts), so
   * an id already here is that row, already reported or deliberately given up or replaced.
   * The check and the inserts share the transaction, so the app and the CLI importing the
   * same rows at once queue each only once.
   */
  enqueueNew(reports: readonly NewReport[], now: number): { queued: OutboxEntry[]; present: { id: string; state: ReportState }[] } {
    this.#dueHints = [];
    return inTransaction(this.#db, () => {
      const find = this.#sql('SELECT state FROM reports WHERE id = ?');
      const queued: OutboxEntry[] = [];
      const present: { id: string; state: ReportState }[] = [];
      for (const r of reports) {
        const row = find.get(r.event.id) as { state: string } | undefined;
        if (row) present.push({ id: r.event.id, state: ReportState.parse(row.state) });
        else queued.push(this.#insert(r, now, null));
      }
      return { queued, present };
    });
  }

  /**
   * A file the version before derived ids imported (legacy-import-hash.ts): as which file,
   * when, and its reports now, in file order. undefined when `hash` names no such file.
   */
  importedBefore(hash: string): { fileName: string; importedAt: number; reports: { id: string; state: ReportState }[] } | undefined {
    const file = this.#sql('SELECT file_name, imported_at FROM imports WHERE hash = ?').get(hash) as
      | { file_name: string; imported_at: number }
      | undefined;
    if (!file) return undefined;
    const reports = this.#sql('SELECT id, state FROM reports WHERE import_hash = ? ORDER BY seq').all(hash) as { id: string; state: string }[];
    return { fileName: file.file_name, importedAt: file.imported_at, reports: reports.map((r) => ({ id: r.id, state: ReportState.parse(r.state) })) };
  }

  /** "Edit and resend": the failed report is superseded by a corrected copy with a new id. */
  supersede(oldId: string, corrected: NewReport, now: number): OutboxEntry {
    this.#dueHints = [];
    return inTransaction(this.#db, () => {
      const old = this.#require(oldId);
      if (old.state !== 'failed') {
        throw new AppError('invalid_state', `Only a failed report can be edited and resent; this one is ${old.state}.`);
      }
      if (corrected.event.usageplacecode !== old.usageplacecode) {
        throw new AppError('validation_failed', 'A correction must be for the same usage place.', [
          { field: 'usageplacecode', message: 'A correction must keep the usage place code.' },
        ]);
      }
      const target = { baseUrl: old.base_url, cid: old.cid };
      this.#setState(old, 'superseded', now, 'superseded', { detail: corrected.event.id });
      this.#sql('UPDATE reports SET superseded_by = ? WHERE id = ?').run(corrected.event.id, oldId);
      const entry = this.#insert({ ...corrected, target }, now, old);
      this.#relane(old, now);
      return this.#entry(entry.id);
    });
  }

  /** A person resends a failed report as it is (same id), or asks a queued one to go now. */
  retryNow(id: string, now: number): OutboxEntry {
    this.#dueHints = [];
    return inTransaction(this.#db, () => {
      const row = this.#require(id);
      if (row.state === 'failed') {
        this.#setState(row, 'queued', now, 'resent', {});
        this.#sql('UPDATE reports SET next_attempt_at = ?, wait_reason = NULL WHERE id = ?').run(now, id);
        this.#relane(row, now);
      } else if (row.state === 'queued') {
        this.#sql('UPDATE reports SET next_attempt_at = ? WHERE id = ?').run(now, id);
      } else {
        throw new AppError('invalid_state', `A ${row.state} report cannot be retried.`);
      }
      return this.#entry(id);
    });
  }

  /** The clerk gives up on a report. It stays in the log as discarded; `by` says where ('app', 'cli'). */
  discard(id: string, now: number, by?: DiscardedBy): OutboxEntry {
    this.#dueHints = [];
    return inTransaction(this.#db, () => {
      const row = this.#require(id);
      if (!['failed', 'queued', 'held'].includes(row.state)) {
        throw new AppError('invalid_state', `A ${row.state} report cannot be discarded.`);
      }
      this.#setState(row, 'discarded', now, 'discarded', { detail: by ?? null });
      this.#sql('UPDATE reports SET next_attempt_at = NULL WHERE id = ?').run(id);
      this.#relane(row, now);
      return this.#entry(id);
    });
  }

  /**
   * Takes up to `limit` due reports for sending: only the head of each lane (the earliest
   * active report of its usage place), so nothing overtakes an earlier report.
   *
   * Called inside the delivery loop's transaction (see DeliveryWorker), whose commit is made
   * durable after the fact: a claim lost to a power cut leaves the report `queued`, which is
   * what recovery would make of a `sending` row anyway, and it is resent with the same id.
   */
  claimDue(q: DueQuery): Delivery[] {
    return inTransaction(this.#db, () => {
      const skip = skipClause(q.skipTargets);
      const mark = this.#sql("UPDATE reports SET state = 'sending', updated_at = ?, claim_token = ? WHERE seq = ?");
      const rows: DeliveryRow[] = [];
      const take = (row: DeliveryRow): void => {
        mark.run(q.now, q.claim, row.seq);
        rows.push(row);
      };
      // The scan below walks due rows in order and passes over every row behind an unsent
      // head (thousands while Ropo One fails and heads wait on backoff), so each scan looks
      // for more heads than it takes, and the next claims try those first, each re-checked.
      // Re-checked and taken in one statement.
      const takeIfStillDue = this.#sql(
        `UPDATE reports AS r SET state = 'sending', updated_at = ?, claim_token = ?
         WHERE r.seq = ? AND r.state = 'queued' AND r.next_attempt_at <= ? ${skip.sql} AND ${LANE_HEAD}
         RETURNING ${DELIVERY_COLUMNS}`,
      );
      while (rows.length < q.limit && this.#dueHints.length > 0) {
        const row = takeIfStillDue.get(q.now, q.claim, this.#dueHints.shift()!, q.now, ...skip.args) as DeliveryRow | undefined;
        if (row) rows.push(row);
      }
      if (rows.length < q.limit) {
        const more = q.limit - rows.length;
        // INDEXED BY: walked in the index's order, the scan stops at LIMIT; SQLite sometimes
        // prefers reports_state_seq and then tests and sorts every queued row (6 ms at 10,000).
        const found = this.#sql(
            `SELECT ${DELIVERY_COLUMNS} FROM reports r INDEXED BY reports_due_order
             WHERE r.state = 'queued' AND r.next_attempt_at <= ? ${skip.sql} AND ${LANE_HEAD}
             ORDER BY r.next_attempt_at, r.lane_pos, r.seq
             LIMIT ?`,
          )
          .all(q.now, ...skip.args, more + SCAN_AHEAD) as unknown as DeliveryRow[];
        found.slice(0, more).forEach(take);
        this.#dueHints = found.slice(more).map((r) => r.seq);
      }
      return rows.map((row) => rowToDelivery(row, q.claim));
    }, { durable: false });
  }

  /**
   * The probe of a target whose circuit is open (target-circuit.ts): of the target's lane
   * heads, the one due first, due or not, since what it waits out is the outage's backoff, not
   * its own; `avoidSeq` (the report whose probe just failed) only if no other head waits. Due
   * order lets a report that fails by itself (its backoff grows) fall behind the others.
   */
  claimProbe(target: Target, now: number, claim: number, avoidSeq: number | null = null): Delivery | null {
    // reports_due_order walks the queued rows in due order and stops at the first head of the target.
    const take = (avoid: number): Delivery | null => {
      const row = this.#sql(
          `UPDATE reports SET state = 'sending', updated_at = ?, claim_token = ?
           WHERE seq = (SELECT r.seq FROM reports r INDEXED BY reports_due_order
                        WHERE r.state = 'queued' AND r.next_attempt_at IS NOT NULL AND r.base_url = ? AND r.cid = ? AND r.seq != ?
                          AND ${LANE_HEAD}
                        ORDER BY r.next_attempt_at, r.lane_pos, r.seq LIMIT 1)
           RETURNING ${DELIVERY_COLUMNS}`,
        )
        .get(now, claim, target.baseUrl, target.cid, avoid) as DeliveryRow | undefined;
      return row ? rowToDelivery(row, claim) : null;
    };
    return (avoidSeq !== null ? take(avoidSeq) : null) ?? take(0);
  }

  /** Whether any report of the target waits to be sent or is being sent. */
  hasWaiting(target: Target): boolean {
    // Through the target's unsent rows (reports_lane_active), not every queued row of every target.
    const row = this.#sql(
      `SELECT 1 FROM reports INDEXED BY reports_lane_active
       WHERE base_url = ? AND cid = ? AND state IN ${ACTIVE} AND state IN ('queued','sending') LIMIT 1`,
    ).get(target.baseUrl, target.cid);
    return row !== undefined;
  }

  /**
   * Ropo One answers again after an outage: the target's reports that waited on the network,
   * on Ropo One or on a probe's 429 since `since` are due now, or when Ropo One said to come
   * back (SERVER_WAIT), if later. A report whose own answer was bad before the outage keeps
   * its backoff. Returns how many were released.
   */
  releaseAfterOutage(target: Target, since: number, now: number): number {
    this.#dueHints = [];
    const result = this.#sql(
        `UPDATE reports SET next_attempt_at = max(?, ${SERVER_WAIT})
         WHERE state = 'queued' AND next_attempt_at > max(?, ${SERVER_WAIT}) AND base_url = ? AND cid = ? AND updated_at >= ?
           AND wait_reason IN ('network_offline', 'server_unreachable', 'tls_failed', 'server_error', 'rate_limited')`,
      )
      .run(now, now, target.baseUrl, target.cid, since);
    return Number(result.changes);
  }

  /**
   * A commit that waits for the disk, for when a WAL flush (WalSync) failed: in WAL mode it
   * syncs the whole log, so every earlier commit is on disk once it returns. It writes only
   * when it last did so (a row must change for the commit to touch the log).
   */
  forceToDisk(now: number): void {
    inTransaction(this.#db, () => {
      this.#sql("INSERT INTO meta (key, value) VALUES ('wal_forced_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify({ at: now }));
    });
  }

  /** Claimed reports that were never sent go back to the queue as they were (no attempt to record), if still this claim's. */
  unclaim(claims: readonly Pick<Delivery, 'seq' | 'claim'>[], now: number): void {
    inTransaction(this.#db, () => {
      const back = this.#sql("UPDATE reports SET state = 'queued', updated_at = ? WHERE seq = ? AND state = 'sending' AND claim_token = ?");
      for (const c of claims) back.run(now, c.seq, c.claim);
    }, { durable: false });
  }

  /**
   * Writes what became of a claimed report, if the row is still `sending` under the claim the
   * answer belongs to: one UPDATE (the claim's token is part of its WHERE) and one attempt
   * row. Otherwise the deliverer lost the lease meanwhile and the report moved on (recovered
   * and resent by the new holder, discarded by the clerk, or already sent): the answer goes
   * into the attempt history only, and false is returned.
   */
  settle(o: DeliveryOutcome): boolean {
    return inTransaction(this.#db, () => {
      switch (o.kind) {
        case 'sent': {
          const done = this.#sql(
              `UPDATE reports SET state = 'sent', updated_at = ?, sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL,
                 wait_reason = NULL, last_error = NULL WHERE seq = ? AND state = 'sending' AND claim_token = ?`,
            )
            .run(o.at, o.at, o.seq, o.claim);
          if (done.changes === 0) return this.#lateAnswer(o);
          this.#record(o.seq, o.id, o.at, 'sending', 'sent', o.alreadyHad ? 'already_sent' : 'sent', { httpStatus: o.httpStatus });
          return true;
        }
        case 'retry': {
          const done = this.#sql(
              `UPDATE reports SET state = 'queued', updated_at = ?, attempts = attempts + ?, next_attempt_at = ?, wait_reason = ?,
                 last_error = ? WHERE seq = ? AND state = 'sending' AND claim_token = ?`,
            )
            .run(o.at, o.countAttempt ? 1 : 0, o.nextAttemptAt, o.reason, JSON.stringify(o.error), o.seq, o.claim);
          if (done.changes === 0) return this.#lateAnswer(o);
          const paused: AttemptOutcome | null = o.reason === 'sign_in_needed' ? 'auth_paused' : o.reason === 'endpoint_refused' ? 'endpoint_paused' : null;
          // No sentence of ours: a refusal's cause is in its code and status (the window words it),
          // a retry keeps its technical cause, a sign-in pause Ropo One's words (attemptDetail).
          const info = { httpStatus: o.error.httpStatus, errorCode: o.error.code, detail: attemptDetail(o.error) };
          const outcome = paused ?? 'retry';
          if (!o.probe || !this.#sameAsLast(o.seq, outcome, info)) this.#record(o.seq, o.id, o.at, 'sending', 'queued', outcome, info);
          return true;
        }
        case 'failed': {
          // Refused for good: it waits for the clerk, and holds its usage place.
          const row = this.#sql(
              `UPDATE reports SET state = 'failed', updated_at = ?, attempts = attempts + 1, next_attempt_at = NULL, wait_reason = NULL,
                 last_error = ? WHERE seq = ? AND state = 'sending' AND claim_token = ? RETURNING *`,
            )
            .get(o.at, JSON.stringify(o.error), o.seq, o.claim) as ReportRow | undefined;
          if (!row) return this.#lateAnswer(o);
          this.#record(o.seq, o.id, o.at, 'sending', 'failed', 'rejected', { httpStatus: o.error.httpStatus, errorCode: o.error.code, detail: attemptDetail(o.error) });
          this.#relane(row, o.at);
          return true;
        }
      }
    });
  }

  /**
   * Whether the report's newest history row already says this. An open circuit probes every
   * few seconds for as long as an outage lasts (720 an hour), round the target's lanes: a
   * probe's failure is kept when it changes, not again and again. (Once a minute per report
   * would not bound it: with a dozen lanes waiting, each is probed less often than that.)
   * The report's attempt count still counts every request.
   */
  #sameAsLast(seq: number, outcome: AttemptOutcome, info: { httpStatus: number | null; errorCode: string; detail: string | null }): boolean {
    const last = this.#sql('SELECT outcome, http_status, error_code, detail FROM attempts WHERE report_seq = ? ORDER BY n DESC LIMIT 1').get(seq) as
      | Pick<AttemptRow, 'outcome' | 'http_status' | 'error_code' | 'detail'>
      | undefined;
    return last !== undefined && last.outcome === outcome && last.http_status === info.httpStatus && last.error_code === info.errorCode && last.detail === info.detail;
  }

  /** An answer for a row its claim no longer holds: kept in the history, the row left as it is. */
  #lateAnswer(o: DeliveryOutcome): false {
    const row = this.#sql('SELECT state FROM reports WHERE seq = ?').get(o.seq) as { state: string } | undefined;
    if (!row) return false;
    const state = ReportState.parse(row.state);
    const info = o.kind === 'sent' ? { httpStatus: o.httpStatus } : { httpStatus: o.error.httpStatus, errorCode: o.error.code };
    this.#record(o.seq, o.id, o.at, state, state, 'late_answer', info);
    return false;
  }

  /** At start-up of a deliverer: a `sending` row's request died with its process. */
  recoverSending(now: number): number {
    this.#dueHints = [];
    return inTransaction(this.#db, () => {
      const rows = this.#sql("SELECT * FROM reports WHERE state = 'sending'").all() as unknown as ReportRow[];
      for (const row of rows) {
        this.#setState(row, 'queued', now, 'recovered', {});
        this.#sql('UPDATE reports SET next_attempt_at = ? WHERE id = ?').run(now, row.id);
      }
      return rows.length;
    });
  }

  /**
   * Online again: every waiting retry may go now, except those told by Ropo One to wait: a
   * rate limited report keeps its wait, and one whose answer had a Retry-After (a 503, say)
   * goes when that says (SERVER_WAIT), no sooner: only the backoff of our own is cut short.
   */
  wakeRetries(now: number): number {
    this.#dueHints = [];
    const result = this.#sql(
        `UPDATE reports SET next_attempt_at = max(?, ${SERVER_WAIT})
         WHERE state = 'queued' AND next_attempt_at > max(?, ${SERVER_WAIT}) AND (wait_reason IS NULL OR wait_reason != 'rate_limited')`,
      )
      .run(now, now);
    return Number(result.changes);
  }

  /** When the next lane head becomes due (null when no lane can move by waiting). */
  nextDueAt(skipTargets: readonly Target[] = []): number | null {
    const skip = skipClause(skipTargets);
    // MIN() as ORDER BY … LIMIT 1, so SQLite walks reports_due_order and stops at the first lane head.
    const row = this.#sql(
        `SELECT r.next_attempt_at AS t FROM reports r INDEXED BY reports_due_order
         WHERE r.state = 'queued' AND r.next_attempt_at IS NOT NULL ${skip.sql} AND ${LANE_HEAD}
         ORDER BY r.next_attempt_at LIMIT 1`,
      )
      .get(...skip.args) as { t: number } | undefined;
    return row?.t ?? null;
  }

  /** Whether any report for this base URL still has to be delivered (or seen to by a person). */
  hasUnsentFor(baseUrl: string): boolean {
    return this.#sql(`SELECT 1 FROM reports WHERE base_url = ? AND state IN ${ACTIVE} LIMIT 1`).get(baseUrl) !== undefined;
  }

  /**
   * Renames the target base URL of unsent reports, for when one destination has a new name
   * (the built-in simulator, see electron/ipc/builtin-simulator.ts). Returns how many.
   */
  retargetUnsent(fromBaseUrl: string, toBaseUrl: string, now: number): number {
    this.#dueHints = [];
    return inTransaction(this.#db, () =>
      Number(this.#sql(`UPDATE reports SET base_url = ?, updated_at = ? WHERE base_url = ? AND state IN ${ACTIVE}`)
        .run(toBaseUrl, now, fromBaseUrl).changes),
    );
  }

  /** How many of these event ids are in the outbox, in any state (the window's import says so before queueing). */
  countExisting(ids: readonly string[]): number {
    return (this.#sql('SELECT COUNT(*) AS n FROM reports WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(ids)) as { n: number }).n;
  }

  /**
   * The reports queued between two moments (created_at in [from, to)), oldest first, at most
   * `limit`, and how many there are: a day sheet. No index on created_at (one more page for
   * every report's commit to write): the scan of 100,000 reports took 30–150 ms here
   * (measured), for a sheet a clerk prints now and then.
   */
  createdBetween(from: number, to: number, limit: number): { entries: OutboxEntry[]; total: number } {
    const total = (this.#sql('SELECT COUNT(*) AS n FROM reports WHERE created_at >= ? AND created_at < ?').get(from, to) as { n: number }).n;
    const rows = this.#sql('SELECT * FROM reports WHERE created_at >= ? AND created_at < ? ORDER BY created_at, seq LIMIT ?')
      .all(from, to, limit) as unknown as ReportRow[];
    return { entries: rows.map(rowToEntry), total };
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.#sql('SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    return row ? rowToEntry(row) : undefined;
  }

  list(q: ListQuery = {}): OutboxEntry[] {
    // The page's seqs first, from an index (reports_seq, reports_state_seq, or the search's,
    // see log-query-sql.ts), which stops at the page: a deep OFFSET then skips index entries
    // or short texts instead of reading whole rows.
    const page = logQuery(q.state, this.#searchPlan(q.search), 'page');
    const rows = this.#sql(`SELECT * FROM reports WHERE seq IN (${page.sql}) ORDER BY seq DESC`)
      .all(...page.args, q.limit ?? 1000, q.offset ?? 0) as unknown as ReportRow[];
    return rows.map(rowToEntry);
  }

  /** The newest report's seq (0 when there is none): where an export that starts now ends. */
  lastSeq(): number {
    return (this.#sql('SELECT coalesce(max(seq), 0) AS seq FROM reports').get() as { seq: number }).seq;
  }

  /**
   * One page of an export, oldest first: the reports with seq in (after, upTo] that match,
   * at most `limit`. A keyset page (seq > after), so page 1,000 costs what page 1 does.
   * `lastSeq` is where the next page starts, null when there is nothing more.
   */
  exportPage(q: ExportQuery, after: number, upTo: number, limit: number): { entries: OutboxEntry[]; lastSeq: number | null } {
    const filter = exportFilter(q);
    const search = q.search?.trim();
    if (!search) {
      const rows = this.#sql(`SELECT * FROM reports WHERE seq > ? AND seq <= ?${filter.sql} ORDER BY seq LIMIT ?`)
        .all(after, upTo, ...filter.args, limit) as unknown as ReportRow[];
      return { entries: rows.map(rowToEntry), lastSeq: rows.at(-1)?.seq ?? null };
    }
    // The search gives the page's seqs in order (the index or the search text, walked from
    // `after` on); the state and days are then checked on those rows alone.
    const page = exportSeqs(this.#searchPlan(search)!);
    const seqs = (this.#sql(page.sql).all(...page.args, after, upTo, limit) as { seq: number }[]).map((r) => r.seq);
    if (seqs.length === 0) return { entries: [], lastSeq: null };
    const rows = this.#sql(`SELECT * FROM reports WHERE seq IN (SELECT value FROM json_each(?))${filter.sql} ORDER BY seq`)
      .all(JSON.stringify(seqs), ...filter.args) as unknown as ReportRow[];
    return { entries: rows.map(rowToEntry), lastSeq: seqs.at(-1)! };
  }

  /** How many reports `list` would give without a limit. */
  count(q: ListQuery = {}): number {
    const count = logQuery(q.state, this.#searchPlan(q.search), 'count');
    return (this.#sql(count.sql).get(...count.args) as { n: number }).n;
  }

  /**
   * How to look for the search box's text (null: no search). The index is asked first, up
   * to FEW_MATCHES rows: a search it finds few of goes through it, any other reads every
   * report's text (log-query-sql.ts says why).
   */
  #searchPlan(text: string | undefined): SearchPlan | null {
    const search = text?.trim();
    if (!search) return null;
    this.#indexForSearch();
    const like = likePattern(search);
    const phrase = searchPhrase(search);
    if (phrase === null) return { via: 'scan', like };
    const { n } = this.#sql(PROBE_SQL).get(phrase.phrase) as { n: number };
    if (n >= FEW_MATCHES) return { via: 'scan', like };
    return { via: 'index', phrase: phrase.phrase, like: phrase.whole ? null : like };
  }

  counts(): StateCounts {
    const rows = this.#sql('SELECT state, COUNT(*) AS n FROM reports GROUP BY state').all() as { state: string; n: number }[];
    const counts = Object.fromEntries(ReportState.options.map((s) => [s, 0])) as StateCounts;
    for (const r of rows) counts[ReportState.parse(r.state)] = r.n;
    return counts;
  }

  /**
   * When the oldest report still to be sent (queued, sending or held) was made, or null.
   * One index seek per state (seq is creation order), not a scan: asked every few seconds.
   */
  oldestUnsentAt(): number | null {
    let oldest: number | null = null;
    for (const state of ['queued', 'sending', 'held'] as const) {
      const row = this.#sql('SELECT created_at AS at FROM reports WHERE state = ? ORDER BY seq LIMIT 1').get(state) as { at: number } | undefined;
      if (row && (oldest === null || row.at < oldest)) oldest = row.at;
    }
    return oldest;
  }

  /** Why queued reports wait, with how many wait for each reason. */
  waitReasons(): Partial<Record<WaitReason, number>> {
    const rows = this.#sql("SELECT wait_reason AS r, COUNT(*) AS n FROM reports WHERE state = 'queued' AND wait_reason IS NOT NULL GROUP BY wait_reason")
      .all() as { r: WaitReason; n: number }[];
    return Object.fromEntries(rows.map((x) => [x.r, x.n]));
  }

  /** The newest error of the queued reports waiting for `reason`. */
  latestWaitDetail(reason: WaitReason): LastError | null {
    const row = this.#sql("SELECT last_error FROM reports WHERE state = 'queued' AND wait_reason = ? ORDER BY updated_at DESC LIMIT 1")
      .get(reason) as { last_error: string | null } | undefined;
    if (!row?.last_error) return null;
    const parsed = LastError.safeParse(JSON.parse(row.last_error));
    return parsed.success ? parsed.data : null;
  }

  attempts(id: string): AttemptRecord[] {
    const rows = this.#sql('SELECT * FROM attempts WHERE report_seq = (SELECT seq FROM reports WHERE id = ?) ORDER BY n').all(id) as unknown as AttemptRow[];
    return rows.map(rowToAttempt);
  }

  /**
   * The unsent reports of the same usage place and target, as the "repeats or contradicts"
   * warnings need them: id, status and time only. Read on every report a clerk makes, so no
   * row is read or parsed whole (that was a third of a report's work besides its commit); a
   * row whose status is not one of the three gives no warning (the log shows it as it is).
   */
  activeInLane(target: Target, usageplacecode: string): UnsentReport[] {
    const rows = this.#sql(
        `SELECT id, status, payload ->> '$.time' AS time FROM reports WHERE ${SAME_LANE} AND state IN ${ACTIVE} ORDER BY lane_pos, seq`,
      )
      .all(target.baseUrl, target.cid, usageplacecode) as { id: string; status: string; time: unknown }[];
    return rows.flatMap((r) => {
      const status = EventStatus.safeParse(r.status);
      return status.success ? [{ id: r.id, status: status.data, time: String(r.time ?? '') }] : [];
    });
  }

  /**
   * Adds the reports made since the last search to the search index. Reports are never
   * deleted and the searched fields never change, so "seq above the highest indexed" is
   * exactly what is missing. Indexing them here, a few at a time, keeps the index's page
   * writes out of each report's own commit (8 of its 19 pages, measured). The index is
   * derived data, so its commit does not wait for the disk: what a power cut takes is
   * simply indexed again.
   */
  #indexForSearch(): void {
    const { behind } = this.#sql(
      'SELECT coalesce((SELECT max(seq) FROM reports), 0) > coalesce((SELECT max(rowid) FROM reports_search), 0) AS behind',
    ).get() as { behind: number };
    if (!behind) return;
    inTransaction(this.#db, () => {
      this.#sql(
        `INSERT INTO reports_search (rowid, text)
         SELECT seq, ${SEARCH_TEXT} FROM reports WHERE seq > coalesce((SELECT max(rowid) FROM reports_search), 0)`,
      ).run();
    }, { durable: false });
  }

  #insert(r: NewReport, now: number, corrects: ReportRow | null): OutboxEntry {
    // `state IN ACTIVE` too, so the lane's unsent rows are probed (reports_lane_active), not its history.
    const blocked = this.#sql(`SELECT 1 FROM reports WHERE ${SAME_LANE} AND state IN ${ACTIVE} AND state IN ('failed','held') LIMIT 1`)
      .get(r.target.baseUrl, r.target.cid, r.event.usageplacecode);
    // A correction takes its predecessor's place in the lane, ahead of what it held.
    // import_hash (migration 001) stays NULL: imports are recognised by their rows' ids now
    // (the hashes an older version wrote are still read: importedBefore).
    const state: ReportState = corrects ? 'queued' : blocked ? 'held' : 'queued';
    const row = this.#sql(
        `INSERT INTO reports (id, state, base_url, cid, usageplacecode, status, customernumber, payload, lane_pos,
           created_at, updated_at, next_attempt_at, corrects_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING seq`,
      )
      .get(
        r.event.id, state, r.target.baseUrl, r.target.cid, r.event.usageplacecode, r.event.status,
        r.event.customernumber ?? null, JSON.stringify(r.event), now, now, state === 'queued' ? now : null,
        corrects?.id ?? null,
      ) as { seq: number };
    this.#sql('UPDATE reports SET lane_pos = ? WHERE seq = ?').run(corrects?.lane_pos ?? row.seq, row.seq);
    this.#record(row.seq, r.event.id, now, null, state, 'created', { detail: corrects ? corrects.id : null });
    return this.#entry(r.event.id);
  }

  /**
   * Re-derives held/queued for one lane: everything behind a failed report is held,
   * everything before the first failed report is free to go.
   */
  #relane(row: ReportRow, now: number): void {
    const lane = this.#sql(`SELECT * FROM reports WHERE ${SAME_LANE} AND state IN ${ACTIVE} ORDER BY lane_pos, seq`)
      .all(row.base_url, row.cid, row.usageplacecode) as unknown as ReportRow[];
    let blocked = false;
    for (const r of lane) {
      if (r.state === 'failed') blocked = true;
      else if (blocked && r.state === 'queued') {
        this.#setState(r, 'held', now, 'held', {});
        this.#sql('UPDATE reports SET next_attempt_at = NULL WHERE id = ?').run(r.id);
      } else if (!blocked && r.state === 'held') {
        this.#setState(r, 'queued', now, 'released', {});
        this.#sql('UPDATE reports SET next_attempt_at = ? WHERE id = ?').run(now, r.id);
      }
    }
  }

  #setState(
    row: ReportRow, to: ReportState, now: number, outcome: AttemptOutcome,
    info: { httpStatus?: number | null; errorCode?: string | null; detail?: string | null },
  ): void {
    this.#sql('UPDATE reports SET state = ?, updated_at = ? WHERE id = ?').run(to, now, row.id);
    this.#record(row.seq, row.id, now, ReportState.parse(row.state), to, outcome, info);
  }

  #record(
    seq: number, id: string, now: number, from: ReportState | null, to: ReportState, outcome: AttemptOutcome,
    info: { httpStatus?: number | null; errorCode?: string | null; detail?: string | null },
  ): void {
    this.#sql('INSERT INTO attempts (report_seq, report_id, at, from_state, to_state, outcome, http_status, error_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(seq, id, now, from, to, outcome, info.httpStatus ?? null, info.errorCode ?? null, info.detail ?? null);
  }

  #require(id: string): ReportRow {
    const row = this.#sql('SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    if (!row) throw new AppError('not_found', `No report with id ${id}.`);
    return row;
  }

  #entry(id: string): OutboxEntry {
    return rowToEntry(this.#require(id));
  }
}
