// Small helpers for reading requests and writing the answers Ropo One gives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { HttpApiProblem } from '../../shared/usageplace-event.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: true };

/** Reads the whole body; past the limit it keeps draining (so keep-alive still works) but reports tooLarge. */
export function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(size > MAX_BODY_BYTES ? { ok: false, tooLarge: true } : { ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, reason: 'Request body is empty; a JSON object was expected' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `Request body is not valid JSON: ${(error as Error).message}` };
  }
}

/** True for `application/json`, with or without parameters such as charset. */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** An HttpApiProblem answer, shaped like Ropo One's (type is null there). */
export function sendProblem(res: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  const problem: HttpApiProblem = { status, type: null, title: statusTitle(status), detail };
  sendJson(res, status, problem, headers);
}

/** A plain-text answer, like the HTML/text page a load balancer gives for 5xx. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** No answer at all: the client sees its connection reset or closed mid-request. */
export function dropConnection(req: IncomingMessage): void {
  req.socket.destroy();
}
