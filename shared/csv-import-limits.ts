// How much the window's CSV import takes at once (shared/csv-import-check.ts has the rest).
// A module of its own, without zod, for the window's first chunk.

/**
 * The largest file the window imports: about 70,000 rows. It bounds what crosses IPC (a dropped
 * file's bytes) and what the main process holds while the clerk looks at the check. The
 * catalogues' error_file_too_large names it in words.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** A dropped file's bytes cross as base64: four characters for every three bytes. */
export const MAX_IMPORT_BASE64 = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;
/** Rows shown before anything is queued. */
export const IMPORT_PREVIEW_ROWS = 10;
/** Problems sent to the window at most; the count says how many more there are. */
export const IMPORT_MAX_PROBLEMS = 1000;
