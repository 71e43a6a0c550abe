import { alarmState } from '../../shared/alarms.ts';
import type { ChannelResponse } from '../../shared/ipc.ts';
import type { Core } from '../core/open-core.ts';

/** The status the window, the tray and the badge show: the outbox's, the network's, and the alarm. */
export function statusView(core: Core, isOnline: () => boolean, alarmAfterMs: number): ChannelResponse<'outbox:status'> {
  const status = core.status();
  const now = core.now();
  return { ...status, online: isOnline(), now, alarm: alarmState(status, alarmAfterMs, now) };
}
