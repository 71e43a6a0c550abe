import { z } from 'zod';

// Every error that reaches a person carries one of these codes; the UI and the CLI turn
// the code into a sentence. Messages are for logs and the command line.

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
  'rejected',            // Ropo One refused the report for good (400 and other 4xx)
  'unexpected_answer',   // Ropo One answered something the spec does not describe
  'keychain_unavailable',// the OS keychain cannot be used; secrets are never put in a file
  'duplicate_import',    // the same CSV file was imported before
  'idempotency_conflict',// a form's idempotency key came again with other content
  'not_found',           // no such report
  'invalid_state',       // the action does not fit the report's state
  'database_error',      // the outbox database could not be used
  'internal_error',      // a bug: something that should not happen did
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldProblemSchema = z.object({ field: z.string(), message: z.string() });

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  problems: z.array(FieldProblemSchema).optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: { field: string; message: string }[] | undefined;
  constructor(code: ErrorCode, message: string, problems?: { field: string; message: string }[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }
  toData(): AppErrorData {
    return this.problems ? { code: this.code, message: this.message, problems: this.problems } : { code: this.code, message: this.message };
  }
}
