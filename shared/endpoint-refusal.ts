import { z } from 'zod';
import { Target } from './endpoint.ts';

// A 4xx answer to an event that is not about the report (anything but 400, 401, 408, 409,
// 422 and 429) says the address or the network refuses us: a firewall, a wrong custom URL,
// a proxy that wants a password. Delivery to that target pauses; nothing is failed. The
// cause is a code; the window and the command line each say it in their own words.

/** What to check, by the HTTP status the address answered. */
export const RefusalCause = z.enum([
  /** 403, 451: a firewall or a security filter blocks this PC. */
  'blocked',
  /** 404, 405, 410, 421: nothing takes reports at this address (a wrong custom URL). */
  'wrong_address',
  /** 407: a proxy between this PC and Ropo One wants a user name and password. */
  'proxy_auth',
  /** 411, 413, 414, 415, 431: something on the way refuses the request's size or form. */
  'request_blocked',
  /** Any other 4xx: not an answer Ropo One gives. */
  'unexpected_refusal',
]);
export type RefusalCause = z.infer<typeof RefusalCause>;

const CAUSES: ReadonlyMap<number, RefusalCause> = new Map([
  [403, 'blocked'], [451, 'blocked'],
  [404, 'wrong_address'], [405, 'wrong_address'], [410, 'wrong_address'], [421, 'wrong_address'],
  [407, 'proxy_auth'],
  [411, 'request_blocked'], [413, 'request_blocked'], [414, 'request_blocked'], [415, 'request_blocked'], [431, 'request_blocked'],
]);

export function refusalCause(httpStatus: number): RefusalCause {
  return CAUSES.get(httpStatus) ?? 'unexpected_refusal';
}

/** An address's refusal: why (by its HTTP status), and the status itself, for the sentence. */
export const EndpointRefusal = z.object({
  cause: RefusalCause,
  httpStatus: z.int(),
});
export type EndpointRefusal = z.infer<typeof EndpointRefusal>;

/** A target whose delivery is paused because its address refused a request. Times are epoch ms. */
export const EndpointPause = EndpointRefusal.extend({
  target: Target,
  since: z.number(),
  /** When one report is tried again by itself (Send now, an online signal or signing in again end it sooner). */
  until: z.number(),
});
export type EndpointPause = z.infer<typeof EndpointPause>;
