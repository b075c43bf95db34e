/**
 * How a failed job is reported: one readable line for the log (the root cause's name and
 * the first line of its message), and the full text for the Job row's `error` column
 * (stack, causes, a child process's stderr).
 *
 * A job run in a child process (app/cli/run-job.ts) fails there; the child writes its
 * cause as one marked JSON line on stderr (`childFailureLine`), and the parent turns the
 * exit into a ChildJobError carrying that cause and the stderr tail.
 */
import { WaymarkError } from '../errors';

const CHILD_FAILURE_MARK = 'waymark-job-failure ';

export interface ErrorCause {
  name: string;
  message: string;
}

/**
 * A job failed in another process: a one-job child that exited non-zero, a job host that
 * died (exit code or signal set), or a job that threw inside a job host that lives on
 * (both null; `stderr` then holds the error's full text as the host reported it).
 */
export class ChildJobError extends WaymarkError {
  override name = 'ChildJobError';
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    /** what the child reported as its failure, when it got that far */
    readonly childCause: ErrorCause | undefined,
    /** the last part of the child's stderr */
    readonly stderr: string,
  ) {
    super(childCause ? `${childCause.name}: ${childCause.message}` : `job process exited with ${signal ?? exitCode}`);
  }
}

/** The line a job's child process writes to stderr when it fails (read back by parseChildFailure). */
export function childFailureLine(error: unknown): string {
  const cause = rootCause(error);
  return `${CHILD_FAILURE_MARK}${JSON.stringify(cause)}\n`;
}

/** The last failure line in a child's stderr, if any. */
export function parseChildFailure(stderr: string): ErrorCause | undefined {
  const at = stderr.lastIndexOf(CHILD_FAILURE_MARK);
  if (at < 0) return undefined;
  const line = stderr.slice(at + CHILD_FAILURE_MARK.length).split('\n', 1)[0];
  try {
    const v = JSON.parse(line) as Partial<ErrorCause>;
    return typeof v.name === 'string' && typeof v.message === 'string' ? { name: v.name, message: v.message } : undefined;
  } catch {
    return undefined;
  }
}

/** The innermost error of a `cause` chain (a child's reported cause counts as one), as name + message. */
export function rootCause(error: unknown): ErrorCause {
  let e: unknown = error;
  for (let depth = 0; depth < 10; depth++) {
    if (e instanceof ChildJobError) return e.childCause ?? { name: e.name, message: e.message };
    if (e instanceof Error && e.cause !== undefined) e = e.cause;
    else break;
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** `ConfigError: first line of the message` (the root cause). */
export function errorSummary(error: unknown): string {
  const { name, message } = rootCause(error);
  const first = message.split('\n').find((l) => l.trim()) ?? '';
  return first ? `${name}: ${first.trim()}` : name;
}

/** Everything known about the failure, for the Job row: stacks down the cause chain, a child's stderr. */
export function errorDetail(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 10 && e !== undefined; depth++) {
    if (e instanceof ChildJobError) {
      if (e.exitCode === null && e.signal === null) parts.push(`${e.name}: ${e.message} (in the job host process)`, e.stderr);
      else parts.push(`${e.name}: ${e.message} (exit ${e.signal ?? e.exitCode})`, e.stderr ? `child stderr (tail):\n${e.stderr}` : 'child stderr: (empty)');
      break;
    }
    if (e instanceof Error) {
      parts.push(depth === 0 ? e.stack ?? `${e.name}: ${e.message}` : `caused by: ${e.stack ?? `${e.name}: ${e.message}`}`);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join('\n');
}
