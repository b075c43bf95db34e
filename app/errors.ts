/** Faults throw; expected bad input is returned as a value (see app/ingest). */
export class WaymarkError extends Error {
  override name = 'WaymarkError';
}

/** An error with an HTTP status, rendered as JSON by the single error handler in server.ts. */
export class HttpError extends WaymarkError {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}
