// The IPC contract's requests: the renderer is untrusted, so every string it can send has
// a maximum length. This walks the schemas themselves, so a channel added later without
// one fails here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { IPC_CHANNELS } from '../../shared/ipc.ts';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of string schemas without a maximum length, anywhere inside `schema`. */
function unboundedStrings(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (child: unknown, at: string) => unboundedStrings(child as z.ZodType, at, seen);
  switch (def.type) {
    case 'string': {
      // A UUID's format fixes its length.
      if ((schema as unknown as { format?: string }).format === 'uuid') return [];
      const max = (schema as unknown as { maxLength: number | null }).maxLength;
      return max !== null && Number.isFinite(max) ? [] : [path];
    }
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => inner(child, `${path}.${key}`));
    case 'array':
      return inner(def.element, `${path}[]`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option, i) => inner(option, `${path}|${i}`));
    case 'pipe':
      return [...inner(def.in, path), ...inner(def.out, path)];
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'nonoptional': case 'catch':
      return inner(def.innerType, path);
    case 'record': case 'map': case 'set': case 'tuple': case 'lazy': case 'intersection': case 'any': case 'unknown':
      // Not used by the contract today; when one is, this test must learn to look inside it.
      return [`${path} (${def.type}: not checked)`];
    default:
      // enum, literal, number, boolean, undefined, transform: no free-form text.
      return [];
  }
}

test('every string in every request has a maximum length', () => {
  const unbounded = Object.entries(IPC_CHANNELS).flatMap(([channel, { request }]) => unboundedStrings(request, channel));
  assert.deepEqual(unbounded, []);
});

test('the walk itself finds an unbounded string (so the test above can fail)', async () => {
  const { z } = await import('zod');
  const probe = z.object({ a: z.string().max(3), b: z.array(z.object({ c: z.string().optional() })) });
  assert.deepEqual(unboundedStrings(probe, 'probe'), ['probe.b[].c']);
});

test('a sign-in to a custom URL of Ropo One arrives in main as that preset, production included', () => {
  const request = IPC_CHANNELS['session:signIn'].request;
  const parse = (baseUrl: string) => request.parse({ target: { kind: 'custom', baseUrl }, cid: 'c', apicode: 'a' }).target;
  assert.deepEqual(parse('https://ropo24.fi'), { kind: 'preset', country: 'fi', stage: 'production' });
  assert.deepEqual(parse('https://rc.ropo24.no/rest'), { kind: 'preset', country: 'no', stage: 'test' });
  assert.deepEqual(parse('http://127.0.0.1:8787'), { kind: 'custom', baseUrl: 'http://127.0.0.1:8787/rest' });
  assert.equal(request.safeParse({ target: { kind: 'custom', baseUrl: 'http://localhost:8787' }, cid: 'c', apicode: 'a' }).success, false);
});
