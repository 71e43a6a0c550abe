import { z } from 'zod';

// Which form a draft belongs to: the new-report form, or the "Edit and resend" of one failed
// report. There is one draft per form; what it holds is the IPC contract's FormDraft.

export const DraftKey = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new') }),
  z.object({ kind: z.literal('correction'), id: z.string().min(1).max(100) }),
]);
export type DraftKey = z.infer<typeof DraftKey>;

/** The key a draft is stored under: `new`, or `correction:<id of the failed report>`. */
export function draftStorageKey(key: DraftKey): string {
  return key.kind === 'new' ? 'new' : `correction:${key.id}`;
}

/** What a form's draft holds: the strings as typed (`time` left out while the field follows the clock). */
export interface DraftFields {
  status: string;
  usageplacecode: string;
  customernumber?: string | undefined;
  contract_no?: string | undefined;
  invoices?: readonly { invoicenumber: string; jobid: string }[] | undefined;
  time?: string | undefined;
  description?: string | undefined;
}

/** True when nothing was typed: such a draft is not kept (an empty form is no draft). */
export function isEmptyDraft(d: DraftFields): boolean {
  const blank = (v: string | undefined) => (v ?? '').trim() === '';
  return blank(d.status) && blank(d.usageplacecode) && blank(d.customernumber) && blank(d.contract_no) &&
    blank(d.time) && blank(d.description) && (d.invoices ?? []).every((i) => blank(i.invoicenumber) && blank(i.jobid));
}
