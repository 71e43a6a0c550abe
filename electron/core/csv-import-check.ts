import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { Target } from '../../shared/endpoint.ts';
import type { Clock } from '../../shared/report-input.ts';
import type { CsvParseResult, ImportRow } from './csv-parse-reports.ts';
import { parseReportsCsvSteps } from './csv-parse-reports.ts';
import { importOutcome } from './csv-import.ts';
import type { NewReport, OutboxStore } from './outbox-store.ts';
import {
  IMPORT_MAX_PROBLEMS, IMPORT_PREVIEW_ROWS, MAX_IMPORT_BYTES,
  type ImportCheck, type ImportDone, type ImportPreviewRow, type ImportProgress,
} from '../../shared/csv-import-check.ts';

// The window's CSV import: the command line's parser and rules, in two steps. `check` reads
// every row (a step at a time, so a 10,000-row file shows its progress and delivery goes on
// meanwhile) and keeps the rows it would queue; the clerk looks; `commit` queues them all in
// one transaction, or none. Importing stays idempotent: each row's id is its export's or comes
// from the row (import-event-id.ts), and the command line's importOutcome decides each row:
// rows already in the outbox, or that the export lists as settled, are left out and counted,
// and a file the previous version imported is recognised as the command line recognises it.

export interface WindowImportDeps {
  store: OutboxStore;
  /** Where the reports go, read at the check: what the clerk is shown is what is queued. */
  target: () => Target;
  now: () => number;
  /** After the rows are committed, so a deliverer in this process looks at once. */
  onQueued?: () => void;
}

interface Pending {
  checkId: string;
  fileName: string;
  target: Target;
  reports: NewReport[];
  /** Left out at the check: in the outbox already, and settled by the export. */
  inOutbox: number;
  exportedSettled: number;
}

/** Reads a chosen file, refusing one larger than the window imports before reading any of it. */
export async function readImportFile(path: string): Promise<Uint8Array> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    throw new AppError('file_unreadable', `Cannot read ${path}: ${(err as Error).message}`, undefined, { technical: (err as NodeJS.ErrnoException).code });
  }
  try {
    const { size } = await file.stat();
    if (size > MAX_IMPORT_BYTES) throw new AppError('file_too_large', `${basename(path)} has ${size} bytes; the window imports at most ${MAX_IMPORT_BYTES}.`);
    return await file.readFile();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('file_unreadable', `Cannot read ${path}: ${(err as Error).message}`, undefined, { technical: (err as NodeJS.ErrnoException).code });
  } finally {
    await file.close();
  }
}

