// What the main process itself says to the clerk (the tray, OS notifications, the taskbar
// badge, the quit question, the app menu, the save and start-up dialogs), from the same
// catalogues as the window, in the locale passed in. Plain Node, so it is tested without
// Electron; electron/platform/ only shows these texts.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { Locale } from '../../shared/i18n/locale.ts';
import { waitedParts, type AlarmKind, type AlarmLine, type AlarmState } from '../../shared/alarms.ts';
import type { RefusalCause } from '../../shared/endpoint-refusal.ts';
import { REFUSAL_CAUSE_MESSAGE, SIGN_IN_REASON_MESSAGE, WAIT_REASON_MESSAGE, type StatusMessage } from '../../shared/i18n/code-messages.ts';

/** Short, for the tray's line. */
const CAUSE_SHORT: Record<RefusalCause, StatusMessage> = {
  blocked: m.alarm_cause_blocked,
  wrong_address: m.alarm_cause_wrong_address,
  proxy_auth: m.alarm_cause_proxy_auth,
  request_blocked: m.alarm_cause_request_blocked,
  unexpected_refusal: m.alarm_cause_unexpected_refusal,
};

export function trayMenuTexts(locale: Locale): { open: string; sendNow: string; quit: string } {
  const o = { locale };
  return { open: m.tray_open({}, o), sendNow: m.statusbar_send_now({}, o), quit: m.tray_quit({}, o) };
}

/** "2 h 10 min", "45 min", "less than a minute". */
export function waitedFor(ms: number, locale: Locale): string {
  const o = { locale };
  const { hours, minutes } = waitedParts(ms);
  if (hours === 0 && minutes === 0) return m.duration_under_a_minute({}, o);
  if (hours === 0) return m.duration_short_minutes({ minutes: String(minutes) }, o);
  return m.duration_short_hours_minutes({ hours: String(hours), minutes: String(minutes) }, o);
}

/** The alarm's line ("12 waiting, oldest 2 h 10 min: Ropo One cannot be reached"), as the status bar says it too. */
export function alarmLineText(line: AlarmLine, locale: Locale): string {
  const o = { locale };
  switch (line.kind) {
    case 'allSent':
      return m.alarm_all_sent({}, o);
    case 'signIn':
      return m.settings_sign_in_again({}, o);
    case 'refused':
      return m.alarm_refused({ count: line.refused }, o);
    case 'paused':
      return m.alarm_waiting_why(
        { count: line.waiting, oldest: waitedFor(line.oldestMs, locale), reason: CAUSE_SHORT[line.cause]({ status: String(line.httpStatus) }, o) },
        o,
      );
    case 'waiting':
      return line.reason && line.reason !== 'backoff'
        ? m.alarm_waiting_why({ count: line.waiting, oldest: waitedFor(line.oldestMs, locale), reason: WAIT_REASON_MESSAGE[line.reason]({}, o) }, o)
        : m.alarm_waiting({ count: line.waiting, oldest: waitedFor(line.oldestMs, locale) }, o);
  }
}

/** The tray's tooltip: the product's name and the alarm's line. */
export function trayTooltip(line: AlarmLine, locale: Locale): string {
  return `${productName(locale)}: ${alarmLineText(line, locale)}`;
}

/** The body of the one OS notification an alarm episode gets. */
export function alarmNotification(kind: AlarmKind, state: AlarmState, locale: Locale): string {
  const o = { locale };
  const line = state.line;
  switch (kind) {
    case 'signIn':
      return m.notify_sign_in_needed({ reason: SIGN_IN_REASON_MESSAGE[line.kind === 'signIn' ? line.reason : 'not_signed_in']({}, o) }, o);
    case 'paused':
      return m.notify_paused({ cause: line.kind === 'paused' ? REFUSAL_CAUSE_MESSAGE[line.cause]({ status: String(line.httpStatus) }, o) : m.error_endpoint_refused({}, o) }, o);
    case 'refused':
      return m.notify_failed_many({ count: state.refused }, o);
    case 'stale': {
      const oldest = waitedFor(state.oldestMs, locale);
      // The reason, when the line is about waiting (a more urgent condition may hold too).
      const reason = line.kind === 'waiting' && line.reason && line.reason !== 'backoff' ? WAIT_REASON_MESSAGE[line.reason]({}, o) : null;
      return reason ? m.notify_stale_why({ count: state.waiting, oldest, reason }, o) : m.notify_stale({ count: state.waiting, oldest }, o);
    }
  }
}

/** The taskbar overlay's description (Windows reads it out): "2 failed reports". */
export function badgeText(refused: number, locale: Locale): string {
  return m.app_failed_pill({ count: refused }, { locale });
}

/** Quitting while reports wait: the question, and its two answers (keep sending first: the default and Esc). */
export function quitQuestion(unsent: number, locale: Locale): { message: string; detail: string; buttons: [keep: string, quit: string] } {
  const o = { locale };
  return {
    message: m.quit_unsent({ count: unsent }, o),
    detail: m.quit_unsent_detail({ count: unsent }, o),
    buttons: [m.quit_keep_sending({}, o), m.tray_quit({}, o)],
  };
}

/** "Save diagnostics": the save dialog's title and its file type. */
export function diagnosticsDialogTexts(locale: Locale): { title: string; filterName: string } {
  const o = { locale };
  return { title: m.dialog_diagnostics_title({}, o), filterName: m.dialog_diagnostics_filter({}, o) };
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
