/**
 * POST /ingest: batches from the web pixel (extensions/waymark-pixel).
 *
 * The pixel runs in Shopify's strict sandbox (a web worker on a null/opaque origin) and
 * posts `text/plain` JSON with `keepalive`, which is a CORS "simple request": no
 * preflight, no cookies. We still answer OPTIONS for clients that do preflight.
 */
import express, { Router, type Request, type Response } from 'express';
import { MAX_BATCH_BYTES } from '../api-contract/ingest';
import type { IngestPipeline } from '../ingest/pipeline';
import { problemCodeFor, sendProblem } from '../http/send-problem';
import { invalidField, type Problem } from '../problem';

export function createIngestRouter(ingest: IngestPipeline): Router {
  const router = Router();
  const cors = (_req: Request, res: Response) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    res.setHeader('Access-Control-Max-Age', '86400');
  };

  router.options('/ingest', (req, res) => {
    cors(req, res);
    res.status(204).end();
  });

  router.post(
    '/ingest',
    (req, res, next) => {
      cors(req, res);
      next();
    },
    express.text({ type: () => true, limit: MAX_BATCH_BYTES }),
    async (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const outcome = await ingest({ body, userAgent: req.get('user-agent') });
      if (outcome.ok) {
        res.status(200).json({ accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected });
        return;
      }
      const problem: Problem = outcome.field
        ? { ...invalidField(outcome.field, outcome.error.replace(`${outcome.field}: `, '')), code: problemCodeFor(outcome.status) }
        : { code: problemCodeFor(outcome.status), message: outcome.error };
      problem.retryAfterSec = outcome.retryAfterSec;
      sendProblem(res, problem, { context: outcome.rejected ? { rejected: outcome.rejected } : undefined });
    },
  );
  return router;
}
