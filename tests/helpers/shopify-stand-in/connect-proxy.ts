/**
 * An HTTP CONNECT proxy on 127.0.0.1 that tunnels `<shop>.myshopify.com:443` to the
 * stand-in's HTTPS server and refuses everything else (any other host or port with 403,
 * plain proxied HTTP requests with 405). Each attempt is recorded.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TunnelRecord {
  at: number;
  target: string;
  allowed: boolean;
}

export interface ConnectProxy {
  url: string;
  tunnels: TunnelRecord[];
  close(): Promise<void>;
}

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export async function startConnectProxy(upstreamPort: number): Promise<ConnectProxy> {
  const tunnels: TunnelRecord[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('shopify stand-in proxy: only CONNECT to *.myshopify.com:443\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const m = /^([^:]+):(\d+)$/.exec(target);
    const allowed = Boolean(m && SHOP_DOMAIN.test(m[1].toLowerCase()) && m[2] === '443');
    tunnels.push({ at: Date.now(), target, allowed });
    client.on('error', () => client.destroy());
    if (!allowed) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
