// The only code that touches window.ropo. Components call these named functions and never
// type a channel string. Every call answers {ok, value} or {ok: false, error}; nothing
// throws across the bridge, and a missing bridge is an error like any other.
import type {
  Channel, ChannelRequest, ChannelResponse, EventName, EventPayload, FormDraft, IpcResult, LogQuery, ReportDraft, SignInTarget,
} from '../../../shared/ipc.ts';
import type { ReportState } from '../../../shared/outbox.ts';
import type { LanguageChoice } from '../../../shared/i18n/locale.ts';
import type { DraftKey } from '../../../shared/report-drafts.ts';
import type { PrintDocument } from '../../../shared/print-documents.ts';

export type { IpcResult };
export type SessionView = ChannelResponse<'session:get'>;
export type OutboxStatusView = ChannelResponse<'outbox:status'>;
export type LogPage = ChannelResponse<'reports:list'>;
export type ReportDetail = ChannelResponse<'reports:get'>;
export type LaneWarningView = ChannelResponse<'reports:warnings'>[number];
export type CreatedReport = ChannelResponse<'reports:create'>;
export type CsvExport = ChannelResponse<'reports:exportCsv'>;
export type SavedDraft = NonNullable<ChannelResponse<'drafts:get'>>;
export type ImportCheck = ChannelResponse<'import:check'>;
export type ImportDone = ChannelResponse<'import:commit'>;
export type ImportProgress = EventPayload<'import:progress'>;
export type DaySheet = ChannelResponse<'reports:day'>;
export type PdfSave = ChannelResponse<'print:savePdf'>;

const NO_BRIDGE = 'The page has no window.ropo bridge.';

/** False when the page runs without the preload (or the preview's bridge). */
export const hasBridge = (): boolean => typeof window !== 'undefined' && Boolean(window.ropo);

async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<IpcResult<ChannelResponse<C>>> {
  const ropo = typeof window === 'undefined' ? undefined : window.ropo;
  // The window says so in words (App.svelte); this answer is for the code that asked.
  if (!ropo) return { ok: false, error: { code: 'internal_error', message: NO_BRIDGE, technical: NO_BRIDGE } };
  try {
    return await ropo.invoke(channel, request);
  } catch (err) {
    return { ok: false, error: { code: 'internal_error', message: err instanceof Error ? err.message : String(err) } };
  }
}

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const ropo = typeof window === 'undefined' ? undefined : window.ropo;
  return ropo ? ropo.on(event, listener) : () => {};
}

// Session
export const getSession = () => call('session:get', undefined);
export const signIn = (target: SignInTarget, cid: string, apicode: string) => call('session:signIn', { target, cid, apicode });
export const signOut = () => call('session:signOut', undefined);

// Reports
export const createReport = (idempotencyKey: string, draft: ReportDraft) => call('reports:create', { idempotencyKey, draft });
export const laneWarnings = (status: string, usageplacecode: string, excludeId?: string) =>
  call('reports:warnings', excludeId ? { status, usageplacecode, excludeId } : { status, usageplacecode });
export const listReports = (query: LogQuery) => call('reports:list', query);
export const getReport = (id: string) => call('reports:get', { id });
export const retryNow = (id: string) => call('reports:retryNow', { id });
export const correctReport = (id: string, draft: ReportDraft) => call('reports:correct', { id, draft });
export const discardReport = (id: string) => call('reports:discard', { id });
export const exportCsv = (filter: { state?: ReportState | undefined; search?: string | undefined }) =>
  call('reports:exportCsv', filter);

// Drafts of the report form
export const getDraft = (key: DraftKey) => call('drafts:get', { key });
export const saveDraft = (key: DraftKey, draft: FormDraft) => call('drafts:save', { key, draft });
export const clearDraft = (key: DraftKey) => call('drafts:clear', { key });

// CSV import: the main process's open dialog, or a dropped file's bytes; then all rows or none
export const chooseImportFile = () => call('import:choose', undefined);
export const checkImportBytes = (fileName: string, base64: string) => call('import:check', { fileName, base64 });
export const commitImport = (checkId: string) => call('import:commit', { checkId });

// Receipts and the day sheet
export const getDaySheet = (day: string) => call('reports:day', { day });
export const savePdf = (document: PrintDocument) => call('print:savePdf', { document });

// Language
export const getLanguage = () => call('language:get', undefined);
export const setLanguage = (choice: LanguageChoice) => call('language:set', { choice });

// Delivery
export const getOutboxStatus = () => call('outbox:status', undefined);
export const sendNow = () => call('outbox:sendNow', undefined);

// The desktop app: start at login, alarm threshold, updates, diagnostics
export type DesktopView = ChannelResponse<'desktop:get'>;
export const getDesktop = () => call('desktop:get', undefined);
export const setDesktop = (change: ChannelRequest<'desktop:set'>) => call('desktop:set', change);
export const restartToUpdate = () => call('update:restart', undefined);
export const saveDiagnostics = () => call('diagnostics:save', undefined);

// Events from the main process
export const onReportsChanged = (listener: (payload: EventPayload<'reports:changed'>) => void) => on('reports:changed', listener);
export const onOutboxStatus = (listener: (payload: OutboxStatusView) => void) => on('outbox:status', listener);
export const onSessionChanged = (listener: (payload: SessionView) => void) => on('session:changed', listener);
export const onAttention = (listener: (payload: EventPayload<'outbox:attention'>) => void) => on('outbox:attention', listener);
export const onDesktopChanged = (listener: (payload: DesktopView) => void) => on('desktop:changed', listener);
export const onImportProgress = (listener: (payload: ImportProgress) => void) => on('import:progress', listener);
