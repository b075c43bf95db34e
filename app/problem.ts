/**
 * Expected bad input, as a value. A domain function that cannot do what was asked (a
 * malformed field, an unknown id, a conflicting job) returns a Problem instead of throwing;
 * faults still throw (WaymarkError, app/errors.ts). Every route and the one error handler
 * send a Problem to clients in one shape, `{ "error": { code, message, fields? } }`
 * (app/http/send-problem.ts), so the admin page, tests and scripts read errors one way.
 */
import type { z } from 'zod';

export const PROBLEM_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'too_large',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One invalid input: where (a dotted path, e.g. `merchandising.pins.0`) and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface Problem {
  code: ProblemCode;
  /** A sentence for people; for invalid input it starts with the field (`limit: too big`). */
  message: string;
  /** invalid_input: every field at fault, the first one named in `message` */
  fields?: FieldIssue[];
  /** when asking again makes sense (sent as the Retry-After header, not in the body) */
  retryAfterSec?: number;
}

/** What a domain function returns when a request may be refused as expected bad input. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(code: ProblemCode, message: string, retryAfterSec?: number): { ok: false; problem: Problem } {
  return { ok: false, problem: { code, message, ...(retryAfterSec === undefined ? {} : { retryAfterSec }) } };
}

/** The one way a validation message reads: `path: message` (the root, e.g. `body`, when the path is empty). */
export function describeIssue(issue: { path: readonly PropertyKey[]; message: string }, root = 'body'): string {
  return `${issuePath(issue, root)}: ${issue.message}`;
}

function issuePath(issue: { path: readonly PropertyKey[] }, root: string): string {
  return issue.path.map(String).join('.') || root;
}

/** A zod failure as a Problem: every issue in `fields`, the first one in `message`. */
export function invalidInput(error: z.ZodError, root = 'body'): Problem {
  const fields = error.issues.map((issue) => ({ path: issuePath(issue, root), message: issue.message }));
  return { code: 'invalid_input', message: error.issues.length ? describeIssue(error.issues[0], root) : `${root}: invalid`, fields };
}

/** One invalid field as a Problem. */
export function invalidField(path: string, message: string): Problem {
  return { code: 'invalid_input', message: `${path}: ${message}`, fields: [{ path, message }] };
}

/** Parses `input` with `schema`: the data, or the Problem naming what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'body'): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : { ok: false, problem: invalidInput(parsed.error, root) };
}
