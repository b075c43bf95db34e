import { WaymarkError } from '../ml/errors';

export { WaymarkError };

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
