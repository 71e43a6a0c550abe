import { basename } from 'node:path';
import type { z } from 'zod';
import { endpointBaseUrl, endpointLabel, isProduction } from '../../shared/endpoint.ts';
import { AppError, type FieldProblem } from '../../shared/errors.ts';
import { fieldProblems } from '../../shared/field-problems.ts';
import { IPC_CHANNELS, isChannel, type Channel, type ChannelResponse, type IpcResult, type LanguageView, type LogRow, type SessionView } from '../../shared/ipc.ts';
import type { LanguageChoice } from '../../shared/i18n/locale.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import { EventStatus } from '../../shared/usageplace-event.ts';
import type { Core } from '../core/open-core.ts';
import type { BuiltinSimulator } from './builtin-simulator.ts';
import { exportReportsToFile } from '../core/csv-export-file.ts';
import { formatLocalTime } from '../../shared/local-time.ts';
import type { DesktopView } from '../../shared/desktop.ts';
import { DesktopSettingsStore } from '../core/desktop-settings-store.ts';
import { diagnosticsZip } from '../desktop/diagnostics.ts';
import { NO_DESKTOP, type DesktopHooks } from './desktop-hooks.ts';
import { statusView } from './status-view.ts';
import type { ImportProgress } from '../../shared/csv-import-check.ts';
import { createDayHandlers } from './day-handlers.ts';

export interface IpcContext {
  core: Core;
  simulator: BuiltinSimulator;
  /** The operating system's view of the network (Electron's net.isOnline in the app). */
  isOnline: () => boolean;
  /** After sign-in or sign-out, so the shell can tell every window. */
  onSessionChanged?: (session: SessionView) => void;
  /**
   * Where to write an export: a save dialog in the app, a file of its own in the preview.
   * Null when the clerk cancelled.
   */
  chooseExportFile: (suggestedName: string) => Promise<string | null>;
  /**
   * The OS's preferred languages (Electron's app.getPreferredSystemLanguages()). Left out
   * in the preview, whose page reads navigator.languages instead.
   */
  systemLanguages?: () => string[];
  /** After the clerk chose a language, so the shell can re-word the tray and notifications. */
  onLanguageChanged?: (choice: LanguageChoice) => void;
  /** Default: the store beside this core's outbox. */
  desktopSettings?: DesktopSettingsStore;
  /** Default: no shell (NO_DESKTOP). */
  desktop?: DesktopHooks;
  /** After the desktop settings changed, so the shell can tell every window. */
  onDesktopChanged?: (view: DesktopView) => void;
  /**
   * Which CSV file to import: the app's open dialog; in the preview, the file its page has
   * just uploaded. Null when the clerk cancelled. The renderer never names a path.
   */
  chooseImportFile: () => Promise<string | null>;
  /** How far a long import check, or the queueing of its rows, has got. */
  onImportProgress?: (progress: ImportProgress) => void;
  /**
   * Saving the window's page as a PDF: where (the save dialog), and the page printed by
   * Chromium (webContents.printToPDF). Left out in the preview, whose browser prints itself.
   */
  pdf?: { choosePath: (suggestedName: string) => Promise<string | null>; render: () => Promise<Uint8Array> };
}

type Request<C extends Channel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
export type IpcHandlers = { [C in Channel]: (request: Request<C>) => Promise<ChannelResponse<C>> };

export function toLogRow(e: OutboxEntry): LogRow {
  return {
    seq: e.seq, id: e.id, state: e.state, status: e.status, usageplacecode: e.usageplacecode,
    customernumber: e.event.customernumber ?? null, time: e.event.time, attempts: e.attempts,
    lastError: e.lastError, createdAt: e.createdAt, nextAttemptAt: e.nextAttemptAt,
  };
}

