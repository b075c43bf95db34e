/**
 * Reads a request's body as UTF-8 text, at most `limit` bytes, without Express: the ingest
 * route's hot path (app/routes/ingest.ts). Refuses what it would otherwise have to guess at:
 * a compressed body (`Content-Encoding` other than identity) or a charset other than UTF-8
 * (the pixel sends `text/plain;charset=UTF-8`, or no charset).
 *
 * A body over the limit is still read to its end and dropped, as Express's body parser
 * does, so the client gets the 413 instead of a reset connection while it is still sending.
 * Draining costs bandwidth, not memory; past `drainLimit` bytes (8 MB for the 64 KB ingest
 * limit, beyond any batch a pixel or a careless client sends) the answer goes out at once and
 * the connection is closed after it (`abandon`), which such a client may see as a reset.
 */
import type { IncomingMessage } from 'node:http';

export type BodyRefusal = { ok: false; status: 400 | 413; message: string; abandon?: boolean };
export type BodyRead = { ok: true; text: string } | BodyRefusal;

export function readTextBody(req: IncomingMessage, limit: number, drainLimit = 128 * limit): Promise<BodyRead> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(String(req.headers['content-type'] ?? ''))?.[2]?.toLowerCase();
  let refusal: BodyRefusal | undefined;
  if (encoding !== 'identity' && encoding !== '') refusal = { ok: false, status: 400, message: `unsupported content encoding "${encoding}": send the body uncompressed` };
  else if (charset && charset !== 'utf-8' && charset !== 'utf8') refusal = { ok: false, status: 400, message: `unsupported charset "${charset}": send UTF-8` };
  const tooLarge: BodyRefusal = { ok: false, status: 413, message: `request body larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (!refusal && Number.isFinite(declared) && declared > limit) refusal = tooLarge;
  if (refusal && Number.isFinite(declared) && declared > drainLimit) return Promise.resolve({ ...refusal, abandon: true });
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
      if (size > drainLimit) return settle({ ...(refusal ?? tooLarge), abandon: true });
      if (size > limit) refusal ??= tooLarge;
      if (!refusal) chunks.push(chunk);
    });
    req.once('end', () => settle(refusal ?? { ok: true, text: Buffer.concat(chunks, size).toString('utf8') }));
    req.once('error', () => settle({ ok: false, status: 400, message: 'the request body could not be read', abandon: true }));
    req.once('aborted', () => settle({ ok: false, status: 400, message: 'the request was aborted', abandon: true }));
  });
}
