// Gives one queued report an answer the way the delivery loop does: claimed (with a claim
// token of its own), then settled under that claim. The store's old unfenced markSent and
// markFailed are gone (migration 004): only a claim's own answer changes a row.
import type { LastError } from '../../shared/outbox.ts';
import type { OutboxStore } from '../../electron/core/outbox-store.ts';

const TEST_CLAIM = 424242;

export type TestAnswer = { kind: 'sent'; httpStatus: number } | { kind: 'failed'; error: LastError };

/** The report must be due and the first unsent one of its usage place (what a claim takes). */
export function settleReport(store: OutboxStore, id: string, at: number, answer: TestAnswer): void {
  const claimed = store.claimDue({ now: Number.MAX_SAFE_INTEGER, limit: 10_000, skipTargets: [], claim: TEST_CLAIM });
  const mine = claimed.find((d) => d.id === id);
  store.unclaim(claimed.filter((d) => d !== mine), at);
  if (!mine) throw new Error(`${id} cannot be claimed: it is not the first unsent report of its usage place`);
  const base = { seq: mine.seq, id: mine.id, claim: mine.claim, at };
  const written = answer.kind === 'sent'
    ? store.settle({ ...base, kind: 'sent', httpStatus: answer.httpStatus, alreadyHad: false })
    : store.settle({ ...base, kind: 'failed', error: answer.error });
  if (!written) throw new Error(`${id}: its answer was not written`);
}