/** The handler table, shared by the Electron main process and the preview server. */
export function createIpcHandlers(context: IpcContext): IpcHandlers {
  const { core } = context;
  const ctx = {
    ...context,
    desktopSettings: context.desktopSettings ?? new DesktopSettingsStore(core.meta),
    desktop: context.desktop ?? NO_DESKTOP,
  };

  async function session(): Promise<SessionView> {
    const s = await core.account.session();
    const endpoint = s.settings?.endpoint ?? null;
    const baseUrl = endpoint ? endpointBaseUrl(endpoint) : null;
    return {
      configured: s.settings !== null,
      endpoint,
      baseUrl,
      cid: s.settings?.cid ?? null,
      isProduction: endpoint ? isProduction(endpoint) : false,
      usesSimulator: endpoint?.kind === 'simulator',
      signedIn: s.signedIn,
      tokenExpiresAt: s.tokenExpiresAt,
      signInNeeded: s.signInNeeded,
    };
  }

  const language = (): LanguageView => ({ choice: core.settings.language(), systemLanguages: ctx.systemLanguages?.() ?? null });

  function desktopView(): DesktopView {
    const settings = ctx.desktopSettings.get();
    return {
      startAtLogin: settings.startAtLogin ?? false,
      startAtLoginSupported: ctx.desktop.startAtLoginSupported,
      alarmAfterMinutes: settings.alarmAfterMinutes,
      update: ctx.desktop.update(),
    };
  }

  /** The first successful sign-in turns starting at login on, unless someone chose already. */
  function afterSignIn(): void {
    if (ctx.desktopSettings.get().startAtLogin !== null) return;
    ctx.desktop.applyStartAtLogin(ctx.desktopSettings.signedIn());
    ctx.onDesktopChanged?.(desktopView());
  }

  async function sessionChanged(): Promise<SessionView> {
    const view = await session();
    ctx.onSessionChanged?.(view);
    return view;
  }

  return {
    'session:get': session,
    'session:signIn': async ({ target, cid, apicode }) => {
      if (target.kind === 'simulator') {
        // Named as the simulator, not by this run's address: its reports follow it to any port.
        await ctx.simulator.start();
        await core.account.setup(target, ctx.simulator.demo.cid, ctx.simulator.demo.apicode);
      } else {
        const problems: FieldProblem[] = [
          ...(cid.trim() ? [] : [{ field: 'cid', code: 'required', message: 'Customer ID (cid) is required.' } as const]),
          ...(apicode ? [] : [{ field: 'apicode', code: 'required', message: 'API code is required.' } as const]),
        ];
        if (problems.length) throw new AppError('validation_failed', problems.map((p) => p.message).join(' '), problems);
        await core.account.setup(target, cid.trim(), apicode);
      }
      afterSignIn();
      return sessionChanged();
    },
    'session:signOut': async () => {
      await core.account.signOut();
      return sessionChanged();
    },
    // Queueing the form and clearing its draft are one transaction: after a crash the clerk
    // finds either the draft or the queued report, never both (which would invite a second
    // report). The draft carries the form's idempotency key too, so a form brought back and
    // sent again is still recognised as the report it already made.
    'reports:create': async ({ idempotencyKey, draft }) => core.store.together(() => {
      const created = core.reports.create(draft, { idempotencyKey });
      core.drafts.clear({ kind: 'new' });
      return created;
    }),
    'reports:warnings': async ({ status, usageplacecode, excludeId }) => {
      // Asked while the clerk types: an unfinished form simply has no warnings yet.
      const parsed = EventStatus.safeParse(status);
      if (!parsed.success || !usageplacecode.trim() || !core.settings.get()) return [];
      return core.reports.warningsFor(parsed.data, usageplacecode, excludeId);
    },
    'reports:list': async (q) => ({
      total: core.store.count(q),
      rows: core.store.list(q).map(toLogRow),
    }),
    'reports:get': async ({ id }) => {
      const entry = core.store.get(id);
      if (!entry) throw new AppError('not_found', `No report with id ${id}.`);
      return { entry, attempts: core.store.attempts(id) };
    },
    // A failed report resent as it was, corrected or discarded has nothing left to correct: its draft goes too.
    'reports:retryNow': async ({ id }) => core.store.together(() => {
      core.drafts.clear({ kind: 'correction', id });
      return core.reports.retryNow(id);
    }),
    'reports:correct': async ({ id, draft }) => core.store.together(() => {
      core.drafts.clear({ kind: 'correction', id });
      return core.reports.correct(id, draft);
    }),
    'reports:discard': async ({ id }) => core.store.together(() => {
      core.drafts.clear({ kind: 'correction', id });
      return core.reports.discard(id, 'app');
    }),
    'reports:exportCsv': async (q) => {
      const path = await ctx.chooseExportFile(`usage-place-reports-${formatLocalTime(new Date(core.now())).slice(0, 10)}.csv`);
      if (path === null) return { kind: 'cancelled' };
      const { count } = await exportReportsToFile(core.store, q, path);
      return { kind: 'saved', fileName: basename(path), count };
    },
    'outbox:status': async () => statusView(core, ctx.isOnline, ctx.desktopSettings.alarmAfterMs()),
    'outbox:sendNow': async () => {
      const worker = core.worker;
      worker?.onlineAgain();
      return { woken: worker !== null };
    },
    'language:get': async () => language(),
    'language:set': async ({ choice }) => {
      core.settings.setLanguage(choice);
      ctx.onLanguageChanged?.(choice);
      return language();
    },
    'desktop:get': async () => desktopView(),
    'desktop:set': async (change) => {
      const before = ctx.desktopSettings.get();
      const after = ctx.desktopSettings.change(change);
      if (after.startAtLogin !== null && after.startAtLogin !== before.startAtLogin) ctx.desktop.applyStartAtLogin(after.startAtLogin);
      const view = desktopView();
      ctx.onDesktopChanged?.(view);
      return view;
    },
    'update:restart': async () => ({ started: await ctx.desktop.restartToUpdate() }),
    'diagnostics:save': async () => {
      const settings = core.settings.get();
      const zip = await diagnosticsZip({
        core,
        versions: ctx.desktop.versions(),
        environment: settings ? endpointLabel(settings.endpoint) : null,
        // The built-in simulator runs inside the app: no proxy is asked about it, whatever the PC's.
        network: settings?.endpoint.kind === 'simulator'
          ? 'Built-in simulator: inside the app on this computer, no proxy'
          : await ctx.desktop.network(settings ? endpointBaseUrl(settings.endpoint) : null),
        now: core.now(),
      });
      return { fileName: await ctx.desktop.saveFile(zip.fileName, zip.bytes) };
    },
    ...createDayHandlers(ctx),
  };
}

/**
 * One IPC call: the channel must be in the contract, the payload must parse with its
 * schema, and whatever happens the caller gets `{ok, value}` or `{ok: false, error}`.
 */
export async function dispatchIpc(handlers: IpcHandlers, channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'validation_failed', message: `Unknown channel ${String(channel)}.` } };
  const schema = IPC_CHANNELS[channel];
  const parsed = schema.request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'validation_failed',
        message: `Invalid request for ${channel}.`,
        problems: fieldProblems(parsed.error, '(request)'),
      },
    };
  }
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    const value = schema.response.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toData() };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal_error', message, technical: message } };
  }
}
