import type { z } from 'zod';
import { endpointBaseUrl, isProduction, type Endpoint } from '../../shared/endpoint.ts';
import { AppError } from '../../shared/errors.ts';
import { IPC_CHANNELS, isChannel, type Channel, type ChannelResponse, type IpcResult, type LogRow, type SessionView } from '../../shared/ipc.ts';
import type { OutboxEntry } from '../../shared/outbox.ts';
import { EventStatus } from '../../shared/usageplace-event.ts';
import type { Core } from '../core/open-core.ts';
import type { BuiltinSimulator } from './builtin-simulator.ts';
import { reportsToCsv } from './export-csv.ts';
import type { DesktopView } from '../../shared/desktop.ts';
import { DesktopSettingsStore } from '../core/desktop-settings-store.ts';
import { diagnosticsZip } from '../desktop/diagnostics.ts';
import { NO_DESKTOP, type DesktopHooks } from './desktop-hooks.ts';
import { statusView } from './status-view.ts';

export interface IpcContext {
  core: Core;
  simulator: BuiltinSimulator;
  /** The operating system's view of the network (Electron's net.isOnline in the app). */
  isOnline: () => boolean;
  /** After sign-in or sign-out, so the shell can tell every window. */
  onSessionChanged?: (session: SessionView) => void;
  /** Default: the store beside this core's outbox. */
  desktopSettings?: DesktopSettingsStore;
  /** Default: no shell (NO_DESKTOP). */
  desktop?: DesktopHooks;
  /** After the desktop settings changed, so the shell can tell every window. */
  onDesktopChanged?: (view: DesktopView) => void;
}

type Request<C extends Channel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
export type IpcHandlers = { [C in Channel]: (request: Request<C>) => Promise<ChannelResponse<C>> };

const EXPORT_LIMIT = 1_000_000;

export function toLogRow(e: OutboxEntry): LogRow {
  return {
    seq: e.seq, id: e.id, state: e.state, status: e.status, usageplacecode: e.usageplacecode,
    customernumber: e.event.customernumber ?? null, time: e.event.time, attempts: e.attempts,
    lastError: e.lastError?.message ?? null, createdAt: e.createdAt, nextAttemptAt: e.nextAttemptAt,
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
    const simUrl = ctx.simulator.url ?? ctx.simulator.rememberedUrl();
    return {
      configured: s.settings !== null,
      endpoint,
      baseUrl,
      cid: s.settings?.cid ?? null,
      isProduction: endpoint ? isProduction(endpoint) : false,
      usesSimulator: Boolean(baseUrl && simUrl && baseUrl.startsWith(simUrl)),
      signedIn: s.signedIn,
      tokenExpiresAt: s.tokenExpiresAt,
      signInNeeded: s.signInNeeded,
    };
  }

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
        const sim = await ctx.simulator.start();
        const endpoint: Endpoint = { kind: 'custom', baseUrl: `${sim.url}/rest` };
        await core.account.setup(endpoint, ctx.simulator.demo.cid, ctx.simulator.demo.apicode);
      } else {
        const problems = [
          ...(cid.trim() ? [] : [{ field: 'cid', message: 'Customer ID (cid) is required.' }]),
          ...(apicode ? [] : [{ field: 'apicode', message: 'API code is required.' }]),
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
    'reports:create': async (draft) => core.reports.create(draft),
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
    'reports:retryNow': async ({ id }) => core.reports.retryNow(id),
    'reports:correct': async ({ id, draft }) => core.reports.correct(id, draft),
    'reports:discard': async ({ id }) => core.reports.discard(id, 'Discarded by the clerk.'),
    'reports:exportCsv': async (q) => {
      const entries = core.store.list({ ...q, limit: EXPORT_LIMIT });
      const stamp = new Date(core.now()).toISOString().slice(0, 10);
      return { fileName: `usage-place-reports-${stamp}.csv`, csv: reportsToCsv(entries), count: entries.length };
    },
    'outbox:status': async () => statusView(core, ctx.isOnline, ctx.desktopSettings.alarmAfterMs()),
    'outbox:sendNow': async () => {
      const worker = core.worker;
      worker?.onlineAgain();
      return { woken: worker !== null };
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
        network: await ctx.desktop.network(settings ? endpointBaseUrl(settings.endpoint) : null),
        now: core.now(),
      });
      return { fileName: await ctx.desktop.saveFile(zip.fileName, zip.bytes) };
    },
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
        problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(request)', message: i.message })),
      },
    };
  }
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    const value = schema.response.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toData() };
    return { ok: false, error: { code: 'internal_error', message: err instanceof Error ? err.message : String(err) } };
  }
}
