import { z } from 'zod';
import { AuthError } from './usageplace-event.ts';
import { EndpointRefusal } from './endpoint-refusal.ts';

// Every error that reaches a person carries one of these codes; the window (in the clerk's
// language) and the CLI (in English) turn the code into a sentence. `message` is English, for
// logs and the command line; the window never shows it as the sentence.

export const ErrorCode = z.enum([
  'validation_failed',   // input broke a rule; `problems` names the fields
  'not_configured',      // no endpoint/cid set up yet
  'network_offline',     // DNS failure, no route: the machine looks offline
  'server_unreachable',  // connection refused/reset, or Ropo One did not answer in time
  'tls_failed',          // certificate or TLS problem: often a captive portal
  'server_error',        // Ropo One answered 5xx or 408
  'rate_limited',        // Ropo One answered 429
  'sign_in_failed',      // /token refused the cid + apicode (AuthError)
  'sign_in_needed',      // delivery paused: sign in again
  'rejected',            // Ropo One refused the report for good (400 or 422)
  'endpoint_refused',    // the address or the network refuses our requests (403, 404, 407, …): its delivery pauses
  'sign_in_refused',     // the address or the network refused a sign-in (403, 404, 407, …): nothing was saved; `refusal` says why
  'unexpected_answer',   // Ropo One answered something the spec does not describe
  'keychain_unavailable',// the OS keychain cannot be used; secrets are never put in a file
  'file_unwritable',     // an export could not write its file (no permission, disk full, open in Excel)
  'idempotency_conflict',// a form's idempotency key came again with other content
  'file_unreadable',     // a file to import could not be read (gone, no permission, locked)
  'file_too_large',      // a file to import is larger than the window reads at once (MAX_IMPORT_BYTES)
  'not_found',           // no such report
  'invalid_state',       // the action does not fit the report's state
  'database_error',      // the outbox database could not be used
  'internal_error',      // a bug: something that should not happen did
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * What is wrong with one field, as a code the window words in the clerk's language (with
 * `params` for the numbers in the sentence). Zod's issues become these in field-problems.ts.
 */
export const ProblemCode = z.enum([
  'required',             // empty, but needed
  'too_long',             // text longer than params.max characters
  'too_many',             // more than params.max items (invoice rows)
  'too_big',              // a number above params.max
  'not_whole_number',     // a job ID that is not a whole number
  'negative',             // a number below zero
  'choose_one',           // a value outside a list (params.options): the status, say
  'time_format',          // not YYYY-MM-DD HH:mm:ss, or no such calendar moment
  'time_in_future',       // later than now
  'description_required', // "not disconnected" needs the reason
  'url_invalid',          // not a URL at all
  'url_not_https',        // http:// to anything but this computer
  'url_extras',           // a query, fragment or password in the base URL
  'url_ropo_address',     // an address of Ropo One's own that is none of its environments (params.country)
  'usageplace_locked',    // a correction must keep its usage place code
  'invalid',              // anything else
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const ProblemParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type ProblemParams = z.infer<typeof ProblemParams>;

export const FieldProblemSchema = z.object({
  /** The field's path in the report ("usageplacecode", "invoices.0.jobid"). */
  field: z.string(),
  code: ProblemCode.default('invalid'),
  params: ProblemParams.optional(),
  /** English, for logs and the command line. */
  message: z.string(),
});
export type FieldProblem = z.infer<typeof FieldProblemSchema>;
/** A problem as code may write it: without a code it is `invalid`. */
export type FieldProblemInput = z.input<typeof FieldProblemSchema>;

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  problems: z.array(FieldProblemSchema).optional(),
  /** The technical cause ("ENOTFOUND", an exception's text): for the details line only. */
  technical: z.string().optional(),
  /** Ropo One's own answer to a sign-in, shown as Ropo One wrote it. */
  authError: AuthError.optional(),
  /** Why the address refused (sign_in_refused): the window words the cause with its status. */
  refusal: EndpointRefusal.optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

export interface AppErrorExtras {
  technical?: string | null | undefined;
  authError?: AuthError | null | undefined;
  refusal?: EndpointRefusal | null | undefined;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblemInput[] | undefined;
  readonly extras: AppErrorExtras;
  constructor(code: ErrorCode, message: string, problems?: FieldProblemInput[], extras: AppErrorExtras = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
    this.extras = extras;
  }
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.problems) data.problems = this.problems.map((p) => ({ ...p, code: p.code ?? 'invalid' }));
    if (this.extras.technical) data.technical = this.extras.technical;
    if (this.extras.authError) data.authError = this.extras.authError;
    if (this.extras.refusal) data.refusal = this.extras.refusal;
    return data;
  }
}
