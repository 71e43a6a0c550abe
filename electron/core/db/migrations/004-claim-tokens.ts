// Version 4: each claim of a report is fenced (issue 8). A deliverer that lost the lease
// (a stall, sleep, a clock jump) may still get answers to requests it made before; the row
// may since have been recovered and resent by the new holder, discarded by the clerk, or
// sent. `claim_token` is written by the claim's own UPDATE (no extra statement), and an
// outcome is written only where the row is still `sending` under that token; anything else
// goes into the attempt history alone (OutboxStore.settle).
//
// NULL for rows claimed before this version: their claims are from a process that has
// stopped (the schema changes only at start-up), so no answer can match them; recovery puts
// them back in the queue as before.
export const migration004 = {
  version: 4,
  name: 'claim tokens',
  sql: `
    ALTER TABLE reports ADD COLUMN claim_token INTEGER;
  `,
};
