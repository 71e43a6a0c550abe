import { migration001 } from './001-outbox.ts';
import { migration002 } from './002-lane-heads-and-search.ts';
import { migration003 } from './003-attempts-by-report-seq.ts';
import { migration004 } from './004-claim-tokens.ts';
import { migration005 } from './005-drafts.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema version in order; a new version is a new file added here. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];
