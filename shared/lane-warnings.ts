import type { EventStatus } from './usageplace-event.ts';

export interface UnsentReport {
  id: string;
  status: EventStatus;
  time: string;
}

export interface LaneWarning {
  kind: 'repeats' | 'contradicts';
  otherId: string;
  message: string;
}

const LABEL: Record<EventStatus, string> = {
  disconnected: 'Disconnected',
  connected: 'Connected',
  notdisconnected: 'Not disconnected',
};

/**
 * A new report may repeat an unsent one (same status) or contradict it ("disconnected"
 * against "not disconnected" for the same request). Either is worth a second look before
 * two reports reach Ropo One. "Connected" after "disconnected" is the normal order.
 */
export function laneWarnings(status: EventStatus, unsent: readonly UnsentReport[]): LaneWarning[] {
  const contradictory = (a: EventStatus, b: EventStatus) =>
    (a === 'disconnected' && b === 'notdisconnected') || (a === 'notdisconnected' && b === 'disconnected');
  return unsent.flatMap((r): LaneWarning[] => {
    if (r.status === status) {
      return [{ kind: 'repeats', otherId: r.id, message: `An unsent "${LABEL[r.status]}" report (${r.time}) for this usage place is already in the outbox.` }];
    }
    if (contradictory(r.status, status)) {
      return [{ kind: 'contradicts', otherId: r.id, message: `An unsent "${LABEL[r.status]}" report (${r.time}) for this usage place says the opposite.` }];
    }
    return [];
  });
}
