// Version 5: the report form's drafts (issue 11), so a half-filled form survives a reload of
// the window, a restart of the app or a crash. One row per form: `new` for the new-report form,
// `correction:<id>` for the "Edit and resend" of the failed report <id>. A draft holds what
// the clerk typed into the form and nothing else (never a secret).
// Version 4 (claim_token) is made on another branch; the two touch different tables.
export const migration005 = {
  version: 5,
  name: 'drafts',
  sql: `
    CREATE TABLE drafts (
      key      TEXT PRIMARY KEY,
      draft    TEXT NOT NULL,
      saved_at INTEGER NOT NULL
    );
  `,
};
