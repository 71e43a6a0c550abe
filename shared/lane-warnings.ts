import { z } from 'zod';
import { EventStatus } from './usageplace-event.ts';

export interface UnsentReport {
  id: string;
  status: EventStatus;
  time: string;
}

/**
 * An unsent report of the same usage place that a new one repeats or contradicts. Data only:
 * the window words it in the clerk's language, the CLI in English.
 */
export const LaneWarning = z.object({
  kind: z.enum(['repeats', 'contradicts']),
  otherId: z.string(),
  otherStatus: EventStatus,
  /** The other report's `time`, as Ropo One's YYYY-MM-DD HH:mm:ss. */
  otherTime: z.string(),
});
export type LaneWarning = z.infer<typeof LaneWarning>;

/**
 * A new report may repeat an unsent one (same status) or contradict it ("disconnected"
 * against "not disconnected" for the same request). Either is worth a second look before
 * two reports reach Ropo One. "Connected" after "disconnected" is the normal order.
 */
export function laneWarnings(status: EventStatus, unsent: readonly UnsentReport[]): LaneWarning[] {
  const contradictory = (a: EventStatus, b: EventStatus) =>
    (a === 'disconnected' && b === 'notdisconnected') || (a === 'notdisconnected' && b === 'disconnected');
  return unsent.flatMap((r): LaneWarning[] => {
    const other = { otherId: r.id, otherStatus: r.status, otherTime: r.time };
    if (r.status === status) return [{ kind: 'repeats', ...other }];
    if (contradictory(r.status, status)) return [{ kind: 'contradicts', ...other }];
    return [];
  });
}
