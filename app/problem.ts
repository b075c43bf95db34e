/**
 * Expected bad input, as a value. A domain function that cannot do what was asked (a
 * malformed field, an unknown id, a conflicting job) returns a Problem instead of throwing;
 * faults still throw (WaymarkError, app/errors.ts). Every route and the one error handler
 * send a Problem to clients in one shape, `{ "error": { code, message, fields?, reference? } }`
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
  /**
   * internal: a short id that is also in the server's log line for the fault, so a merchant
   * who quotes it to support leads to the log (app/http/error-handler.ts).
   */
  reference?: string;
}

/** What a domain function returns when a request may be refused as expected bad input. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(code: ProblemCode, message: string, retryAfterSec?: number): { ok: false; problem: Problem } {
  return { ok: false, problem: { code, message, ...(retryAfterSec === undefined ? {} : { retryAfterSec }) } };
}

/** A zod issue as a FieldIssue: its dotted path (the root, e.g. `body`, when the path is empty) and its message. */
export function fieldIssue(issue: { path: readonly PropertyKey[]; message: string }, root = 'body'): FieldIssue {
  return { path: issue.path.map(String).join('.') || root, message: issue.message };
}

/** The first issue of a zod failure, for answers that name one field. */
export function firstIssue(error: z.ZodError, root = 'body'): FieldIssue {
  return error.issues.length ? fieldIssue(error.issues[0], root) : { path: root, message: 'invalid' };
}

/** The one way a validation message reads: `path: message`. */
export function describeIssue(issue: { path: readonly PropertyKey[]; message: string }, root = 'body'): string {
  return describeField(fieldIssue(issue, root));
}

/** A FieldIssue as that one message. */
export function describeField(field: FieldIssue): string {
  return `${field.path}: ${field.message}`;
}

/** A zod failure as a Problem: every issue in `fields`, the first one in `message`. */
export function invalidInput(error: z.ZodError, root = 'body'): Problem {
  const fields = error.issues.map((issue) => fieldIssue(issue, root));
  return { code: 'invalid_input', message: describeField(firstIssue(error, root)), fields };
}

/** One invalid field as a Problem. */
export function invalidField(path: string, message: string): Problem {
  return { code: 'invalid_input', message: describeField({ path, message }), fields: [{ path, message }] };
}

/** Parses `input` with `schema`: the data, or the Problem naming what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'body'): Result<z.infer<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : { ok: false, problem: invalidInput(parsed.error, root) };
}
