/**
 * POST /ingest: batches from the web pixel (extensions/waymark-pixel).
 *
 * The pixel runs in Shopify's strict sandbox (a web worker on a null/opaque origin) and
 * posts `text/plain` JSON with `keepalive`, which is a CORS "simple request": no
 * preflight, no cookies. We still answer OPTIONS for clients that do preflight.
 *
 * A plain Node handler, like the app proxy's: the server's listener sends /ingest here
 * before Express (app/server.ts), whose routing and body parsing were a measurable part of
 * an event's cost (docs/BENCHMARKS.md § ingest cost).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BATCH_BYTES } from '../api-contract/ingest';
import type { IngestPipeline } from '../ingest/pipeline';
import { readTextBody } from '../http/read-text-body';
import { problemCodeFor, sendJson, sendProblem } from '../http/send-problem';
import { faultProblem } from '../http/error-handler';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { invalidField, type Problem } from '../problem';

export const INGEST_PATH = '/ingest';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

export function isIngestRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url.startsWith(INGEST_PATH) && (url.length === INGEST_PATH.length || url[INGEST_PATH.length] === '?');
}

/** A fault is logged and counted, and answered with a 500 carrying its support reference (`faultProblem`). */
export function createIngestHandler(ingest: IngestPipeline, faults: { logger: Logger; metrics: Metrics }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (req.method !== 'POST') {
      sendProblem(res, { code: 'method_not_allowed', message: 'method not allowed: POST a batch of events' }, { headers: { ...CORS, Allow: 'POST, OPTIONS' } });
      return;
    }
    void handle(ingest, req, res).catch((err) => {
      const problem = faultProblem(faults, err, 'ingest request failed');
      if (!res.headersSent) sendProblem(res, problem, { headers: CORS });
      else res.destroy();
    });
  };
}

async function handle(ingest: IngestPipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readTextBody(req, MAX_BATCH_BYTES);
  if (!body.ok) {
    // A body abandoned before its end leaves the connection unusable: close it once answered.
    if (body.abandon) res.once('finish', () => req.destroy());
    sendProblem(res, { code: problemCodeFor(body.status), message: body.message }, { headers: body.abandon ? { ...CORS, Connection: 'close' } : CORS });
    return;
  }
  const outcome = await ingest({ body: body.text, userAgent: req.headers['user-agent'] });
  if (outcome.ok) {
    sendJson(res, 200, { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected }, CORS);
    return;
  }
  const problem: Problem = outcome.field
    ? { ...invalidField(outcome.field, outcome.error.replace(`${outcome.field}: `, '')), code: problemCodeFor(outcome.status) }
    : { code: problemCodeFor(outcome.status), message: outcome.error };
  problem.retryAfterSec = outcome.retryAfterSec;
  sendProblem(res, problem, { headers: CORS, context: outcome.rejected ? { rejected: outcome.rejected } : undefined });
}
