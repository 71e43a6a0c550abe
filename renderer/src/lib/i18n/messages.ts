// The window's words. Components call the catalogue's message functions (`m.form_submit()`)
// directly; the codes that come over IPC (a report's state, an error, a problem with a field,
// why reports wait) are worded here, each table typed against its code's zod enum, so a new
// code without a message does not compile. The catalogues are shared/i18n/messages/*.json.
import { m } from '../../../../shared/i18n/paraglide/messages.js';
import { Country, type Stage } from '../../../../shared/endpoint.ts';
import type { RefusalCause } from '../../../../shared/endpoint-refusal.ts';
import type { ErrorCode, FieldProblem, ProblemCode } from '../../../../shared/errors.ts';
import type { AttemptOutcome, ReportState, SignInReason, WaitReason } from '../../../../shared/outbox.ts';
import type { EventStatus } from '../../../../shared/usageplace-event.ts';
import { waitedParts, type AlarmLine } from '../../../../shared/alarms.ts';
import { REFUSAL_CAUSE_MESSAGE, SIGN_IN_REASON_MESSAGE, WAIT_REASON_MESSAGE } from '../../../../shared/i18n/code-messages.ts';
import type { UpdateOffReason, UpdateState } from '../../../../shared/desktop.ts';

export { m };

type Text = () => string;

export const statusLabel: Record<EventStatus, Text> = {
  disconnected: m.status_disconnected,
  connected: m.status_connected,
  notdisconnected: m.status_notdisconnected,
};

export const statusHint: Record<EventStatus, Text> = {
  disconnected: m.status_hint_disconnected,
  connected: m.status_hint_connected,
  notdisconnected: m.status_hint_notdisconnected,
};

export const stateLabel: Record<ReportState, Text> = {
  queued: m.state_queued,
  sending: m.state_sending,
  sent: m.state_sent,
  failed: m.state_failed,
  held: m.state_held,
  discarded: m.state_discarded,
  superseded: m.state_superseded,
};

export const stateHint: Record<ReportState, Text> = {
  queued: m.state_hint_queued,
  sending: m.state_hint_sending,
  sent: m.state_hint_sent,
  failed: m.state_hint_failed,
  held: m.state_hint_held,
  discarded: m.state_hint_discarded,
  superseded: m.state_hint_superseded,
};

/** One sentence per error code, for a person. */
export const errorSentence: Record<ErrorCode, Text> = {
  validation_failed: m.error_validation_failed,
  not_configured: m.error_not_configured,
  network_offline: m.error_network_offline,
  server_unreachable: m.error_server_unreachable,
  tls_failed: m.error_tls_failed,
  server_error: m.error_server_error,
  rate_limited: m.error_rate_limited,
  sign_in_failed: m.error_sign_in_failed,
  sign_in_needed: m.error_sign_in_needed,
  rejected: m.error_rejected,
  endpoint_refused: m.error_endpoint_refused,
  sign_in_refused: m.error_sign_in_refused,
  unexpected_answer: m.error_unexpected_answer,
  keychain_unavailable: m.error_keychain_unavailable,
  file_unwritable: m.error_file_unwritable,
  idempotency_conflict: m.error_idempotency_conflict,
  file_unreadable: m.error_file_unreadable,
  file_too_large: m.error_file_too_large,
  not_found: m.error_not_found,
  invalid_state: m.error_invalid_state,
  database_error: m.error_database_error,
  internal_error: m.error_internal_error,
};

/** Why reports wait, as the status bar's "next try" line ends. */
export const waitReasonText: Record<WaitReason, Text> = WAIT_REASON_MESSAGE;

export const signInReasonText: Record<SignInReason, Text> = SIGN_IN_REASON_MESSAGE;

export const outcomeLabel: Record<AttemptOutcome, Text> = {
  created: m.outcome_created,
  sent: m.outcome_sent,
  rejected: m.outcome_rejected,
  retry: m.outcome_retry,
  auth_paused: m.outcome_auth_paused,
  held: m.outcome_held,
  released: m.outcome_released,
  discarded: m.outcome_discarded,
  superseded: m.outcome_superseded,
  resent: m.outcome_resent,
  recovered: m.outcome_recovered,
  already_sent: m.outcome_already_sent,
  endpoint_paused: m.outcome_endpoint_paused,
  late_answer: m.outcome_late_answer,
};

/** Why an address refuses us, and what to check; `status` is the HTTP status it answered. */
export const refusalCauseText = (cause: RefusalCause, status: number): string => REFUSAL_CAUSE_MESSAGE[cause]({ status: String(status) });

/** Why an address refused a sign-in, and what to check; `status` is the HTTP status it answered. */
export const signInRefusalText: Record<RefusalCause, (status: number) => string> = {
  blocked: (status) => m.sign_in_refused_blocked({ status: String(status) }),
  wrong_address: (status) => m.sign_in_refused_wrong_address({ status: String(status) }),
  proxy_auth: (status) => m.sign_in_refused_proxy_auth({ status: String(status) }),
  request_blocked: (status) => m.sign_in_refused_request_blocked({ status: String(status) }),
  unexpected_refusal: (status) => m.sign_in_refused_unexpected_refusal({ status: String(status) }),
};

