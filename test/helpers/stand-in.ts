// A Ropo One stand-in on loopback: a real HTTP server in front of the simulator that passes
// every request on, except those `answer` decides to answer itself (a 503 for one usage
// place's reports, say). For faults the simulator has no switch for; real sockets both ways.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  /** Its base URL (type it where the simulator's would go). */
  url: string;
  close(): Promise<void>;
}

/** What to answer instead of Ropo One, or null to pass the request on. */
export type Answer = (req: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string } | null;

export async function startStandIn(upstream: string, answer: Answer): Promise<StandIn> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const own = answer(req, body.toString('utf8'));
      if (own) {
        res.writeHead(own.status, { 'content-type': 'application/json', ...own.headers }).end(own.body ?? '{}');
        return;
      }
      const onward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      // The simulator cut the connection: cut ours too, as a network in between would.
      onward.on('error', () => res.destroy());
      onward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
