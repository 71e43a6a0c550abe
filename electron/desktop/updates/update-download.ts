import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FeedRelease } from './update-feed.ts';
import { UpdateFailure } from './update-error.ts';

export interface DownloadOptions {
  fetch: typeof globalThis.fetch;
  /** Give up when no byte arrived for this long (a dropped connection that never says so). */
  stallMs: number;
  /** Stop (the app quits, updates turned off). */
  signal?: AbortSignal;
}

/**
 * Downloads the installer to `dest`, carrying on where a dropped connection left it: the
 * bytes so far stay in `dest.part`, and the next try asks only for the rest (HTTP Range).
 * The whole file must match the feed's sha512 before it is renamed to `dest`; a file that
 * does not is thrown away.
 */
export async function downloadInstaller(release: FeedRelease, dest: string, options: DownloadOptions): Promise<void> {
  const part = `${dest}.part`;
  mkdirSync(dirname(dest), { recursive: true });
  // A .part as long as the installer (the app quit while hashing it, before the rename):
  // asking for the bytes after its end gets 416 from every server, try after try. Its hash
  // says whether it is done; if not, it is no use to carry on.
  if (release.size !== null && existsSync(part) && statSync(part).size >= release.size) {
    if (await hashFile(part) === release.sha512) {
      renameSync(part, dest);
      return;
    }
    rmSync(part, { force: true });
  }
  if (!(await fetchToPart(release, part, options))) {
    // The server would not carry on from our bytes (416, or a range other than the one asked
    // for: the file behind the URL changed). Those bytes are no use: once more from the start.
    rmSync(part, { force: true });
    await fetchToPart(release, part, options);
  }
  if (release.size !== null && statSync(part).size < release.size) throw new UpdateFailure('download_stopped', 'the download ended early');
  const sha512 = await hashFile(part);
  if (sha512 !== release.sha512) {
    rmSync(part, { force: true });
    throw new UpdateFailure('checksum_mismatch', 'the downloaded installer does not match the feed\'s sha512; it was thrown away');
  }
  renameSync(part, dest);
}

/** `bytes START-END/TOTAL` → START, or null. */
const rangeStart = (contentRange: string | null): number | null => {
  const m = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(contentRange?.trim() ?? '');
  return m ? Number(m[1]) : null;
};

/**
 * One request: the rest of `part` (or all of it), appended or written afresh. False when
 * the server will not go on from where `part` ends; nothing was written then.
 */
async function fetchToPart(release: FeedRelease, part: string, options: DownloadOptions): Promise<boolean> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const stall = new AbortController();
  const stalled = () => new UpdateFailure('download_stopped', 'the download stalled');
  let stallTimer = setTimeout(() => stall.abort(stalled()), options.stallMs);
  const alive = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(stalled()), options.stallMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  try {
    const res = await options.fetch(release.url, { signal, headers: have > 0 ? { range: `bytes=${have}-` } : {}, cache: 'no-store' });
    if (have > 0 && (res.status === 416 || (res.status === 206 && rangeStart(res.headers.get('content-range')) !== have))) {
      await res.body?.cancel();
      return false;
    }
    if (res.status !== 200 && res.status !== 206) throw new UpdateFailure('server_answered', `the installer's server answered HTTP ${res.status}`, res.status);
    // 206: the rest of it; 200: the server starts over, and so do we.
    const file = await open(part, res.status === 206 ? 'a' : 'w');
    try {
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        await file.write(value);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    return true;
  } catch (err) {
    throw stall.signal.aborted ? (stall.signal.reason as Error) : err;
  } finally {
    clearTimeout(stallTimer);
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file).on('error', reject).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('base64')));
  });
}
