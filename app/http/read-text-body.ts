/**
 * Reads a request's body as UTF-8 text, at most `limit` bytes, without Express: the ingest
 * route's hot path (app/routes/ingest.ts). Refuses what it would otherwise have to guess at:
 * a compressed body (`Content-Encoding` other than identity) or a charset other than UTF-8
 * (the pixel sends `text/plain;charset=UTF-8`, or no charset).
 */
import type { IncomingMessage } from 'node:http';

export type BodyRead = { ok: true; text: string } | { ok: false; status: 400 | 413; message: string };

export function readTextBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return Promise.resolve({ ok: false, status: 400, message: `unsupported content encoding "${encoding}": send the body uncompressed` });
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(String(req.headers['content-type'] ?? ''))?.[2]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return Promise.resolve({ ok: false, status: 400, message: `unsupported charset "${charset}": send UTF-8` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, status: 413, message: `request body larger than ${limit} bytes` });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle({ ok: false, status: 413, message: `request body larger than ${limit} bytes` });
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => settle({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') }));
    req.once('error', () => settle({ ok: false, status: 400, message: 'the request body could not be read' }));
    req.once('aborted', () => settle({ ok: false, status: 400, message: 'the request was aborted' }));
  });
}
