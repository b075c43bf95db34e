/**
 * The last two handlers of the Express app: unknown paths (404) and the one error handler.
 * Express's own 4xx errors (a body parser's bad JSON or too-large body) are the client's
 * bad input and answer as a Problem (a 4xx without a code of its own as invalid_input, 400); anything else is a fault: logged, counted, 500.
 * A 500 carries a `reference` that is also in its log line: the admin page shows it, so a
 * merchant who contacts support can name the fault without seeing its details.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { problemCodeFor, sendProblem } from './send-problem';
import type { Problem } from '../problem';

export const notFound: RequestHandler = (_req, res) => sendProblem(res, { code: 'not_found', message: 'not found' });

export function createErrorHandler({ logger, metrics }: { logger: Logger; metrics: Metrics }): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      const message = e.type === 'entity.too.large' ? 'request body too large' : (e.message ?? 'bad request');
      return sendProblem(res, { code: problemCodeFor(status), message });
    }
    const problem = faultProblem({ logger, metrics }, err, 'unhandled error');
    if (res.headersSent) return void res.destroy();
    sendProblem(res, problem);
  };
}

/**
 * A fault, as every 500 of the app reports it (this handler, and the storefront paths outside
 * Express's error handling: /ingest and the app proxy): logged once with a new `reference`,
 * counted, and the 500 Problem that carries the same reference.
 */
export function faultProblem({ logger, metrics }: { logger: Logger; metrics: Metrics }, err: unknown, logMessage: string): Problem {
  const reference = newReference();
  logger.error({ err, reference }, logMessage);
  metrics.count('http_500');
  return { code: 'internal', message: 'internal error', reference };
}

/** Eight hex characters: short enough to read out, unique enough to find one log line. */
function newReference(): string {
  return randomBytes(4).toString('hex');
}
