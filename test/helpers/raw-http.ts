// Requests as a hostile page or a DNS-rebinding attack would send them: node:http lets a
// test set Host, Origin and Sec-Fetch-Site, which fetch() does not.
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  contentType: string;
  /** The body, or '' when `stream` (an event stream never ends; only its status matters). */
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; stream?: boolean } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const answer = { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? '') };
        if (options.stream) {
          res.destroy();
          resolve({ ...answer, body: '' });
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ ...answer, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${url}: no answer in 10 s`)));
    req.end(options.body);
  });
}
