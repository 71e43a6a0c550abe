/** `text` as a regular expression that matches exactly it: paths have `\`, `.`, `(` in them (Windows' especially). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
