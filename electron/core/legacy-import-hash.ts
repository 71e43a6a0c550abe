import { createHash } from 'node:crypto';

// Files imported by the version before event ids were derived from rows: it refused a file
// it had imported before by a hash of its content (table `imports`, and `import_hash` on
// each of its reports), and gave the rows random ids. Those rows' ids cannot be derived
// again, so only the hash still recognises such a file: as that version computed it, or
// every row of it would be queued a second time.

/**
 * The old `csvContentHash`: SHA-256 (hex) of the text as UTF-8 read it (strictly, a byte
 * order mark left out) with LF line ends; no accents composed. null for bytes that are not
 * UTF-8, which that version refused, so no such file is in `imports`.
 */
export function legacyContentHash(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}
