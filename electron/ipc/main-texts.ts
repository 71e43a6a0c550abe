// What the main process itself says to the clerk (the tray, OS notifications, the app menu,
// the start-up error dialog), from the same catalogues as the window, in the locale passed in.
// Plain Node, so it is tested without Electron; electron/platform/ only shows these texts.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { Locale } from '../../shared/i18n/locale.ts';
import type { EventPayload } from '../../shared/ipc.ts';
import type { SignInReason } from '../../shared/outbox.ts';

type Attention = EventPayload<'outbox:attention'>;
type Status = EventPayload<'outbox:status'>;

const SIGN_IN_REASON: Record<SignInReason, (inputs: object, options: { locale: Locale }) => string> = {
  not_signed_in: m.sign_in_reason_not_signed_in,
  api_code_refused: m.sign_in_reason_api_code_refused,
  token_refused: m.sign_in_reason_token_refused,
};

export function trayMenuTexts(locale: Locale): { open: string; sendNow: string; quit: string } {
  const o = { locale };
  return { open: m.tray_open({}, o), sendNow: m.statusbar_send_now({}, o), quit: m.tray_quit({}, o) };
}

/** "2 to send, 1 failed" for the tray's tooltip, or null when nothing waits. */
export function traySummary(status: Status, locale: Locale): string | null {
  const o = { locale };
  const c = status.counts;
  const toSend = (c.queued ?? 0) + (c.sending ?? 0) + (c.held ?? 0);
  const failed = c.failed ?? 0;
  const parts = [
    ...(toSend > 0 ? [m.tray_to_send({ count: toSend }, o)] : []),
    ...(failed > 0 ? [m.statusbar_failed({ count: failed }, o)] : []),
    ...(status.signInNeeded.length > 0 ? [m.tray_sign_in_again({}, o)] : []),
    ...(status.online ? [] : [m.tray_offline({}, o)]),
  ];
  return parts.length > 0 ? parts.join(', ') : null;
}

/** The body of an OS notification for one thing that needs the clerk. */
export function attentionText(attention: Attention, locale: Locale): string {
  const o = { locale };
  if (attention.kind === 'failed') return m.notify_failed_one({ usageplace: attention.usageplacecode }, o);
  return m.notify_sign_in_needed({ reason: SIGN_IN_REASON[attention.reason]({}, o) }, o);
}

/** Several refusals in one burst become one notification. */
export function refusedManyText(count: number, locale: Locale): string {
  return m.notify_failed_many({ count }, { locale });
}

export function startFailedTitle(locale: Locale): string {
  return m.dialog_start_failed({}, { locale });
}

/** The Windows and Linux menu bar ("&" marks the Alt-key letter). */
export function menuTexts(locale: Locale) {
  const o = { locale };
  return {
    file: m.menu_file({}, o),
    quit: m.tray_quit({}, o),
    edit: m.menu_edit({}, o),
    undo: m.menu_undo({}, o),
    redo: m.menu_redo({}, o),
    cut: m.menu_cut({}, o),
    copy: m.menu_copy({}, o),
    paste: m.menu_paste({}, o),
    selectAll: m.menu_select_all({}, o),
  };
}

export const productName = (locale: Locale): string => m.app_title({}, { locale });

/** The suggested name of a saved receipt (without ".pdf"): "receipt-643007572062443672-2024-01-04". */
export function receiptFileStem(usageplace: string, day: string, locale: Locale): string {
  return m.pdf_receipt_file({ usageplace, date: day }, { locale });
}

/** The suggested name of a saved day sheet (without ".pdf"): "day-sheet-2024-01-04". */
export function daySheetFileStem(day: string, locale: Locale): string {
  return m.pdf_day_sheet_file({ date: day }, { locale });
}
