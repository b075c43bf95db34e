import { WaymarkError } from '../ml/errors';

export { WaymarkError };

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

/**
 * The shop's stored offline token can no longer be used or refreshed (revoked, refresh
 * token expired, app uninstalled). The shop is marked "needs re-authentication"; the next
 * session token from the embedded admin repairs it by token exchange.
 */
export class ReauthRequiredError extends WaymarkError {
  override name = 'ReauthRequiredError';
  constructor(
    readonly shop: string,
    readonly reason: string,
  ) {
    super(`${shop} needs re-authentication: ${reason}`);
  }
}
