import { AppError } from '../../shared/errors.ts';

// An outbox that is not where this process was told to open it: the one-time move to the
// machine-local folder finished in another process in the meantime. The caller resolves the
// data folder again (resolve-data-dir.ts) instead of using, or creating, the old one.

/** No database at the path (opened with `mustExist`, which never creates one). */
export class OutboxMissingError extends AppError {
  constructor(file: string) {
    super('database_error', `There is no outbox database at ${file} (any more).`);
  }
}

/** The database there is a copy left by the move; the outbox is in `dir` now. */
export class OutboxMovedError extends AppError {
  constructor(dir: string) {
    super('database_error', `This outbox has moved to ${dir}. Use that folder.`);
  }
}

export const isOutboxElsewhere = (err: unknown): boolean => err instanceof OutboxMissingError || err instanceof OutboxMovedError;
