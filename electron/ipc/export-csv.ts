import { stringify } from 'csv-stringify/sync';
import type { OutboxEntry } from '../../shared/outbox.ts';
import { formatLocalTime } from '../../shared/local-time.ts';

const at = (ms: number | null): string => (ms === null ? '' : formatLocalTime(new Date(ms)));

/**
 * The log as CSV for audit and Excel: the API's field names first (so a row can be
 * re-imported after a fix), then what happened to it. UTF-8 with BOM for Excel.
 */
export function reportsToCsv(entries: readonly OutboxEntry[]): string {
  const rows = entries.map((e) => ({
    status: e.status,
    usageplacecode: e.usageplacecode,
    customernumber: e.event.customernumber ?? '',
    contract_no: e.event.contract_no ?? '',
    invoices: (e.event.invoices ?? []).map((i) => `${i.invoicenumber}:${i.jobid}`).join(' '),
    time: e.event.time,
    description: e.event.description ?? '',
    id: e.id,
    state: e.state,
    attempts: e.attempts,
    last_error: e.lastError?.message ?? '',
    http_status: e.lastError?.httpStatus ?? '',
    created_at: at(e.createdAt),
    sent_at: at(e.sentAt),
    environment: e.target.baseUrl,
    cid: e.target.cid,
    corrects_id: e.correctsId ?? '',
    superseded_by: e.supersededBy ?? '',
  }));
  return `\uFEFF${stringify(rows, { header: true, delimiter: ';', columns: rows.length ? undefined : ['status', 'usageplacecode'] })}`;
}
