/**
 * The benchmarks' floor: a bare node:http server that answers every request with the same
 * JSON body (the size of a typical recommendations answer) and does nothing else. Whatever
 * tail it shows under the same load is the machine's and the runtime's, not Waymark's.
 */
import { createServer } from 'node:http';

const body = JSON.stringify({ products: Array.from({ length: 8 }, (_, i) => ({ id: String(1000 + i), title: 'x'.repeat(180), url: `/products/p-${i}` })) });
createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Server-Timing': 'app;dur=0.00' });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
