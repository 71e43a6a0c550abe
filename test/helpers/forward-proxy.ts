import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

// A real forward proxy on loopback, the kind a depot's network has: plain-http requests in
// absolute form (`POST http://host/path`) are forwarded, https goes through a CONNECT tunnel.
// It records what it saw, so a test can tell that a request went through it.

export interface SeenByProxy {
  method: string;
  /** The absolute URL, or `host:port` for CONNECT. */
  target: string;
}

export interface ForwardProxy {
  url: string;
  port: number;
  seen: SeenByProxy[];
  close(): Promise<void>;
}

export async function startForwardProxy(options: { requireAuth?: string } = {}): Promise<ForwardProxy> {
  const seen: SeenByProxy[] = [];
  const sockets = new Set<Socket>();
  const authorised = (req: IncomingMessage) =>
    !options.requireAuth || req.headers['proxy-authorization'] === `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    const target = req.url ?? '';
    seen.push({ method: req.method ?? '?', target });
    if (!/^https?:\/\//.test(target)) {
      res.writeHead(400).end('A forward proxy wants an absolute URL.');
      return;
    }
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="depot"' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('Bad gateway'));
    req.pipe(upstream);
  });

  server.on('connect', (req, client: Socket, head) => {
    const target = req.url ?? '';
    seen.push({ method: 'CONNECT', target });
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="depot"\r\n\r\n');
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
