// The form's report while main has not answered yet, kept in sessionStorage: it survives a
// reload of the window (not a restart of the app), so a report whose answer a reload lost
// is asked for again with the same idempotency key, and main answers the report it made.
import type { ReportDraft } from '../../../shared/ipc.ts';

const KEY = 'usageplace.pendingReport';

export interface PendingReport {
  idempotencyKey: string;
  draft: ReportDraft;
}

export function savePending(pending: PendingReport): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(pending));
  } catch {
    // No storage (a locked-down profile): a reload then loses the answer, as before.
  }
}

export function clearPending(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}

/** The pending report, if a reload interrupted one; main validates it again like any request. */
export function loadPending(): PendingReport | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<PendingReport> | null;
    return typeof value?.idempotencyKey === 'string' && typeof value.draft === 'object' && value.draft !== null
      ? { idempotencyKey: value.idempotencyKey, draft: value.draft }
      : null;
  } catch {
    return null;
  }
}
