import { Notification } from 'electron';
import type { EventPayload } from '../../shared/ipc.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { attentionText, productName, refusedManyText } from '../ipc/main-texts.ts';

type Attention = EventPayload<'outbox:attention'>;

/** Reports refused in one burst become one notification, not one per report. */
const GATHER_MS = 1500;
/** The same "sign in again" is not repeated within this time. */
const SIGN_IN_QUIET_MS = 10 * 60_000;

/**
 * OS notifications for what needs the clerk: a report Ropo One refused for good, or
 * delivery paused until someone signs in again. Clicking one opens the window. Worded in
 * the clerk's language at the moment they are shown.
 */
export function createAttentionNotifier(options: { iconPath: string; onClick: () => void; locale: () => Locale }): (attention: Attention) => void {
  let failed: Attention[] = [];
  let gatherTimer: NodeJS.Timeout | null = null;
  const lastSignIn = new Map<string, number>();

  const show = (body: string) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: productName(options.locale()), body, icon: options.iconPath });
    n.on('click', options.onClick);
    n.show();
  };

  const flushFailed = () => {
    gatherTimer = null;
    const batch = failed;
    failed = [];
    if (batch.length === 1) show(attentionText(batch[0]!, options.locale()));
    else if (batch.length > 1) show(refusedManyText(batch.length, options.locale()));
  };

  return (attention) => {
    if (attention.kind === 'failed') {
      failed.push(attention);
      gatherTimer ??= setTimeout(flushFailed, GATHER_MS);
      return;
    }
    const now = Date.now();
    const last = lastSignIn.get(attention.reason);
    if (last !== undefined && now - last < SIGN_IN_QUIET_MS) return;
    lastSignIn.set(attention.reason, now);
    show(attentionText(attention, options.locale()));
  };
}
