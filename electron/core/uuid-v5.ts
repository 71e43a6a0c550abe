import { hash } from 'node:crypto';

// The one UUID version 5 of the app: the import's row ids (import-event-id.ts) and the
// form's ids from its idempotency key (report-service.ts). Both must give the same id for
// the same name for good, so both use this one function.

/** A namespace's 16 bytes, read once per namespace (there are two). */
const namespaces = new Map<string, Buffer>();

function namespaceBytes(namespace: string): Buffer {
  let bytes = namespaces.get(namespace);
  if (!bytes) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(namespace)) throw new TypeError(`Not a UUID: ${namespace}`);
    bytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
    namespaces.set(namespace, bytes);
  }
  return bytes;
}

/**
 * UUID version 5 (RFC 9562, 5.5): SHA-1 of the namespace and the name's UTF-8, with the
 * version and variant bits set. Written here rather than taken from the uuid package, whose
 * v5 made a new hash object per call: a third of the time of a 100,000-row file. The tests
 * hold it to the package's v5 (a development dependency only), and the golden ids to what
 * they always were.
 */
export function uuidV5(name: string, namespace: string): string {
  const bytes = hash('sha1', Buffer.concat([namespaceBytes(namespace), Buffer.from(name, 'utf8')]), 'buffer');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
