import { z } from 'zod';
import { Endpoint } from './endpoint.ts';
import { AppErrorData } from './errors.ts';
import { AttemptRecord, LastError, OutboxEntry, ReportState, SignInNeeded, SignInReason } from './outbox.ts';
import { LaneWarning } from './lane-warnings.ts';
import { LanguageChoice } from './i18n/locale.ts';
import { OutboxStatus } from './outbox-status.ts';
import { AlarmState } from './alarms.ts';
import { DesktopChange, DesktopView } from './desktop.ts';
import { ExportQuery, IsoDate } from './export-query.ts';
import { DraftKey } from './report-drafts.ts';
import { ImportCheck, ImportDone, ImportProgress, MAX_IMPORT_BASE64 } from './csv-import-check.ts';
import { DaySheet, PrintDocument } from './print-documents.ts';
import { CHANNEL_NAMES, EVENT_NAMES, isChannel, isEventName, type ChannelName, type EventNameOf } from './ipc-names.ts';

// The one contract between the renderer and the main process. Each channel has a request
// and a response schema; the main side parses every request with it (the renderer is
// untrusted), the preload exposes exactly these channels, and the renderer's api module
// is typed from them. No secret ever crosses: the apicode goes in once, at sign-in, and
// nothing comes back but "signed in until". Nothing crosses as an English sentence either:
// reasons and problems are codes with parameters, worded by the renderer in the clerk's
// language (Ropo One's own texts excepted, which are shown as Ropo One wrote them).

/** Where a new sign-in should go: a Ropo One environment, a custom URL, or the built-in simulator. */
export const SignInTarget = Endpoint;
export type SignInTarget = z.infer<typeof SignInTarget>;

export const SessionView = z.object({
  configured: z.boolean(),
  endpoint: Endpoint.nullable(),
  /** The base URL new reports go to, shown to the clerk. */
  baseUrl: z.string().nullable(),
  cid: z.string().nullable(),
  isProduction: z.boolean(),
  usesSimulator: z.boolean(),
  signedIn: z.boolean(),
  tokenExpiresAt: z.number().nullable(),
  /** Set when delivery waits until someone signs in again: why, and the error behind it. */
  signInNeeded: SignInNeeded.nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

/** The longest status the form can send; the shared report rules say which three are valid. */
const DraftStatus = z.string().max(50);

/** A draft from the form: strings as typed; the shared report rules judge it in main. */
export const ReportDraft = z.object({
  status: DraftStatus,
  usageplacecode: z.string().max(1000),
  customernumber: z.string().max(1000).optional(),
  contract_no: z.string().max(1000).optional(),
  invoices: z.array(z.object({ invoicenumber: z.string().max(1000), jobid: z.string().max(100) })).max(200).optional(),
  time: z.string().max(100).optional(),
  description: z.string().max(5000).optional(),
});
export type ReportDraft = z.infer<typeof ReportDraft>;

/**
 * Made by the form when it opens (a UUID), and sent with every try to queue that form: the
 * same key gives the same report, so a double click or an answer lost to a reload never
 * queues twice. The same key with other content is refused (idempotency_conflict).
 */
export const IdempotencyKey = z.uuid();

/**
 * The form as its draft keeps it (drafts:save, drafts:get): the fields as typed, and the form's
 * idempotency key, so a form brought back after a reload, a restart or a crash and queued is
 * still recognised as the report it may already have made.
 */
export const FormDraft = ReportDraft.extend({ idempotencyKey: IdempotencyKey.optional() });
export type FormDraft = z.infer<typeof FormDraft>;

export const LaneWarningView = LaneWarning;

/** The language setting: the clerk's choice, and the OS's preferred languages when main knows them. */
export const LanguageView = z.object({
  choice: LanguageChoice,
  /** Electron's app.getPreferredSystemLanguages(); null in the preview, where the page asks navigator.languages. */
  systemLanguages: z.array(z.string()).nullable(),
});
export type LanguageView = z.infer<typeof LanguageView>;

/** One line of the log: what the list shows, without the payload. */
export const LogRow = z.object({
  seq: z.int(),
  id: z.string(),
  state: ReportState,
  status: OutboxEntry.shape.status,
  usageplacecode: z.string(),
  customernumber: z.string().nullable(),
  time: z.string(),
  attempts: z.int(),
  lastError: LastError.nullable(),
  createdAt: z.number(),
  nextAttemptAt: z.number().nullable(),
});
export type LogRow = z.infer<typeof LogRow>;

export const LogQuery = z.object({
  state: ReportState.optional(),
  search: z.string().max(200).optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});
export type LogQuery = z.input<typeof LogQuery>;

// Every string a request carries has a maximum length (test/ipc/ipc-contract.test.ts walks
// the table): the renderer is untrusted, and an unbounded string costs memory and time in
// every check and query it reaches.
const ReportId = z.string().min(1).max(100);
const Id = z.object({ id: ReportId });
const Nothing = z.undefined();

export const IPC_CHANNELS = {
  'session:get': { request: Nothing, response: SessionView },
  'session:signIn': {
    request: z.object({ target: SignInTarget, cid: z.string().max(100), apicode: z.string().max(500) }),
    response: SessionView,
  },
  'session:signOut': { request: Nothing, response: SessionView },
  'reports:create': {
    request: z.object({ idempotencyKey: IdempotencyKey, draft: ReportDraft }),
    response: z.object({ entry: OutboxEntry, warnings: z.array(LaneWarningView) }),
  },
  'reports:warnings': {
    request: z.object({ status: DraftStatus, usageplacecode: z.string().max(1000), excludeId: ReportId.optional() }),
    response: z.array(LaneWarningView),
  },
  'reports:list': { request: LogQuery, response: z.object({ total: z.int(), rows: z.array(LogRow) }) },
  'reports:get': { request: Id, response: z.object({ entry: OutboxEntry, attempts: z.array(AttemptRecord) }) },
  'reports:retryNow': { request: Id, response: OutboxEntry },
  'reports:correct': { request: Id.extend({ draft: ReportDraft }), response: OutboxEntry },
  'reports:discard': { request: Id, response: OutboxEntry },
  /**
   * The main process asks where to save (a save dialog), then writes the file itself, page
   * by page: the log never crosses IPC. `fileName` is the chosen file's name, without its folder.
   */
  'reports:exportCsv': {
    request: ExportQuery,
    response: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('saved'), fileName: z.string(), count: z.int() }),
      z.object({ kind: z.literal('cancelled') }),
    ]),
  },
  'outbox:status': { request: Nothing, response: OutboxStatus.extend({ online: z.boolean(), now: z.number(), alarm: AlarmState }) },
  'outbox:sendNow': { request: Nothing, response: z.object({ woken: z.boolean() }) },
  'language:get': { request: Nothing, response: LanguageView },
  'language:set': { request: z.object({ choice: LanguageChoice }), response: LanguageView },
  // The desktop app's own settings and actions (issue 9).
  'desktop:get': { request: Nothing, response: DesktopView },
  'desktop:set': { request: DesktopChange, response: DesktopView },
  /** Installs a downloaded update: delivery stops first, so no request is in flight. */
  'update:restart': { request: Nothing, response: z.object({ started: z.boolean() }) },
  /** Saves the diagnostics zip where the clerk chooses; null when they cancelled. */
  'diagnostics:save': { request: Nothing, response: z.object({ fileName: z.string().nullable() }) },

  // A clerk's day (issue 11): drafts, the window's CSV import, receipts and the day sheet.
  /** The form's draft as last saved, or null. */
  'drafts:get': { request: z.object({ key: DraftKey }), response: z.object({ draft: FormDraft, savedAt: z.number() }).nullable() },
  /** Keeps the form as typed (an empty form removes the draft). */
  'drafts:save': { request: z.object({ key: DraftKey, draft: FormDraft }), response: z.object({ savedAt: z.number() }) },
  'drafts:clear': { request: z.object({ key: DraftKey }), response: z.null() },
  /** The main process asks which file (its open dialog), reads and checks it; nothing is queued yet. */
  'import:choose': {
    request: Nothing,
    response: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('checked'), check: ImportCheck }),
      z.object({ kind: z.literal('cancelled') }),
    ]),
  },
  /** A file dropped on the window: its bytes (base64) are checked; nothing is queued yet. */
  'import:check': {
    request: z.object({ fileName: z.string().min(1).max(255), base64: z.string().max(MAX_IMPORT_BASE64) }),
    response: ImportCheck,
  },
  /** Queues every row of a check that passed, or none. */
  'import:commit': { request: z.object({ checkId: z.string().min(1).max(100) }), response: ImportDone },
  /** The reports queued on one day (this computer's calendar day), oldest first. */
  'reports:day': { request: z.object({ day: IsoDate }), response: DaySheet },
  /** The page as it shows now, printed to PDF at a path from the save dialog; 'unavailable' where the shell cannot (the preview). */
  'print:savePdf': {
    request: z.object({ document: PrintDocument }),
    response: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('saved'), fileName: z.string() }),
      z.object({ kind: z.literal('cancelled') }),
      z.object({ kind: z.literal('unavailable') }),
    ]),
  },
} as const;

