import { basename } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { effectiveLocale } from '../../shared/i18n/locale.ts';
import type { Channel, ChannelResponse, IPC_CHANNELS } from '../../shared/ipc.ts';
import { formatLocalTime } from '../../shared/local-time.ts';
import { DAY_SHEET_MAX, localDayBounds, type PrintDocument } from '../../shared/print-documents.ts';
import type { DraftKey } from '../../shared/report-drafts.ts';
import { WindowImports, readImportFile } from '../core/csv-import-check.ts';
import type { Core } from '../core/open-core.ts';
import { safeFileName, writeFileAtomically } from '../core/pdf-file.ts';
import type { IpcContext } from './ipc-handlers.ts';
import { daySheetFileStem, receiptFileStem } from './main-texts.ts';

// The channels of a clerk's day (issue 11): the form's drafts, the window's CSV import, the
// day sheet, and saving the page as PDF. Plain Node: the Electron shell gives only the dialogs
// and Chromium's printToPDF (IpcContext), so everything else is tested without it.

export const DAY_CHANNELS = [
  'drafts:get', 'drafts:save', 'drafts:clear', 'import:choose', 'import:check', 'import:commit', 'reports:day', 'print:savePdf',
] as const satisfies readonly Channel[];
type DayChannel = (typeof DAY_CHANNELS)[number];
type Request<C extends Channel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
export type DayHandlers = { [C in DayChannel]: (request: Request<C>) => Promise<ChannelResponse<C>> };

/**
 * The draft of a correction is kept only while its report is failed: once it was resent,
 * discarded or corrected (here, or from the command line) there is nothing left to correct.
 */
function draftStillWanted(core: Core, key: DraftKey): boolean {
  return key.kind === 'new' || core.store.get(key.id)?.state === 'failed';
}

export function createDayHandlers(ctx: IpcContext): DayHandlers {
  const { core } = ctx;
  const imports = new WindowImports({
    store: core.store,
    target: () => core.settings.currentTarget(),
    now: core.now,
    onQueued: () => core.worker?.kick(),
  });
  const progress = ctx.onImportProgress ?? (() => undefined);
  const locale = () => effectiveLocale(core.settings.language(), ctx.systemLanguages?.() ?? []);
  const day = (ms: number) => formatLocalTime(new Date(ms)).slice(0, 10);

  function suggestedPdfName(document: PrintDocument): string {
    if (document.kind === 'daySheet') return safeFileName(daySheetFileStem(document.day, locale()), 'pdf');
    const entry = core.store.get(document.id);
    if (!entry) throw new AppError('not_found', `No report with id ${document.id}.`);
    return safeFileName(receiptFileStem(entry.usageplacecode, day(entry.createdAt), locale()), 'pdf');
  }

  return {
    'drafts:get': async ({ key }) => {
      if (!draftStillWanted(core, key)) {
        core.drafts.clear(key);
        return null;
      }
      return core.drafts.get(key);
    },
    'drafts:save': async ({ key, draft }) => {
      const savedAt = core.now();
      if (draftStillWanted(core, key)) core.drafts.save(key, draft, savedAt);
      return { savedAt };
    },
    'drafts:clear': async ({ key }) => {
      core.drafts.clear(key);
      return null;
    },
    'import:choose': async () => {
      const path = await ctx.chooseImportFile();
      if (path === null) return { kind: 'cancelled' };
      const bytes = await readImportFile(path);
      return { kind: 'checked', check: await imports.check(basename(path), bytes, progress) };
    },
    // The name is only shown; whatever the page sends, no folder of it is (a Windows one included).
    'import:check': async ({ fileName, base64 }) => imports.check(fileName.split(/[\\/]/).pop() || 'import.csv', Buffer.from(base64, 'base64'), progress),
    'import:commit': async ({ checkId }) => imports.commit(checkId, progress),
    'reports:day': async ({ day: wanted }) => {
      const { from, to } = localDayBounds(wanted);
      const { entries, total } = core.store.createdBetween(from, to, DAY_SHEET_MAX);
      return {
        day: wanted,
        total,
        reports: entries.map((e) => ({
          seq: e.seq, id: e.id, state: e.state, status: e.status, usageplacecode: e.usageplacecode,
          customernumber: e.event.customernumber ?? null, time: e.event.time, createdAt: e.createdAt, sentAt: e.sentAt, target: e.target,
        })),
      };
    },
    'print:savePdf': async ({ document }) => {
      if (!ctx.pdf) return { kind: 'unavailable' };
      const path = await ctx.pdf.choosePath(suggestedPdfName(document));
      if (path === null) return { kind: 'cancelled' };
      await writeFileAtomically(path, await ctx.pdf.render());
      return { kind: 'saved', fileName: basename(path) };
    },
  };
}
