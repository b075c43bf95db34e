/**
 * Sends a Problem (app/problem.ts) as `{ "error": { code, message, fields?, reference? } }` with the
 * code's HTTP status. Written for node's ServerResponse, so the plain app proxy handler and
 * Express (whose Response is one) use the same function.
 */
import type { ServerResponse } from 'node:http';
import type { Problem, ProblemCode, Result } from '../problem';

export const PROBLEM_STATUS: Record<ProblemCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The code for an HTTP error status (e.g. a body parser's 413), `invalid_input` for other 4xx. */
export function problemCodeFor(status: number): ProblemCode {
  const code = (Object.keys(PROBLEM_STATUS) as ProblemCode[]).find((c) => PROBLEM_STATUS[c] === status);
  return code ?? (status >= 500 ? 'internal' : 'invalid_input');
}

/** Writes a JSON answer (no Express needed). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

/**
 * Sends the problem. `context` adds answer data beside `error` (e.g. the jobId of the
 * training that is already running); a problem's retryAfterSec becomes the Retry-After header.
 */
export function sendProblem(
  res: ServerResponse,
  problem: Problem,
  opts: { headers?: Record<string, string>; context?: Record<string, unknown> } = {},
): void {
  const { retryAfterSec, ...error } = problem;
  const headers = retryAfterSec === undefined ? opts.headers : { 'Retry-After': String(Math.ceil(retryAfterSec)), ...opts.headers };
  sendJson(res, PROBLEM_STATUS[problem.code], { ...opts.context, error }, headers);
}

/** Sends a domain Result: its value as JSON (status `okStatus`), or its Problem. */
export function sendResult<T>(res: ServerResponse, result: Result<T>, okStatus = 200): void {
  if (result.ok) sendJson(res, okStatus, result.value);
  else sendProblem(res, result.problem);
}
