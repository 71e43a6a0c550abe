// Why an update's check or download did not finish, in the window's words. Apart from
// lib/i18n/messages.ts so that these words load with the Settings view, not at start.
import type { UpdateError, UpdateErrorCode } from '../../../../shared/desktop.ts';
import { m } from '../../lib/i18n/messages.ts';

const UPDATE_ERROR: Record<UpdateErrorCode, (status: string) => string> = {
  unreachable: () => m.settings_update_error_unreachable(),
  server_answered: (status) => m.settings_update_error_server_answered({ status }),
  feed_untrusted: () => m.settings_update_error_feed_untrusted(),
  feed_invalid: () => m.settings_update_error_feed_invalid(),
  download_stopped: () => m.settings_update_error_download_stopped(),
  checksum_mismatch: () => m.settings_update_error_checksum_mismatch(),
  not_signed: () => m.settings_update_error_not_signed(),
  not_installable: () => m.settings_update_error_not_installable(),
  unexpected: () => m.settings_update_error_unexpected(),
};

/** The retry line's reason ("The last try did not finish (…)"). */
export const updateErrorText = (error: UpdateError): string => UPDATE_ERROR[error.code](String(error.httpStatus ?? ''));
