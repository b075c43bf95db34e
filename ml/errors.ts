/**
 * The base of every Waymark fault. It lives in the pure layer so ml/ can extend it without importing
 * app/; app/errors.ts re-exports it. Faults throw; expected bad input is returned as a value (see app/ingest).
 */
export class WaymarkError extends Error {
  override name = 'WaymarkError';
}

/** A training stopped by its abort signal (a cancelled job). */
export class TrainingCancelledError extends WaymarkError {
  override name = 'TrainingCancelledError';
}
