// Reads a V8 CPU profile (node:inspector's Profiler, the format `node --cpu-prof` writes):
// where the sampled thread's time went, by category and by function. A call into node:sqlite
// has no frame of its own in these profiles: its time counts as the self time of the
// JavaScript function that made the call (OutboxStore's methods, inTransaction's COMMIT).

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Category {
  name: string;
  matches: (frame: { functionName: string; url: string }) => boolean;
}

export interface ProfileSummary {
  sampled_ms: number;
  /** Share of the sampled time per category (the first category that matches a frame; else "other"). */
  categories: Record<string, number>;
  /** The functions with the most self time: name, file and line, share of the sampled time. */
  top_functions: { function: string; where: string; share: number }[];
}

/**
 * What the JS thread's sampled time is spent on; the first category that matches a frame
 * counts. node:sqlite's methods and the sockets' native writes appear as frames of their own
 * without a file (the inspector's profiler shows native calls); the profiler's own calls
 * (node:inspector) are counted apart, so they are not taken for the core's.
 */
export const CATEGORIES: Category[] = [
  { name: 'idle (waiting for answers or the disk)', matches: (f) => f.functionName === '(idle)' },
  { name: 'SQLite (node:sqlite calls, on this thread)', matches: (f) => f.url === '' && /^(exec|run|get|all|iterate|prepare)$/.test(f.functionName) },
  { name: 'outbox store (JavaScript)', matches: (f) => /electron\/core\/(outbox-|db\/|delivery-lease|target-holds|server-clock|meta-store|settings-store)/.test(f.url) },
  { name: 'delivery loop, client, reports (JavaScript)', matches: (f) => /electron\/core\/|shared\//.test(f.url) },
  {
    name: 'HTTP (fetch: undici, sockets, streams)',
    matches: (f) => /undici|node:(net|http|_http|stream|internal\/(net|http|stream|streams|webstreams|deps))/.test(f.url) || (f.url === '' && /^(writev|writeUtf8String|writeBuffer|writeLatin1String|readStart|readStop|onStreamRead)$/.test(f.functionName)),
  },
  { name: 'validation (zod)', matches: (f) => /node_modules\/zod\//.test(f.url) },
  { name: 'garbage collection', matches: (f) => f.functionName === '(garbage collector)' },
  { name: 'the profiler itself', matches: (f) => /^node:inspector/.test(f.url) },
];

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Where a frame is, without the machine's path: from the repository's folders, or node's own name. */
export function shortUrl(url: string): string {
  if (url === '') return '';
  const inRepo = /\/((?:electron|bench|shared|node_modules)\/.*)$/.exec(url.replace(/^file:\/\//, ''));
  return inRepo ? inRepo[1]! : url;
}

export function summarize(profile: CpuProfile, categories: readonly Category[], top = 10): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfByFunction = new Map<string, number>();
  const byCategory = new Map<string, number>([...categories.map((c) => [c.name, 0] as const), ['other', 0]]);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const where = shortUrl(frame.url);
    const key = `${frame.functionName || '(anonymous)'}\t${where ? `${where}:${frame.lineNumber + 1}` : ''}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + dt);
    const category = categories.find((c) => c.matches(frame))?.name ?? 'other';
    byCategory.set(category, byCategory.get(category)! + dt);
  });
  return {
    sampled_ms: Math.round(total / 1000),
    categories: Object.fromEntries([...byCategory].map(([k, v]) => [k, round3(v / total)])),
    top_functions: [...selfByFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, v]) => {
        const [fn, where] = key.split('\t') as [string, string];
        return { function: fn, where, share: round3(v / total) };
      }),
  };
}