/** Lets the event loop run: IPC, delivery and the lease's renewal between steps of a parse. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WindowImports {
  readonly #d: WindowImportDeps;
  /** The last check that passed; a new check replaces it (the window shows one import at a time). */
  #pending: Pending | null = null;
  constructor(deps: WindowImportDeps) {
    this.#d = deps;
  }

  async check(fileName: string, bytes: Uint8Array, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportCheck> {
    if (bytes.byteLength > MAX_IMPORT_BYTES) throw new AppError('file_too_large', `${fileName} has ${bytes.byteLength} bytes; the window imports at most ${MAX_IMPORT_BYTES}.`);
    this.#pending = null;
    const target = this.#d.target();
    const clock: Clock = () => new Date(this.#d.now());
    const steps = parseReportsCsvSteps(bytes, target, clock);
    let rowCount: number | null = null;
    let parsed: CsvParseResult;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        parsed = step.value;
        break;
      }
      rowCount = step.value.total;
      onProgress({ phase: 'checking', ...step.value });
      await breathe();
    }
    const checkId = randomUUID();
    const outcome = importOutcome(bytes, parsed, this.#d.store, target);
    const none = { firstRows: [], problems: [], problemCount: 0, badLineCount: 0, alreadyInOutbox: 0, exportedSettled: { sent: 0, discarded: 0, superseded: 0 }, importedBefore: null, toQueue: 0 };
    const base = { ...none, checkId, fileName, encoding: parsed.encoding, separator: parsed.separator, rowCount, warnings: parsed.warnings };
    if (outcome.kind === 'imported_before') {
      // As the command line: nothing of the file is read, every report of it is in the outbox.
      const reports = outcome.skipped.length;
      this.#pending = { checkId, fileName, target, reports: [], inOutbox: reports, exportedSettled: 0 };
      return { ...base, ok: true, rowCount: reports, warnings: [], importedBefore: { ...outcome.importedBefore, reports } };
    }
    if (outcome.kind === 'refused') {
      return {
        ...base, ok: false,
        problems: outcome.problems.slice(0, IMPORT_MAX_PROBLEMS),
        problemCount: outcome.problems.length,
        badLineCount: new Set(outcome.problems.map((p) => p.line)).size,
      };
    }
    const rows = outcome.parsed.rows;
    onProgress({ phase: 'checking', done: rows.length, total: rows.length });
    const { reports, skipped } = outcome;
    // Exported rows of this outbox, and rows whose derived id is there (an earlier import).
    const exportedInOutbox = skipped.filter((s) => s.reason === 'in_outbox').length;
    const inOutbox = exportedInOutbox + this.#d.store.countExisting(reports.map((r) => r.event.id));
    const settled = skipped.filter((s) => s.reason === 'exported_state');
    const exportedSettled = { sent: 0, discarded: 0, superseded: 0 };
    for (const s of settled) if (s.state === 'sent' || s.state === 'discarded' || s.state === 'superseded') exportedSettled[s.state]++;
    this.#pending = { checkId, fileName, target, reports, inOutbox: exportedInOutbox, exportedSettled: settled.length };
    const skippedById = new Map(skipped.map((s) => [s.id, s]));
    const leftOut = (id: string): ImportPreviewRow['leftOut'] => {
      const skip = skippedById.get(id);
      if (skip?.reason === 'exported_state' && (skip.state === 'sent' || skip.state === 'discarded' || skip.state === 'superseded')) return skip.state;
      return skip || this.#d.store.get(id) ? 'in_outbox' : null;
    };
    return {
      ...base, ok: true, rowCount: rows.length, alreadyInOutbox: inOutbox, exportedSettled,
      toQueue: rows.length - inOutbox - settled.length,
      firstRows: rows.slice(0, IMPORT_PREVIEW_ROWS).map((row) => previewRow(row, leftOut(row.id))),
    };
  }

  /** Queues every row of the check `checkId`, in one transaction: all of them or, on any error, none. */
  commit(checkId: string, onProgress: (p: ImportProgress) => void = () => {}): ImportDone {
    const pending = this.#pending;
    if (!pending || pending.checkId !== checkId) {
      throw new AppError('not_found', 'That import check is no longer kept: check the file again.');
    }
    const target = this.#d.target();
    if (target.baseUrl !== pending.target.baseUrl || target.cid !== pending.target.cid) {
      throw new AppError('invalid_state', 'The environment changed after the file was checked: check it again.');
    }
    const total = pending.reports.length;
    onProgress({ phase: 'queueing', done: 0, total });
    const { queued, present } = this.#d.store.enqueueNew(pending.reports, this.#d.now());
    this.#pending = null;
    onProgress({ phase: 'queueing', done: total, total });
    if (queued.length > 0) this.#d.onQueued?.();
    return {
      fileName: pending.fileName, queued: queued.length, alreadyInOutbox: pending.inOutbox + present.length, exportedSettled: pending.exportedSettled,
    };
  }
}

function previewRow(row: ImportRow, leftOut: ImportPreviewRow['leftOut']): ImportPreviewRow {
  const r = row.report;
  return {
    line: row.line,
    status: r.status,
    usageplacecode: r.usageplacecode,
    customernumber: r.customernumber ?? null,
    contract_no: r.contract_no ?? null,
    invoices: r.invoices.map((i) => ({ invoicenumber: i.invoicenumber, jobid: i.jobid })),
    time: r.time,
    description: r.description ?? null,
    leftOut,
  };
}
