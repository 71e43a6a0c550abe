import { z } from 'zod';
import { LOCAL_TIME_PATTERN } from './local-time.ts';

/** The three services of Ropo One's usage place guide. */
export const EventStatus = z.enum(['disconnected', 'connected', 'notdisconnected']);
export type EventStatus = z.infer<typeof EventStatus>;

/** `UEInvoice` of the OpenAPI document: `jobid` is an integer there, not the guide's "1234". */
export const WireInvoice = z.strictObject({
  invoicenumber: z.string(),
  jobid: z.int(),
});
export type WireInvoice = z.infer<typeof WireInvoice>;

/**
 * `UsageplaceEvent` exactly as it goes on the wire to `POST /rest/usageplace/event`.
 * The OpenAPI document marks every field optional; we always send `id`, `usageplacecode`,
 * `time` and `status`, and the optional ones only when the clerk gave them.
 */
export const UsageplaceEvent = z.strictObject({
  id: z.string().min(1),
  usageplacecode: z.string().min(1),
  customernumber: z.string().optional(),
  contract_no: z.string().optional(),
  invoices: z.array(WireInvoice).optional(),
  time: z.string().regex(LOCAL_TIME_PATTERN),
  status: EventStatus,
  description: z.string().optional(),
});
export type UsageplaceEvent = z.infer<typeof UsageplaceEvent>;

/** HttpApiProblem: Ropo One's 400 answer for an event. Every field may be null or missing. */
export const HttpApiProblem = z.object({
  status: z.int().nullish(),
  type: z.string().nullish(),
  title: z.string().nullish(),
  detail: z.string().nullish(),
});
export type HttpApiProblem = z.infer<typeof HttpApiProblem>;

/** AuthError: Ropo One's 400 answer for `POST /rest/token`. */
export const AuthError = z.object({
  errorId: z.int().optional(),
  errorText: z.string().optional(),
});
export type AuthError = z.infer<typeof AuthError>;

export const AuthLogin = z.strictObject({ cid: z.string(), apicode: z.string() });
export type AuthLogin = z.infer<typeof AuthLogin>;

export const AuthToken = z.object({ token: z.string().min(1) });
export type AuthToken = z.infer<typeof AuthToken>;