export type Channel = keyof typeof IPC_CHANNELS;
export type ChannelRequest<C extends Channel> = z.input<(typeof IPC_CHANNELS)[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<(typeof IPC_CHANNELS)[C]['response']>;

/** Every answer says plainly whether it worked; nothing throws across the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export const IPC_EVENTS = {
  /** Reports changed state; the log re-reads what it shows. */
  'reports:changed': z.object({ ids: z.array(z.string()) }),
  'outbox:status': IPC_CHANNELS['outbox:status'].response,
  'session:changed': SessionView,
  /** A report failed for good, or sign-in is needed: the window announces it (the OS notification comes from the alarm, shared/alarms.ts). */
  'outbox:attention': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('failed'), id: z.string(), usageplacecode: z.string(), error: LastError.nullable() }),
    z.object({ kind: z.literal('signInNeeded'), reason: SignInReason, error: LastError.nullable() }),
  ]),
  /** An update was found, downloaded, or the settings changed elsewhere. */
  'desktop:changed': DesktopView,
  /** How far a long import check, or the queueing of its rows, has got. */
  'import:progress': ImportProgress,
} as const;

export type EventName = keyof typeof IPC_EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof IPC_EVENTS)[E]>;

/** What the preload puts on `window.ropo` (and the preview bridge imitates). */
export interface RopoBridge {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<IpcResult<ChannelResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

// The name lists in ipc-names.ts must be exactly this table's keys: each line fails to
// compile when a name is missing on one side.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsAgree: Same<Channel, ChannelName> = true;
const eventsAgree: Same<EventName, EventNameOf> = true;
void channelsAgree;
void eventsAgree;

export { CHANNEL_NAMES, EVENT_NAMES, isChannel, isEventName };

