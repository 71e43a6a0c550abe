import type { OutboxStatus } from '../../shared/outbox-status.ts';
import type { Session } from './account-service.ts';
import type { Core } from './open-core.ts';

export type StatusReport = OutboxStatus & { session: Session | { error: string } };

/**
 * What `usageplace status --json` prints (and the diagnostics zip keeps): the outbox's
 * status and the session, which holds no secret (signed in, until when, why not).
 */
export async function statusReport(core: Core): Promise<StatusReport> {
  const status = core.status();
  const session = await core.account.session().catch((err: Error) => ({ error: err.message }));
  return { ...status, session };
}