export const countryName: Record<Country, Text> = { fi: m.country_fi, se: m.country_se, no: m.country_no };
export const stageName: Record<Stage, Text> = { test: m.stage_test, production: m.stage_production };

/** "Finland, test" in the window's language. */
export const presetLabel = (country: Country, stage: Stage): string =>
  m.environment_preset({ country: countryName[country](), stage: stageName[stage]() });

type ProblemWords = { max: string; options: string; country: Country | null };

const PROBLEM: Record<ProblemCode, (p: ProblemWords) => string> = {
  required: () => m.problem_required(),
  too_long: (p) => m.problem_too_long({ max: p.max }),
  too_many: (p) => m.problem_too_many({ max: p.max }),
  too_big: () => m.problem_too_big(),
  not_whole_number: () => m.problem_not_whole_number(),
  negative: () => m.problem_negative(),
  choose_one: (p) => m.problem_choose_one({ options: p.options }),
  time_format: () => m.problem_time_format(),
  time_in_future: () => m.problem_time_in_future(),
  description_required: () => m.problem_description_required(),
  url_invalid: () => m.problem_url_invalid(),
  url_not_https: () => m.problem_url_not_https(),
  url_extras: () => m.problem_url_extras(),
  url_ropo_address: (p) =>
    p.country
      ? m.problem_url_ropo_address({ test: presetLabel(p.country, 'test'), production: presetLabel(p.country, 'production') })
      : m.problem_url_invalid(),
  usageplace_locked: () => m.problem_usageplace_locked(),
  invalid: () => m.problem_invalid(),
};

/** A field's problem in words. The status field says what to choose, in the clerk's terms. */
export function problemSentence(problem: Pick<FieldProblem, 'field' | 'code' | 'params'>, formatNumber: (n: number) => string): string {
  if (problem.field === 'status' && problem.code === 'choose_one') return m.form_status_required();
  const max = problem.params?.max;
  return PROBLEM[problem.code]({
    max: typeof max === 'number' ? formatNumber(max) : String(max ?? ''),
    options: String(problem.params?.options ?? ''),
    country: Country.safeParse(problem.params?.country).data ?? null,
  });
}

/** Why an address refuses us, short, for the alarm's line; `status` is the HTTP status it answered. */
export const refusalCauseShort: Record<RefusalCause, (status: number) => string> = {
  blocked: (status) => m.alarm_cause_blocked({ status: String(status) }),
  wrong_address: (status) => m.alarm_cause_wrong_address({ status: String(status) }),
  proxy_auth: (status) => m.alarm_cause_proxy_auth({ status: String(status) }),
  request_blocked: (status) => m.alarm_cause_request_blocked({ status: String(status) }),
  unexpected_refusal: (status) => m.alarm_cause_unexpected_refusal({ status: String(status) }),
};

/** How long the oldest report has waited: "45 min", "2 h 10 min", "less than a minute". */
export function waitedFor(ms: number): string {
  const { hours, minutes } = waitedParts(ms);
  if (hours === 0 && minutes === 0) return m.duration_under_a_minute();
  if (hours === 0) return m.duration_short_minutes({ minutes: String(minutes) });
  return m.duration_short_hours_minutes({ hours: String(hours), minutes: String(minutes) });
}

/** The alarm threshold's choices: "15 minutes", "2 hours", "1 h 30 min". */
export function thresholdText(minutes: number): string {
  if (minutes < 60) return m.duration_minutes({ count: minutes });
  if (minutes % 60 === 0) return m.duration_hours({ count: minutes / 60 });
  return m.duration_short_hours_minutes({ hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) });
}

/** The alarm's line (shared/alarms.ts), in the same words as the tray's tooltip (electron/ipc/main-texts.ts). */
export function alarmLineText(line: AlarmLine): string {
  switch (line.kind) {
    case 'allSent':
      return m.alarm_all_sent();
    case 'signIn':
      return m.settings_sign_in_again();
    case 'refused':
      return m.alarm_refused({ count: line.refused });
    case 'paused':
      return m.alarm_waiting_why({ count: line.waiting, oldest: waitedFor(line.oldestMs), reason: refusalCauseShort[line.cause](line.httpStatus) });
    case 'waiting':
      return line.reason && line.reason !== 'backoff'
        ? m.alarm_waiting_why({ count: line.waiting, oldest: waitedFor(line.oldestMs), reason: waitReasonText[line.reason]() })
        : m.alarm_waiting({ count: line.waiting, oldest: waitedFor(line.oldestMs) });
  }
}

/** Why updates are off, and where they stand (shared/desktop.ts). */
export const updateOffText: Record<UpdateOffReason, Text> = {
  no_feed: m.settings_updates_off_no_feed,
  policy: m.settings_updates_off_policy,
  per_machine: m.settings_updates_off_per_machine,
  not_packaged: m.settings_updates_off_not_packaged,
  unsigned: m.settings_updates_off_unsigned,
};

export function updateStateText(state: Exclude<UpdateState, 'off'>, version: string | null): string {
  const v = { version: version ?? '' };
  switch (state) {
    case 'idle':
      return m.settings_update_idle();
    case 'checking':
      return m.settings_update_checking();
    case 'downloading':
      return m.settings_update_downloading(v);
    case 'ready':
      return m.settings_update_ready(v);
    case 'installing':
      return m.settings_update_installing(v);
  }
}
