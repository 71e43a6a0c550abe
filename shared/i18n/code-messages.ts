// The catalogue's message for each code that both the window (renderer/src/lib/i18n/messages.ts)
// and the main process (electron/ipc/main-texts.ts) put into words: one table per code, typed
// against its zod enum, so a new code needs its message here once and both sides have it.
import { m } from './paraglide/messages.js';
import type { Locale } from './locale.ts';
import type { RefusalCause } from '../endpoint-refusal.ts';
import type { SignInReason, WaitReason } from '../outbox.ts';

type Options = { locale?: Locale };
/** A message without inputs: `text()` in the window's language, `text({}, { locale })` elsewhere. */
export type PlainMessage = (inputs?: Record<string, never>, options?: Options) => string;
/** A message about an HTTP answer: its status goes in. */
export type StatusMessage = (inputs: { status: string }, options?: Options) => string;

/** Why reports wait. */
export const WAIT_REASON_MESSAGE: Record<WaitReason, PlainMessage> = {
  network_offline: m.wait_network_offline,
  server_unreachable: m.wait_server_unreachable,
  tls_failed: m.wait_tls_failed,
  server_error: m.wait_server_error,
  rate_limited: m.wait_rate_limited,
  sign_in_needed: m.wait_sign_in_needed,
  endpoint_refused: m.wait_endpoint_refused,
  failed_holding: m.wait_failed_holding,
  backoff: m.wait_backoff,
  not_answering: m.wait_not_answering,
};

/** Why delivery waits for a sign-in. */
export const SIGN_IN_REASON_MESSAGE: Record<SignInReason, PlainMessage> = {
  not_signed_in: m.sign_in_reason_not_signed_in,
  api_code_refused: m.sign_in_reason_api_code_refused,
  token_refused: m.sign_in_reason_token_refused,
};

/** Why an address refuses us, with what to check: the whole sentence. */
export const REFUSAL_CAUSE_MESSAGE: Record<RefusalCause, StatusMessage> = {
  blocked: m.refusal_cause_blocked,
  wrong_address: m.refusal_cause_wrong_address,
  proxy_auth: m.refusal_cause_proxy_auth,
  request_blocked: m.refusal_cause_request_blocked,
  unexpected_refusal: m.refusal_cause_unexpected_refusal,
};
